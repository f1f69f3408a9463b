"""Run the rules, apply the file's suppressions, and report both as diagnostics and summary notes.

A finding's diagnostic code is its rule ID (``WA-REL-003``): a warning, or an
error with ``strict``. A suppression names a rule and gives the reason it does
not apply; an unknown rule is E801, a missing reason E802, and a suppression
that silences nothing W801.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.diagnostics import Diagnostic, did_you_mean, error, warning
from ..core.model import Architecture
from .catalog import RULES
from .rules import PILLARS, Finding, Rule


@dataclass
class Review:
    findings: list = field(default_factory=list)  # (Rule, Finding) not suppressed
    suppressed: list = field(default_factory=list)  # (Rule, Finding, reason)
    diagnostics: list = field(default_factory=list)  # findings as warnings (errors with strict), and bad suppressions
    notes: list = field(default_factory=list)  # one per suppression used, for the summary


def suppressions(arch: Architecture) -> dict:
    """(component or None, rule ID) -> (reason, DSL path of the entry)."""
    out = {}
    for rule_id, reason in arch.review.suppress.items():
        out[(None, rule_id)] = (reason, ("review", "suppress", rule_id))
    for comp in arch.components.values():
        for rule_id, reason in (comp.review.suppress.items() if comp.review else ()):
            out[(comp.name, rule_id)] = (reason, ("components", comp.name, "review", "suppress", rule_id))
    return out


def _bad_suppressions(entries: dict) -> list[Diagnostic]:
    out = []
    for (_, rule_id), (reason, path) in entries.items():
        if rule_id not in RULES:
            out.append(error("E801", f"'{rule_id}' is not a review rule", path,
                             did_you_mean(rule_id, RULES) or "see docs/review-rules.md for the rule IDs"))
        elif reason is None or not str(reason).strip():
            out.append(error("E802", f"the suppression of {rule_id} gives no reason", path,
                             f'write why {rule_id} does not apply here: {rule_id}: "..."'))
    return out


def diagnostic(rule: Rule, finding: Finding, strict: bool) -> Diagnostic:
    text = f"{finding.message} [{PILLARS[rule.pillar].lower()}, {rule.severity}]"
    make = error if strict else warning
    return make(rule.id, text, finding.path, rule.fix)


def review(arch: Architecture, ctx=None, strict: bool = False) -> Review:
    """Every rule over the architecture (and its generated resources in ``ctx``, when given)."""
    entries = suppressions(arch)
    out = Review(diagnostics=_bad_suppressions(entries))
    used = set()
    for rule in RULES.values():
        for finding in rule.findings(arch, ctx):
            key = (finding.component, rule.id)
            if key not in entries:
                key = (None, rule.id)
            reason = entries.get(key, (None,))[0]
            if key in entries and reason and str(reason).strip():
                used.add(key)
                out.suppressed.append((rule, finding, reason))
                where = f"components.{finding.component}" if key[0] else "the architecture"
                note = f"review: {rule.id} suppressed on {where}: {reason}"
                out.notes += [note] if note not in out.notes else []
            else:
                out.findings.append((rule, finding))
                out.diagnostics.append(diagnostic(rule, finding, strict))
    for key, (reason, path) in entries.items():
        if key not in used and key[1] in RULES and reason and str(reason).strip():
            out.diagnostics.append(warning("W801", f"the suppression of {key[1]} matches no finding", path,
                                           "remove it, or keep it if another environment needs it"))
    return out
