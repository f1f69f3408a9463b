"""The secondary region's architecture: the file's, less what stays in the primary, at the secondary's size.

The secondary is compiled from the same (validated, overlaid) document with ``region`` set to the
secondary region. Components marked ``single_region`` stay out, and so does every component whose
type lives once for both regions (a static site's distribution is global; its bucket is
replicated), with the ``uses`` entries, alarms and DNS records that name them. Each remaining
component's type sets its settings for the secondary (``ComponentType.secondary_settings``: the
capacity of a fleet or service for the strategy, or the file's own choice). DNS records are
generated in the global stack, not in either region's.
"""
from __future__ import annotations

import copy

from ..core.model import Architecture
from ..core.recovery import RegionPlan


def staying(arch: Architecture, plan: RegionPlan) -> list[str]:
    """Components that have no copy in the secondary region, in DSL order."""
    out = []
    for comp in arch.components.values():
        if not plan.dr.follows(comp.name) or arch.kind(comp.name).secondary_settings(comp.name, {}, plan) is None:
            out.append(comp.name)
    return out


def _strip(data: dict, gone: set) -> None:
    for comp in data.get("components", {}).values():
        if isinstance(comp.get("uses"), dict):
            comp["uses"] = {t: m for t, m in comp["uses"].items() if t not in gone}
    monitoring = data.get("monitoring") or {}
    if monitoring.get("alarms"):
        monitoring["alarms"] = [a for a in monitoring["alarms"] if a.get("component") not in gone]
    dns = data.get("dns") or {}
    if dns.get("records"):  # kept for what they tell the components (a load balancer's TLS name); not generated
        dns["records"] = {h: _target(v) for h, v in dns["records"].items() if _target(v) and _target(v) not in gone}
    dns.pop("health_checks", None)  # the global stack checks both regions


def _target(value):
    """The component a record (in any of its forms) aliases, or None."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("target")
    return next((v.get("target") for v in value if v.get("target")), None)


def primary_certificate(region: str) -> str:
    """How every ACM certificate ARN of ``region`` starts."""
    return f"arn:aws:acm:{region}:"


def _swap(value, prefix: str, replacement: str):
    if isinstance(value, str):
        return replacement if value.startswith(prefix) else value
    if isinstance(value, dict):
        return {k: _swap(v, prefix, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v, prefix, replacement) for v in value]
    return value


def secondary_data(data: dict, arch: Architecture, plan: RegionPlan) -> dict:
    """The document the secondary region is compiled from."""
    out = copy.deepcopy(data)
    out["region"] = plan.secondary
    out.pop("disaster_recovery", None)
    gone = set(staying(arch, plan))
    components = {}
    for name, settings in out.get("components", {}).items():
        if name in gone:
            continue
        chosen = plan.dr.choice(name).certificate
        if chosen:
            settings = _swap(settings, primary_certificate(plan.primary), chosen)
        components[name] = arch.kind(name).secondary_settings(name, settings, plan)
    out["components"] = components
    _strip(out, gone)
    return out
