"""Stage: lint. cfn-lint, in process, over every rendered template.

A finding is reported against the DSL component that produced the resource
it sits in, found from the line number through the rendered template's
resource spans. Errors fail the compile; warnings are printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .diagnostics import Diagnostic

DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class Finding:
    file: str
    rule: str
    severity: str  # error | warning | informational
    message: str
    line: int
    resource: str | None


def _spans(text: str) -> list[tuple[int, str]]:
    """(first line, logical ID) of every resource in a rendered template, in order."""
    spans = []
    in_resources = False
    yaml_key = re.compile(r"^  ([A-Za-z0-9]+):\s*$")
    json_key = re.compile(r'^    "([A-Za-z0-9]+)": \{\s*$')
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("Resources:") or line.startswith('  "Resources"'):
            in_resources = True
            continue
        if in_resources and (re.match(r"^[A-Za-z]", line) or re.match(r'^  "[A-Za-z]', line)):
            in_resources = False
        if in_resources:
            match = yaml_key.match(line) or json_key.match(line)
            if match:
                spans.append((number, match.group(1)))
    return spans


def _resource_at(spans, line: int) -> str | None:
    current = None
    for start, logical in spans:
        if start > line:
            break
        current = logical
    return current


def _severity(rule_id: str) -> str:
    return {"E": "error", "W": "warning"}.get(rule_id[:1], "informational")


# W3002 says a relative TemplateURL (or a function's local code path) needs `aws cloudformation
# package`: that is the documented way to deploy the default output, so it is not a finding here.
PACKAGED_URL_RULES = ["W3002"]


@lru_cache(maxsize=8)
def _runner(region: str):
    """One cfn-lint runner per region: loading the rules once saves most of lint's time."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(regions=[region], ignore_checks=PACKAGED_URL_RULES))


def lint_template(file: str, text: str, region: str) -> list[Finding]:
    from cfnlint.decode.decode import decode_str

    template, matches = decode_str(text)
    if not matches and template is not None:
        matches = list(_runner(region).validate_template(template))
    spans = _spans(text)
    out = []
    for match in matches:
        rule_id = match.rule.id
        out.append(Finding(file, rule_id, _severity(rule_id), match.message, match.linenumber,
                           _resource_at(spans, match.linenumber)))
    return sorted(out, key=lambda f: (f.line, f.rule, f.message))


def lint_all(files: dict, region: str) -> list[Finding]:
    findings = []
    for name, text in files.items():
        findings += lint_template(name, text, region)
    return findings


def to_diagnostic(finding: Finding, owners: dict) -> Diagnostic:
    """A finding as a diagnostic located at the DSL component behind the resource."""
    path = owners.get((finding.file, finding.resource), ())
    where = f"{finding.file}:{finding.line}" + (f" ({finding.resource})" if finding.resource else "")
    return Diagnostic(
        code="E601" if finding.severity == "error" else "W601",
        message=f"cfn-lint {finding.rule} in {where}: {finding.message}",
        path=path,
        severity="error" if finding.severity == "error" else "warning",
        hint="this is a compiler defect if the architecture is valid; 'overrides' can patch the resource meanwhile",
    )
