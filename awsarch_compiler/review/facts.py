"""What the rules ask of the model: the profile, entry points, alarms, placement, references."""
from __future__ import annotations

from typing import Optional

from ..core.context import placement_tier
from ..core.model import Architecture, Component

ENTRY_TYPES = ("api", "static-site")  # plus internet-facing load balancers
RUNNERS = ("instance-group", "container-service")  # compute that runs whether or not anything calls it
ASYNC_SOURCES = ("bucket", "topic")  # services that invoke a function asynchronously (and a schedule)


def production(arch: Architecture) -> bool:
    return arch.review.profile == "production"


def development(arch: Architecture) -> bool:
    return arch.review.profile == "development"


def of(arch: Architecture, *type_names: str) -> list[Component]:
    return arch.of_type(*type_names)


def internet_facing(comp: Component) -> bool:
    return comp.type == "load-balancer" and getattr(comp, "scheme", "internet-facing") == "internet-facing"


def entry_points(arch: Architecture) -> list[Component]:
    """What the internet reaches directly: internet-facing load balancers, APIs and static sites."""
    return [c for c in arch.components.values() if c.type in ENTRY_TYPES or internet_facing(c)]


def alarmed(arch: Architecture, name: str, metric: Optional[str] = None) -> bool:
    return any(a.component == name and (metric is None or a.metric == metric) for a in arch.monitoring.alarms)


def dns_targets(arch: Architecture) -> set:
    return {target for _host, target in arch.dns.aliases()} if arch.dns else set()


def failure_destinations(arch: Architecture) -> set:
    """Components a trigger sends its failed batches to (a stream trigger's failure_destination)."""
    return {getattr(e.detail, "failure_destination", None) for e in arch.edges if e.kind == "trigger"} - {None}


def referenced(arch: Architecture, name: str) -> bool:
    """Any reference to or from the component: an edge either way, a DNS record or a failure destination."""
    return bool(arch.edges_to(name) or arch.edges_from(name)) or name in dns_targets(arch) \
        or name in failure_destinations(arch)


def behind_waf(arch: Architecture, name: str) -> bool:
    """A static site with waf: true routes a path to the component (CloudFront filters its traffic)."""
    return any(getattr(arch.components[e.source], "waf", False) for e in arch.edges_to(name, "origin"))


def tier_of(arch: Architecture, comp: Component):
    return placement_tier(arch, comp, arch.kind(comp.name))


def routes_out(arch: Architecture, comp: Component) -> bool:
    """Whether the component reaches the internet: outside the VPC, or in a public or NAT-routed tier."""
    if not arch.kind(comp.name).needs_vpc(comp) or arch.network is None:
        return True
    tier = tier_of(arch, comp)
    return tier is None or arch.network.routes_out(tier)


def function_triggers(arch: Architecture, fn: Component) -> list:
    """(source component or None for a schedule, trigger, index) of a function's triggers."""
    out = []
    for i, trigger in enumerate(getattr(fn, "triggers", ())):
        source = trigger.source
        out.append((arch.components.get(source) if source else None, trigger, i))
    return out
