"""References to resources that live in another region's stacks (``Context.externals``).

In the secondary region, a global table's replica, a replicated bucket and the primary's master secret
are not resources of its own stacks: the type that made them there records, per logical ID and
attribute (None: ``Ref``), what names them instead — a deterministic name or ARN, or a root parameter.
Before assembly every ``Ref``, ``Fn::GetAtt`` and ``Fn::Sub`` token that names one is replaced by that
value, so stack assembly sees only references to resources of the region's own stacks.
"""
from __future__ import annotations

import re

from ..core.context import Context

SUB_TOKEN = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}")


class Rendered:
    """A generated resource whose template body was rewritten (all that assembly asks of it)."""

    def __init__(self, resource, body: dict):
        self.title = resource.title
        self.resource_type = getattr(resource, "resource_type", None)
        self.body = body

    def to_dict(self) -> dict:
        return self.body


def _plain(value):
    return value.to_dict() if hasattr(value, "to_dict") else value


def _sub(arg, externals: dict):
    text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], rewrite(dict(arg[1]), externals))

    def swap(match):
        name, attr = match.group(1), match.group(2)
        if name in variables or attr not in externals.get(name, {}):
            return match.group(0)
        value = _plain(externals[name][attr])
        if isinstance(value, str):
            return value
        alias = name + (attr or '').replace('.', '')
        variables[alias] = value
        return "${" + alias + "}"

    text = SUB_TOKEN.sub(swap, text)
    return {"Fn::Sub": [text, dict(sorted(variables.items()))] if variables else text}


def rewrite(value, externals: dict):
    if isinstance(value, list):
        return [rewrite(v, externals) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str) and None in externals.get(arg, {}):
            return _plain(externals[arg][None])
        if key == "Fn::GetAtt":
            name, attr = arg.split(".", 1) if isinstance(arg, str) else arg
            if attr in externals.get(name, {}):
                return _plain(externals[name][attr])
        if key == "Fn::Sub":
            return _sub(arg, externals)
    return {k: rewrite(v, externals) for k, v in value.items()}


def substitute(ctx: Context) -> Context:
    """Name the other region's resources in every resource and root output of ``ctx``."""
    if not ctx.externals:
        return ctx
    for entry in ctx.entries.values():
        body = entry.resource.to_dict()
        new = rewrite(body, ctx.externals)
        if new != body:
            entry.resource = Rendered(entry.resource, new)
    return ctx
