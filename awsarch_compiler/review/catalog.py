"""Every review rule, by ID, gathered from the pillar modules."""
from __future__ import annotations

from . import operations, performance, reliability, reliability_more, security, spending, sustainability
from .rules import PILLARS, Rule

MODULES = (operations, security, reliability, reliability_more, performance, spending, sustainability)


def _order(rule: Rule) -> tuple:
    return (list(PILLARS).index(rule.pillar), rule.id)


RULES: dict[str, Rule] = {r.id: r for r in sorted((r for m in MODULES for r in m.RULES), key=_order)}
