"""What an estimate is made of: priced lines, assumptions, and the job each price handler gets."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.annotations import Usage

ARCHITECTURE = "(architecture)"  # the owner of lines no component owns: network, monitoring, DNS


@dataclass(frozen=True)
class Line:
    component: str
    item: str  # what is priced: "EC2 t3.medium x2"
    quantity: float
    unit: str  # h, GB-month, million requests, ...
    unit_price: Optional[float]  # None: not in the price table (the line costs nothing in the total)

    @property
    def monthly(self) -> float:
        return 0.0 if self.unit_price is None else self.quantity * self.unit_price


@dataclass
class Job:
    """One generated resource to price, with its component's usage and the region's prices."""

    logical_id: str
    resource_type: str
    props: dict
    component: Any  # the DSL component (model object), or None for network and monitoring resources
    prices: Any
    ctx: Any
    lines: list = field(default_factory=list)
    assumptions: list = field(default_factory=list)

    @property
    def owner(self) -> str:
        return self.component.name if self.component is not None else ARCHITECTURE

    @property
    def usage(self) -> Usage:
        return getattr(self.component, "usage", None) or Usage()

    def value(self, name: str, default: float, why: str) -> float:
        """The component's usage field ``name``, else ``default`` (recorded as an assumption)."""
        given = getattr(self.usage, name)
        if given is not None:
            return float(given)
        shown = f"{int(default):,}" if float(default).is_integer() else f"{default:g}"
        text = f"{name} {shown} ({why})"
        if text not in self.assumptions:
            self.assumptions.append(text)
        return float(default)

    @property
    def hours(self) -> float:
        return self.value("hours_per_month", self.prices.hours, "always on")

    def add(self, item: str, quantity: float, unit: str, unit_price: Optional[float]) -> None:
        self.lines.append(Line(self.owner, item, quantity, unit, unit_price))
