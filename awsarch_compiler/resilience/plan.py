"""The files, the deployment order and the summary of a multi-region compile.

Files: ``<primary>/`` and ``<secondary>/`` hold each region's root and nested stacks,
``<secondary>/storage/`` what must exist there first (replica buckets, backup & restore's vault), ``global/`` the DNS stack. The manifest
lists every template and the steps to deploy, in order, each with its region, stack name, root
template and the parameters to pass, named with the stack and output that provide them: a stack
cannot reference another region's, so these values travel from ``describe-stacks`` to
``--parameter-overrides``.
"""
from __future__ import annotations

import json
import os

from .. import __version__
from ..core.diagnostics import Diagnostic, warning
from ..core.model import Architecture
from ..core.output import sha256
from ..core.recovery import RegionPlan
from . import strategies
from .secondary import staying

def folder(key: str, plans: tuple) -> str:
    if key == "primary":
        return plans[0].primary
    if key == "secondary":
        return plans[0].secondary
    return f"{plans[0].secondary}/storage" if key == "storage" else "global"


def files(compiled: dict, plans: tuple) -> tuple[dict, dict]:
    out, stats = {}, {}
    for key, region in compiled.items():
        for name, text in region.files.items():
            out[f"{folder(key, plans)}/{name}"] = text
            stats[f"{folder(key, plans)}/{name}"] = region.stats[name]
    return out, stats


def _root(region) -> str:
    return next(iter(region.files))


def _parameters(region, sources: dict) -> dict:
    """Root parameter -> where its value comes from (a step's output), for the ones another stack provides."""
    wired = {}
    for name in region.root_parameters:
        for prefix, step in sources.items():
            if name.startswith(prefix) and name[len(prefix):] in step["outputs"]:
                wired[name] = {"step": step["step"], "output": name[len(prefix):]}
    return wired


def deploy_steps(arch: Architecture, compiled: dict, plans: tuple) -> list[dict]:
    strategy = plans[0].strategy
    order = ["storage", "primary", "secondary", "global"]
    steps, sources = [], {}
    for key in order:
        if key not in compiled:
            continue
        region = compiled[key]
        step = {"step": len(steps) + 1, "stack": _root(region).rsplit(".", 1)[0], "region": region.region,
                "template": f"{folder(key, plans)}/{_root(region)}",
                "when": "at recovery, after restoring the data (see the runbook)"
                if key == "secondary" and strategy == "backup-restore" else "now"}
        pre = {"": sources.get("Primary", {})} if key == "secondary" else dict(sources)
        wired = _parameters(region, {p: s for p, s in pre.items() if s})
        if wired:
            step["parameters"] = wired
        steps.append(step)
        info = {"step": step["step"], "outputs": set(region.root_outputs)}
        if key == "primary":
            sources["Primary"] = info
            if strategy == "backup-restore":
                sources[""] = info
        elif key == "secondary":
            sources["Secondary"] = info
    return steps


def manifest(arch: Architecture, source_name: str, all_files: dict, stats: dict, compiled: dict, plans: tuple) -> str:
    dr = plans[0].dr
    data = {
        "architecture": arch.name,
        "source": os.path.basename(source_name),
        "compiler": f"awsarch-compile {__version__}",
        "disaster_recovery": {"strategy": dr.strategy, "primary": plans[0].primary, "secondary": dr.secondary,
                              "global": "us-east-1", "rto_minutes": strategies.rto(dr.strategy)},
        "deploy": deploy_steps(arch, compiled, plans),
        "templates": [{"file": name, "sha256": sha256(text), "bytes": len(text.encode("utf-8")), **stats[name]}
                      for name, text in all_files.items()],
        "lint": {folder(key, plans): {"region": region.region,
                                      "errors": sum(f.severity == "error" for f in region.findings),
                                      "warnings": sum(f.severity == "warning" for f in region.findings)}
                 for key, region in compiled.items()},
    }
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def summary(arch: Architecture, second: Architecture, plans: tuple, compiled: dict) -> list[str]:
    """Per region what was generated, and each data store's expected RPO and the strategy's RTO."""
    dr = plans[0].dr
    out = [f"disaster_recovery: {dr.strategy}, {plans[0].primary} -> {dr.secondary}; expected RTO "
           f"{strategies.rto(dr.strategy)} min; idle in the secondary: {strategies.IDLE_COST[dr.strategy]}"]
    for key, region in compiled.items():
        count = sum(s["resources"] for s in region.stats.values())
        out.append(f"disaster_recovery: {folder(key, plans)}/ ({region.region}): {len(region.files)} templates, "
                   f"{count} resources")
    for comp in arch.components.values():
        found = arch.kind(comp.name).data_recovery(comp, arch, dr.strategy) if dr.follows(comp.name) else None
        if found is not None:
            out.append(f"disaster_recovery: components.{comp.name}: {found.mechanism}; expected RPO "
                       f"{found.rpo_minutes:g} min")
    for name in staying(arch, plans[1]):
        why = dr.choice(name).reason or ("global: one copy serves both regions" if dr.follows(name) else
                                         "single_region")
        out.append(f"disaster_recovery: components.{name} stays in {plans[0].primary} ({why})")
    return out


def warnings(arch: Architecture, plan: RegionPlan, second: Architecture) -> list[Diagnostic]:
    """A following component that uses one that stays behind loses that access in the secondary."""
    gone = set(staying(arch, plan)) - {c for c in arch.components if plan.dr.follows(c)}
    out = []
    for comp in second.components.values():
        for target in arch.components[comp.name].uses:
            if target in gone:
                out.append(warning("W938", f"'{comp.name}' follows into {plan.secondary} and uses '{target}', "
                                           "which stays in the primary region", ("components", comp.name, "uses",
                                                                                target),
                                   f"mark {comp.name} single_region too, or let {target} follow"))
    return out
