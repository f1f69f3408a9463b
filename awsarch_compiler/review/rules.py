"""A review rule, a finding, and the table of every rule by ID."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

PILLARS = {
    "OPS": "Operational excellence",
    "SEC": "Security",
    "REL": "Reliability",
    "PERF": "Performance efficiency",
    "COST": "Cost optimization",
    "SUS": "Sustainability",
}
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Finding:
    """One departure from a rule: where it is and what exactly is wrong there."""

    message: str
    path: tuple  # DSL path, such as ("components", "db", "multi_az")
    component: Optional[str] = None  # whose review: suppress may silence it; None: the top-level review:


@dataclass(frozen=True)
class Rule:
    id: str  # WA-<PILLAR>-<nnn>
    title: str  # one line: what the rule wants
    severity: str  # high | medium | low
    rationale: str  # one paragraph: why it matters
    fix: str  # one paragraph: what to write in the file
    check: Callable  # (arch, ctx) -> Iterable[Finding]; ctx is the generation Context

    @property
    def pillar(self) -> str:
        return self.id.split("-")[1]

    def findings(self, arch, ctx) -> Iterable[Finding]:
        return self.check(arch, ctx)


def rule(rules: list, id: str, title: str, severity: str, rationale: str, fix: str):
    """Decorator: register the decorated check function as rule ``id`` in ``rules``."""
    assert severity in SEVERITIES and id.split("-")[1] in PILLARS, id

    def register(check):
        rules.append(Rule(id, title, severity, " ".join(rationale.split()), " ".join(fix.split()), check))
        return check

    return register


def component_finding(comp, message: str, *path) -> Finding:
    return Finding(message, ("components", comp.name) + tuple(path), comp.name)
