"""Resources of one template that depend on each other in a circle: CloudFormation cannot create them.

Two functions that each ``uses: invoke`` the other each need the other's
ARN first; CloudFormation rejects such a template ("circular dependency"),
and without this check only cfn-lint would say so, after the fact, and
``--no-lint`` would write it. :func:`cycle_errors` builds each compiled
template's dependency graph (``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` and
``DependsOn`` between its resources, overrides included), finds every
cycle (strongly connected components, iteratively) and reports each one
once, at the ``uses`` entry that closes it when there is one.
"""
from __future__ import annotations

import re

from .diagnostics import Diagnostic, format_path

SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def references(value, out: set) -> set:
    """Every logical ID ``value`` names through Ref, GetAtt or Sub (iteratively: no recursion limit)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, arg in node.items():
                if key == "Ref" and isinstance(arg, str):
                    out.add(arg)
                elif key == "Fn::GetAtt":
                    name = arg[0] if isinstance(arg, list) and arg else arg.split(".")[0] if isinstance(arg, str) else None
                    if isinstance(name, str):
                        out.add(name)
                elif key == "Fn::Sub":
                    text = arg[0] if isinstance(arg, list) and arg else arg
                    if isinstance(text, str):
                        out.update(SUB_NAME.findall(text))
                    stack.append(arg[1:] if isinstance(arg, list) else None)
                    continue
                stack.append(arg)
        elif isinstance(node, list):
            stack.extend(node)
    return out


def graph(resources: dict) -> dict:
    """Logical ID -> the logical IDs of the same template it needs first."""
    out = {}
    for logical, body in resources.items():
        needs = references(body.get("Properties"), set()) | references(body.get("Metadata"), set())
        depends = body.get("DependsOn")
        needs.update([depends] if isinstance(depends, str) else depends if isinstance(depends, list) else [])
        out[logical] = sorted(n for n in needs if n in resources and isinstance(n, str))
    return out


def strongly_connected(edges: dict) -> list[list[str]]:
    """Tarjan's algorithm without recursion; the components that are cycles, each sorted."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter[0]
                counter[0] += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _closing_uses(arch, paths: list[tuple]) -> list[tuple]:
    """The ``uses`` entries between the cycle's components (``components.a.uses.b``)."""
    names = [p[1] for p in paths if len(p) >= 2 and p[0] == "components"]
    out = []
    for name in names:
        comp = arch.components.get(name)
        for target in (comp.uses if comp is not None else {}):
            if target in names and target != name:
                out.append(("components", name, "uses", target))
    return sorted(set(out))


def cycle_errors(arch, templates) -> list[Diagnostic]:
    """E506 for every dependency cycle inside one compiled template (``templates``: the bundle's)."""
    out = []
    for tpl in templates:
        for group in strongly_connected(graph(tpl.resources)):
            paths = sorted({tuple(tpl.owners.get(logical, ())) for logical in group})
            uses = _closing_uses(arch, paths)
            where = " and ".join(format_path(p) for p in (uses or paths))
            hint = ("CloudFormation creates one resource after another, so one direction has to go: remove one of "
                    + where) if uses else "report the defect with the architecture file"
            out.append(Diagnostic("E506", f"{', '.join(group)} in {tpl.file} each need the other first "
                                          f"(a dependency cycle CloudFormation cannot create)",
                                  uses[0] if uses else (paths[0] if paths else ()), hint=hint))
    return out
