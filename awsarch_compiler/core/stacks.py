"""Stage: assemble. Resources -> one nested stack per layer, wired at the root.

Generators refer to each other with plain ``Ref``/``Fn::GetAtt``/``Fn::Sub``
by logical ID. Here every reference that crosses a stack becomes an Output
of the owning stack, a Parameter of the using stack, and the root's
``!GetAtt Owner.Outputs.X`` between them, named after what it carries
(``DbSecurityGroupGroupId``), never after where it sits. Stack dependency
cycles and CloudFormation quotas are checked here.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from . import split, tables
from .context import Context
from .diagnostics import Diagnostic, did_you_mean, error, warning
from .naming import pascal, stack_file, stack_logical_id

PSEUDO = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
          "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"}
ROOT = None  # the root template's "layer"
SUB_TOKEN = re.compile(r"\$\{(?!!)([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}")
QUOTAS = {"resources": 500, "parameters": 200, "outputs": 200}
BODY_LIMIT = 1_000_000  # a template CloudFormation reads from S3, as nested ones and a packaged root are
INLINE_LIMIT = 51_200  # a template body sent inline (``aws cloudformation deploy`` without --s3-bucket)
WARN_AT = 0.8


@dataclass
class Template:
    file: str
    layer: str | None
    description: str
    parameters: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)  # Mappings, Conditions: those its resources use
    resources: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)  # logical ID -> DSL path of the component that made it
    metadata: dict = field(default_factory=dict)  # the root's AWS::CloudFormation::Interface

    def to_dict(self) -> dict:
        out = {"AWSTemplateFormatVersion": "2010-09-09", "Description": self.description, "Metadata": self.metadata,
               "Parameters": dict(sorted(self.parameters.items())), **self.sections,
               "Resources": dict(sorted(self.resources.items())), "Outputs": dict(sorted(self.outputs.items()))}
        return {key: value for key, value in out.items() if value or key in ("Resources", "Description")}


@dataclass
class Bundle:
    root: Template
    children: list  # Templates in layer order

    @property
    def templates(self) -> list:
        return [self.root] + self.children


def _merge(base: dict, patch: dict) -> dict:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


class _Wiring:
    """Rewrites references that leave a template, recording what must be wired."""

    def __init__(self, where: dict, root_params: dict):
        self.where = where  # logical ID -> layer
        self.root_params = root_params
        self.imports: dict = {}  # (consumer, param) -> (owner, value expression)
        self.depends: set = set()  # (consumer layer, owner layer)
        self.errors: list[Diagnostic] = []

    def _import(self, consumer, name, attr, path):
        if name in self.root_params and attr is None:
            if consumer is ROOT:
                return {"Ref": name}
            self.imports[(consumer, name)] = (ROOT, {"Ref": name})
            return {"Ref": name}
        owner = self.where.get(name, "?")
        if owner == "?":
            self.errors.append(error("E504", f"reference to unknown resource '{name}'", path,
                                     did_you_mean(name, self.where)))
            return {"Ref": name}
        param = name + ("" if attr is None else pascal(attr.replace(".", "-")))
        value = {"Ref": name} if attr is None else {"Fn::GetAtt": [name, attr]}
        self.imports[(consumer, param)] = (owner, value)
        if consumer is ROOT:
            return {"Fn::GetAtt": [stack_logical_id(owner), f"Outputs.{param}"]}
        return {"Ref": param}

    def _local(self, layer, name) -> bool:
        return name in PSEUDO or self.where.get(name, "?") == layer

    def rewrite(self, value, layer, path):
        if isinstance(value, list):
            return [self.rewrite(v, layer, path) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and isinstance(arg, str):
                return value if self._local(layer, arg) else self._import(layer, arg, None, path)
            if key == "Fn::GetAtt":
                name, attr = (arg.split(".", 1) if isinstance(arg, str) else arg)
                return value if self._local(layer, name) else self._import(layer, name, attr, path)
            if key == "Fn::Sub":
                text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
                variables = {k: self.rewrite(v, layer, path) for k, v in variables.items()}

                def swap(match):
                    name, attr = match.group(1), match.group(2)
                    if name in variables or self._local(layer, name):
                        return match.group(0)
                    new = self._import(layer, name, attr, path)
                    if "Ref" in new:
                        return "${" + new["Ref"] + "}"
                    alias = name + (pascal(attr.replace(".", "-")) if attr else "")
                    variables[alias] = new
                    return "${" + alias + "}"

                text = SUB_TOKEN.sub(swap, text)
                return {"Fn::Sub": [text, dict(sorted(variables.items()))] if variables else text}
        return {k: self.rewrite(v, layer, path) for k, v in value.items()}

    def depends_on(self, resource: dict, layer):
        deps = resource.get("DependsOn")
        if deps is None:
            return
        deps = [deps] if isinstance(deps, str) else list(deps)
        local = sorted(d for d in deps if self._local(layer, d))
        for d in deps:
            if not self._local(layer, d) and d in self.where:
                self.depends.add((layer, self.where[d]))
        if local:
            resource["DependsOn"] = local if len(local) > 1 else local[0]
        else:
            del resource["DependsOn"]


def _cycle(edges: set) -> list | None:
    graph: dict = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    state: dict = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph.get(node, ()), key=str):
            if state.get(nxt) == 1:
                return trail + [node, nxt]
            if nxt not in state:
                found = visit(nxt, trail + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for node in sorted(graph, key=str):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def _render(ctx: Context) -> tuple[dict, list[Diagnostic]]:
    """Every resource as a dict, with the architecture's ``overrides`` merged in."""
    diags: list[Diagnostic] = []
    rendered: dict = {}
    for logical, entry in ctx.entries.items():
        try:
            rendered[logical] = entry.resource.to_dict()
        except (ValueError, TypeError, KeyError) as exc:
            diags.append(error("E503", f"{logical}: {exc}", entry.dsl_path))
    for logical, patch in ctx.arch.overrides.items():
        if logical not in rendered:
            diags.append(error("E505", f"no generated resource has the logical ID '{logical}'", ("overrides", logical),
                               did_you_mean(logical, rendered)))
            continue
        _merge(rendered[logical], _thaw(patch))
    return rendered, diags


def _wire(children: dict, wiring: _Wiring, root_params: dict) -> dict:
    """Outputs and Parameters for every reference that crosses a stack; the root's parameters per stack."""
    stack_params: dict = {layer: {} for layer in children}
    for (consumer, param), (owner, value) in sorted(wiring.imports.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        if owner is not ROOT:
            children[owner].outputs[param] = {"Description": f"{value.get('Ref') or '.'.join(value['Fn::GetAtt'])}",
                                              "Value": value}
        if consumer is ROOT:
            continue
        if owner is ROOT:
            definition = {"Type": _child_type(root_params[param].get("Type", "String"))}
            if "Description" in root_params[param]:
                definition["Description"] = root_params[param]["Description"]
            children[consumer].parameters[param] = definition
            stack_params[consumer][param] = {"Ref": param}
        else:
            children[consumer].parameters[param] = {"Type": "String"}
            stack_params[consumer][param] = {"Fn::GetAtt": [stack_logical_id(owner), f"Outputs.{param}"]}
            wiring.depends.add((consumer, owner))
    return stack_params


def _stack_resource(ctx: Context, child: Template, params: dict, wiring: _Wiring, template_url_base: str | None) -> dict:
    """The root's AWS::CloudFormation::Stack for one nested template."""
    layer = child.layer
    props = {"TemplateURL": (template_url_base.rstrip("/") + "/" if template_url_base else "") + child.file}
    if params:
        props["Parameters"] = dict(sorted(params.items()))
    props["Tags"] = [{"Key": k, "Value": v} for k, v in ctx.tag_dict().items()]
    resource = {"Type": "AWS::CloudFormation::Stack", "Properties": props}
    implied = {b for a, b in wiring.depends if a == layer and b != layer}
    via_params = {v["Fn::GetAtt"][0] for v in params.values() if "Fn::GetAtt" in v}
    extra = sorted(stack_logical_id(b) for b in implied if stack_logical_id(b) not in via_params)
    if extra:
        resource["DependsOn"] = extra
    return resource


def assemble(ctx: Context, template_url_base: str | None = None, ext: str = "yaml") -> tuple[Bundle, list[Diagnostic]]:
    """Build the root and nested templates; returns them with any diagnostics."""
    arch = ctx.arch
    rendered, diags = _render(ctx)
    root_params = {name: p.to_dict() for name, p in ctx.parameters.items()}
    root_outputs = {name: output.to_dict() for name, output in ctx.outputs.items()}
    root_refs = set().union(*(split.references({"Properties": o})[0] for o in root_outputs.values()))
    where, split_diags = split.place(rendered, ctx.entries, {c.name for c in arch.components.values() if c.stack},
                                     set(root_params), root_refs)
    diags += split_diags
    wiring = _Wiring(where, root_params)
    layers = sorted(set(where.values()), key=split.stack_order)
    children = {layer: Template(stack_file(arch.name, layer, ext), layer,
                                f"{arch.name}: {layer} stack (generated by awsarch-compile)") for layer in layers}
    for logical, body in rendered.items():
        entry, stack = ctx.entries[logical], where[logical]
        body = wiring.rewrite(body, stack, entry.dsl_path)
        wiring.depends_on(body, stack)
        children[stack].resources[logical] = body
        children[stack].owners[logical] = entry.dsl_path
    root = Template(stack_file(arch.name, None, ext), ROOT, arch.description or f"{arch.name} (generated by awsarch-compile)")
    root.parameters, root.metadata = dict(root_params), dict(ctx.metadata)
    for name, output in root_outputs.items():
        root.outputs[name] = wiring.rewrite(output, ROOT, ())
    diags += wiring.errors
    stack_params = _wire(children, wiring, root_params)
    cycle = _cycle({(a, b) for a, b in wiring.depends if a is not ROOT and a != b})
    if cycle:
        diags.append(error("E501", "the nested stacks would depend on each other in a cycle: "
                           + " -> ".join(cycle), ("components",),
                           "move one component to another stack with 'stack:', or remove the reference that closes the loop"))
    for layer in layers:
        tables.copy_used(ctx, children[layer])
        root.resources[stack_logical_id(layer)] = _stack_resource(ctx, children[layer], stack_params[layer], wiring,
                                                                  template_url_base)
    return Bundle(root, [children[l] for l in layers]), diags


def check_quotas(bundle: Bundle, sizes: dict) -> list[Diagnostic]:
    """Warn at 80 % of a CloudFormation quota, fail above 100 %."""
    out = []
    for tpl in bundle.templates:
        counts = {"resources": len(tpl.resources), "parameters": len(tpl.parameters), "outputs": len(tpl.outputs)}
        checks = [(what, counts[what], QUOTAS[what]) for what in QUOTAS] + [("bytes", sizes[tpl.file], BODY_LIMIT)]
        if tpl.layer is ROOT and sizes[tpl.file] > INLINE_LIMIT:
            out.append(warning("W507", f"{tpl.file} has {sizes[tpl.file]:,} bytes, more than the {INLINE_LIMIT:,} "
                               "CloudFormation accepts inline", (), "deploy it through S3: aws cloudformation deploy "
                               "--s3-bucket BUCKET (or create-stack --template-url)"))
        for what, used, limit in checks:
            fix = ("move components to another nested stack with 'stack: NAME', or split the architecture"
                   if tpl.layer is not ROOT else "shorten descriptions or split the architecture")
            if used > limit:
                out.append(error("E502", f"{tpl.file} has {used:,} {what}; CloudFormation's limit is {limit:,}", (), fix))
            elif used >= WARN_AT * limit:
                out.append(warning("W502", f"{tpl.file} has {used:,} {what}, {used * 100 // limit}% of CloudFormation's limit of {limit:,}", (), fix))
    return out


def _child_type(root_type: str) -> str:
    """A root parameter resolved from SSM (``AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>``) reaches
    the nested stack as its resolved value, so the child declares the inner type."""
    match = re.fullmatch(r"AWS::SSM::Parameter::Value<(AWS::[A-Za-z0-9:]+)>", root_type)
    return match.group(1) if match else "String"


def _thaw(value):
    if hasattr(value, "items"):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value
