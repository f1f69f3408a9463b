"""Security-group rules a component declares itself (``ingress:``), beside those its ``uses`` edges yield."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union


@dataclass(frozen=True, kw_only=True)
class IngressRule:
    """``$defs/ingress`` items: traffic from outside the ``uses`` edges, on ``ports``."""

    ports: tuple[Union[int, str], ...]
    cidr: Optional[str] = None
    prefix_list: Optional[str] = None
    component: Optional[str] = None
    protocol: str = "tcp"
    description: Optional[str] = None

    @property
    def port_ranges(self) -> tuple[tuple[int, int], ...]:
        """(from, to) of each entry of ``ports``: 22 -> (22, 22), "8000-8100" -> (8000, 8100)."""
        out = []
        for port in self.ports:
            low, _, high = str(port).partition("-")
            out.append((int(low), int(high or low)))
        return tuple(out)
