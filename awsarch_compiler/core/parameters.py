"""Root template parameters from the DSL's ``parameters:`` section, and the fields that use them.

A component field that takes a parameter is written ``{param: NAME}``. Before the
schema runs (:mod:`awsarch_compiler.schema.parameters`), each such value is
replaced by a *tagged* copy of the parameter's check value (its default, else
its first allowed value): a ``str``/``int``/``float`` that remembers the
parameter's name and the DSL path. Every check, the review and the cost
estimate see an ordinary value; generation passes it into exactly one
property. :func:`declare` then adds every used parameter to the root template
(type, allowed values, default, label and group in
``AWS::CloudFormation::Interface``) and :func:`substitute` replaces each tagged
value in the generated resources by ``Ref NAME``; stack assembly passes the
root parameter to the nested stack that needs it.
"""
from __future__ import annotations

from troposphere import BaseAWSObject, Parameter, Ref

from .diagnostics import Diagnostic, error, warning

INTERFACE = "AWS::CloudFormation::Interface"
TYPES = {"string": "String", "number": "Number"}


class _Tagged:
    """Mixin: the parameter a value stands for and the DSL path that named it."""

    param: str
    where: tuple

    def __reduce__(self):
        return (tagged, (self._plain(), self.param, self.where))

    def __deepcopy__(self, memo):
        return self


class ParamStr(_Tagged, str):
    def _plain(self):
        return str(self)


class ParamInt(_Tagged, int):
    def _plain(self):
        return int(self)


class ParamFloat(_Tagged, float):
    def _plain(self):
        return float(self)


def tagged(value, param: str, where: tuple):
    """``value`` tagged with the parameter ``param`` that supplies it at ``where``."""
    kind = ParamStr if isinstance(value, str) else ParamInt if isinstance(value, int) else ParamFloat
    out = kind(value)
    out.param, out.where = param, tuple(where)
    return out


def is_tagged(value) -> bool:
    return isinstance(value, _Tagged)


def uses(arch) -> dict:
    """DSL path -> parameter name of every field that takes a parameter, in DSL order."""
    out = {}
    for comp in arch.components.values():
        for field in arch.kind(comp.name).parameter_fields:
            value = getattr(comp, field, None)
            if is_tagged(value):
                out[value.where] = value.param
    return out


def _definition(name: str, spec: dict) -> Parameter:
    props = {"Type": TYPES[spec.get("type", "string")]}
    for key, prop in (("description", "Description"), ("default", "Default"), ("allowed", "AllowedValues"),
                      ("pattern", "AllowedPattern"), ("min", "MinValue"), ("max", "MaxValue")):
        if key in spec:
            props[prop] = list(spec[key]) if key == "allowed" else spec[key]
    if spec.get("sensitive"):
        props["NoEcho"] = True
    return Parameter(name, **props)


def declare(ctx) -> list[Diagnostic]:
    """Every used parameter as a root parameter, with the launch form's labels and groups."""
    specs, used = dict(ctx.arch.parameters), set(uses(ctx.arch).values())
    diags, groups, labels = [], {}, {}
    for name, spec in specs.items():
        path = ("parameters", name)
        if name not in used:
            diags.append(warning("W407", f"parameter '{name}' is used by no component field, so the root template "
                                         "leaves it out", path, "use it as {param: " + name + "} in a field, or "
                                                                "remove it"))
            continue
        if name in ctx.parameters:
            diags.append(error("E408", f"parameter '{name}' has the name of a root parameter the compiler generates",
                               path, "rename it (the generated one is listed in the compile summary)"))
            continue
        ctx.add_parameter(_definition(name, spec))
        if "label" in spec:
            labels[name] = {"default": spec["label"]}
        if "group" in spec:
            groups.setdefault(spec["group"], []).append(name)
    interface = {}
    if groups:
        interface["ParameterGroups"] = [{"Label": {"default": g}, "Parameters": p} for g, p in groups.items()]
    if labels:
        interface["ParameterLabels"] = labels
    if interface:
        ctx.metadata[INTERFACE] = interface
    return diags


def _walk(value, found: set):
    if is_tagged(value):
        found.add(value.where)
        return Ref(value.param)
    if isinstance(value, BaseAWSObject):
        for key, inner in list(value.properties.items()):
            value.properties[key] = _walk(inner, found)
        return value
    if isinstance(value, list):
        return [_walk(v, found) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, found) for k, v in value.items()}
    return value


def substitute(ctx) -> list[Diagnostic]:
    """``Ref NAME`` for every tagged value in the generated resources; E409 where one was not emitted as is."""
    found: set = set()
    for entry in ctx.entries.values():
        _walk(entry.resource, found)
    return [error("E409", f"{'.'.join(map(str, where))} cannot take parameter '{name}': the compiler does not pass "
                          "this value into the template unchanged", where,
                  "write the value itself")
            for where, name in uses(ctx.arch).items() if where not in found]

