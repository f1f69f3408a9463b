"""The generation context: what generators add resources to and read from.

Generators are pure with respect to the context: they read the model and
the resolved ``uses`` grants, and add troposphere objects with the component
that owns them. References between resources are plain ``Ref``/``GetAtt`` by
logical ID; stack assembly later turns the ones that cross stacks into
Outputs and Parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from troposphere import AWSObject, GetAtt, Output, Parameter, Ref, Tags

from .codepaths import CodePaths, resolve
from .diagnostics import error
from .model import Architecture, Component, Tier
from .naming import LAYERS, security_group_id, subnet_id


@dataclass(frozen=True)
class Grant:
    """What one ``uses`` edge yields: exactly this and nothing broader."""

    source: str
    target: str
    mode: str
    port: Optional[int] = None  # SG rule: source's group -> target's group on this TCP port
    statements: tuple = ()  # awacs Statements for the source's role
    env: tuple = ()  # (NAME, value) plain environment values
    secrets: tuple = ()  # (NAME, secret ARN or Sub) values to inject as secrets, never plain text
    security_group_target: Optional[str] = None  # target group's owner if not the target itself
    mounts: tuple = ()  # (file system logical ID, access point logical ID, mount path) for mount grants


@dataclass
class Entry:
    resource: AWSObject
    component: Optional[str]  # owning DSL component, None for network/global resources
    layer: str
    dsl_path: tuple


@dataclass
class Context:
    arch: Architecture
    registry: dict
    entries: dict = field(default_factory=dict)  # logical ID -> Entry
    parameters: dict = field(default_factory=dict)  # root template parameters
    outputs: dict = field(default_factory=dict)  # root template outputs
    mappings: dict = field(default_factory=dict)  # name -> table; copied into each template that uses it
    conditions: dict = field(default_factory=dict)  # name -> condition; copied into each template that uses it
    audited_buckets: list = field(default_factory=list)  # buckets whose object calls the audit trail records
    grants: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # opt-outs and notable choices for the summary
    diagnostics: list = field(default_factory=list)
    code_paths: Optional[CodePaths] = None  # where local code paths are resolved from and written relative to
    metadata: dict = field(default_factory=dict)  # the root template's Metadata (AWS::CloudFormation::Interface)
    local_code_paths: list = field(default_factory=list)  # (DSL path, code) of every local code path
    recovery: Any = None  # the region's RegionPlan when disaster_recovery: compiles one stack per region
    externals: dict = field(default_factory=dict)  # logical ID -> {attribute or None: value}: in another region (resilience.externals)

    # -- adding -------------------------------------------------------------
    def add(self, resource: AWSObject, component: Component | str | None = None,
            layer: str | None = None, tags: bool = True, path: tuple | None = None) -> AWSObject:
        name = component.name if isinstance(component, Component) else component
        if layer is None:
            layer = self.layer_of(self.arch.components[name]) if name else "network"
        assert layer in LAYERS, layer
        logical = resource.title
        if logical in self.entries:
            owner = self.entries[logical].component
            self.diagnostics.append(error(
                "E401", f"two resources would have the logical ID '{logical}' "
                        f"({owner or 'network'} and {name or 'network'})",
                ("components", name) if name else (),
                "rename one of the components so that their PascalCase names differ"))
            return resource
        if tags:
            self._tag(resource, name)
        if path is None:
            path = ("components", name) if name else ("network",)
        self.entries[logical] = Entry(resource, name, layer, path)
        return resource

    def add_parameter(self, parameter: Parameter) -> Parameter:
        self.parameters.setdefault(parameter.title, parameter)
        return parameter

    def add_mapping(self, name: str, table: dict) -> None:
        """A Mappings table (``Fn::FindInMap`` names it), written into every template that uses it."""
        self.mappings.setdefault(name, table)

    def add_condition(self, name: str, condition: dict) -> None:
        """A Conditions entry (``Fn::If`` names it), written into every template that uses it."""
        self.conditions.setdefault(name, condition)

    def add_output(self, output: Output) -> Output:
        self.outputs[output.title] = output
        return output

    def local_code(self, code: str, path: tuple) -> str:
        """A local code path of the DSL as the templates write it (relative to the output folder)."""
        value, problems = resolve(self.code_paths, code, path)
        self.diagnostics.extend(problems)
        self.local_code_paths.append((tuple(path), code))
        return value

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def suppress(self, resource: AWSObject, check_id: str, reason: str) -> None:
        """Record, in the resource's Metadata, why a security-scanner check does not apply."""
        meta = dict(getattr(resource, "Metadata", None) or {})
        skips = list(meta.get("checkov", {}).get("skip", []))
        skips.append({"id": check_id, "comment": reason})
        meta["checkov"] = {"skip": sorted(skips, key=lambda s: s["id"])}
        resource.Metadata = meta

    # -- tags ---------------------------------------------------------------
    def tag_dict(self, component: str | None = None, **extra) -> dict:
        tags = {"awsarch:architecture": self.arch.name}
        if component:
            tags["awsarch:component"] = component
        tags.update(self.arch.tags)
        if component and component in self.arch.components:
            tags.update(self.arch.components[component].tags)
        tags.update(extra)
        return dict(sorted(tags.items()))

    def tags(self, component: str | None = None, **extra) -> Tags:
        return Tags(self.tag_dict(component, **extra))

    def _tag(self, resource: AWSObject, component: str | None) -> None:
        spec = type(resource).props.get("Tags")
        if spec is None or "Tags" in resource.properties:
            return
        kind = getattr(spec[0], "__name__", "")
        if kind in ("Tags", "validate_tags_or_list"):
            resource.Tags = self.tags(component)
        elif spec[0] is dict:
            resource.Tags = self.tag_dict(component)

    # -- reading ------------------------------------------------------------
    def component(self, name: str) -> Component:
        return self.arch.components[name]

    def kind(self, name: str):
        """The registered ComponentType of component ``name``."""
        return self.registry[self.arch.components[name].type]

    def layer_of(self, component: Component) -> str:
        return component.stack or self.registry[component.type].layer

    def tier_of(self, component: Component) -> Optional[Tier]:
        return placement_tier(self.arch, component, self.registry[component.type])

    def subnet_refs(self, tier: Tier | str) -> list:
        tier_obj = self.arch.network.tier(tier) if isinstance(tier, str) else tier
        return [Ref(subnet_id(tier_obj.name, i)) for i in range(self.arch.network.availability_zones)]

    def vpc_ref(self):
        return Ref("Vpc")

    def security_group(self, component: str):
        return GetAtt(security_group_id(component), "GroupId")

    def grants_from(self, source: str) -> list[Grant]:
        return [g for g in self.grants if g.source == source]

    def grants_to(self, target: str) -> list[Grant]:
        return [g for g in self.grants if g.target == target]

    def statements_for(self, source: str) -> list:
        return [s for g in self.grants_from(source) for s in g.statements]

    def env_for(self, source: str) -> list[tuple[str, Any]]:
        return [pair for g in self.grants_from(source) for pair in g.env]

    def secrets_for(self, source: str) -> list[tuple[str, Any]]:
        return [pair for g in self.grants_from(source) for pair in g.secrets]

    def later_layer(self, *components: Component) -> str:
        """The last of the components' layers in stack order (where a resource joining them goes)."""
        return max((self.layer_of(c) for c in components), key=LAYERS.index)


def placement_tier(arch: Architecture, component: Component, kind) -> Optional[Tier]:
    """The tier a component lands in: its ``subnets``, else its type's default."""
    if arch.network is None:
        return None
    if component.subnets:
        return next((t for t in arch.network.tiers if t.name == component.subnets), None)
    wanted = kind.default_tiers(component)
    return arch.network.first_tier(*wanted) if wanted else None
