"""``awsarch-compile explain ARCH.yaml COMPONENT``: what one component becomes.

Its resources (logical ID, CloudFormation type, stack), what each of its
``uses:`` lines grants (the security-group rule, the IAM statements, the
environment values and secrets), what other components' ``uses:`` open to
it, and the opt-outs and notes the compile summary lists for it. Read from
the checked model and the generated resources; nothing is written or linted.
"""
from __future__ import annotations

import argparse
import json
import sys

from .. import inspection
from ..core.diagnostics import did_you_mean

NAME = "explain"
SUMMARY = "what one component becomes: its resources, its uses: grants and rules, its opt-outs"
PROG = f"awsarch-compile {NAME}"


def plain(value):
    """troposphere / awacs objects as plain JSON values."""
    for method in ("JSONrepr", "to_dict"):
        if hasattr(type(value), method):
            return plain(getattr(value, method)())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def short(value) -> str:
    """``{"Fn::GetAtt": ["Db", "Arn"]}`` -> ``Db.Arn``; ``{"Ref": "X"}`` -> ``X``; ``Fn::Sub`` -> its text."""
    value = plain(value)
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if key == "Ref":
            return str(inner)
        if key == "Fn::GetAtt":
            return ".".join(map(str, inner)) if isinstance(inner, list) else str(inner)
        if key == "Fn::Sub":
            return inner if isinstance(inner, str) else str(inner[0])
    if isinstance(value, list):
        return ", ".join(short(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _statement(stmt) -> dict:
    body = plain(stmt)
    actions = body.get("Action", [])
    resources = body.get("Resource", [])
    return {"effect": body.get("Effect"),
            "actions": [a if isinstance(a, str) else str(a) for a in (actions if isinstance(actions, list) else [actions])],
            "resources": [short(r) for r in (resources if isinstance(resources, list) else [resources])]}


def _grant(grant) -> dict:
    return {"source": grant.source, "target": grant.target, "mode": grant.mode, "port": grant.port,
            "statements": [_statement(s) for s in grant.statements],
            "environment": [name for name, _ in grant.env], "secrets": [name for name, _ in grant.secrets]}


def explanation(arch, ctx, name: str) -> dict:
    comp = arch.components[name]
    resources = [{"logical_id": logical, "type": entry.resource.resource_type, "stack": entry.layer}
                 for logical, entry in sorted(ctx.entries.items()) if entry.component == name]
    prefix = (f"components.{name}.", f"components.{name}:", f"components.{name} ")
    return {"component": name, "type": comp.type, "resources": resources,
            "uses": [_grant(g) for g in ctx.grants_from(name)],
            "used_by": [_grant(g) for g in ctx.grants_to(name)],
            "notes": [n for n in ctx.notes if n.startswith(prefix)]}


def _grant_lines(grant: dict, outgoing: bool) -> list[str]:
    other = grant["target"] if outgoing else grant["source"]
    head = f"  {'uses' if outgoing else 'used by'} {other}: {grant['mode']}"
    lines = [head]
    if grant["port"] is not None:
        lines.append(f"    security group: {grant['source']} -> {grant['target']} on TCP {grant['port']}")
    for stmt in grant["statements"]:
        lines.append(f"    IAM {stmt['effect']}: {', '.join(stmt['actions'])}")
        lines.append(f"      on {', '.join(stmt['resources'])}")
    if grant["environment"]:
        lines.append(f"    environment: {', '.join(grant['environment'])}")
    if grant["secrets"]:
        lines.append(f"    secrets: {', '.join(grant['secrets'])}")
    return lines


def as_text(info: dict) -> str:
    lines = [f"{info['component']} ({info['type']}) becomes {len(info['resources'])} resources:"]
    width = max((len(r["logical_id"]) for r in info["resources"]), default=0)
    lines += [f"  {r['logical_id']:<{width}}  {r['type']}  ({r['stack']} stack)" for r in info["resources"]]
    for key, outgoing in (("uses", True), ("used_by", False)):
        if info[key]:
            lines.append("what its uses: grant:" if outgoing else "what other components' uses: open to it:")
            for grant in info[key]:
                lines += _grant_lines(grant, outgoing)
    if info["notes"]:
        lines.append("opt-outs and notes:")
        lines += [f"  {note}" for note in info["notes"]]
    return "\n".join(lines) + "\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Explain what one component of an architecture file "
                                "becomes: resources, grants, security-group rules, opt-outs.",
                                epilog="Exit codes: 0 explained, 1 invalid file, 2 usage error (no such component).")
    p.add_argument("arch", metavar="ARCH.yaml")
    p.add_argument("component", metavar="COMPONENT", help="a name under the file's components:")
    p.add_argument("--env", metavar="NAME", help="explain the named environment overlay")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)

    def body() -> int:
        arch, ctx, _ = inspection.load(args.arch, args.env)
        if args.component not in arch.components:
            hint = did_you_mean(args.component, arch.components) or f"components: {', '.join(arch.components)}"
            print(f"{PROG}: error: no component named '{args.component}' ({hint})", file=sys.stderr)
            return inspection.EXIT_USAGE
        info = explanation(arch, ctx, args.component)
        sys.stdout.write(json.dumps(info, indent=2) + "\n" if args.format == "json" else as_text(info))
        return inspection.EXIT_OK

    return inspection.run(PROG, body)
