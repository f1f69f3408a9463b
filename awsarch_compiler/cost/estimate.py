"""Price every generated resource of an architecture: lines per component, a total, the assumptions."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import compute, data, edge, platform
from .lines import ARCHITECTURE, Job, Line
from .prices import for_region

HANDLERS = {**compute.HANDLERS, **data.HANDLERS, **edge.HANDLERS, **platform.HANDLERS}
EXTRA = data.EXTRA  # a second price for one resource (the secret RDS manages for a database)


@dataclass
class Estimate:
    name: str
    region: str
    env: str | None
    date: str
    source: str
    lines: list = field(default_factory=list)
    assumptions: dict = field(default_factory=dict)  # owner -> [text]

    @property
    def total(self) -> float:
        return sum(line.monthly for line in self.lines)

    def by_component(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.component] = out.get(line.component, 0.0) + line.monthly
        return out

    def unpriced(self) -> list[Line]:
        return [line for line in self.lines if line.unit_price is None]


def _properties(resource) -> dict:
    return resource.to_dict().get("Properties", {})


def estimate(arch, ctx, region: str, env: str | None = None) -> Estimate:
    """The monthly estimate of the generated resources in ``ctx`` at ``region``'s list prices."""
    prices = for_region(region)
    out = Estimate(arch.name, region, env, prices.date, prices.source)
    for logical, entry in ctx.entries.items():
        handlers = [h for h in (HANDLERS.get(entry.resource.resource_type), EXTRA.get(entry.resource.resource_type)) if h]
        for handler in handlers:
            comp = arch.components.get(entry.component) if entry.component else None
            job = Job(logical, entry.resource.resource_type, _properties(entry.resource), comp, prices, ctx)
            handler(job)
            out.lines += job.lines
            known = out.assumptions.setdefault(job.owner, [])
            known += [a for a in job.assumptions if a not in known]
    if arch.dns is not None:
        out.lines.append(Line(ARCHITECTURE, f"Route 53 hosted zone {arch.dns.zone} (alias queries are free)", 1,
                              "zone-months", prices.get("route53", "zone_month")))
    out.assumptions = {k: v for k, v in out.assumptions.items() if v}
    return out
