"""Stage: lint. cfn-lint over every rendered template that the lint cache does not know.

cfn-lint is imported only here, and only when a template needs linting: a
recompile whose templates are all in the cache (``core.lintcache``) never
loads it. Several templates are linted in worker processes when more than one
core is available, one in process otherwise.

A finding is reported against the DSL component that produced the resource
it sits in, found from the line number through the rendered template's
resource spans. Errors fail the compile; warnings are printed.
"""
from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from . import lintcache
from .diagnostics import Diagnostic

DEFAULT_REGION = "us-east-1"
MAX_WORKERS = 8


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
def _runner(region: str, ignored: tuple):
    """One cfn-lint runner per region and ignored-rule set: loading the rules once saves most of lint's time."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(regions=[region], ignore_checks=list(ignored)))


def lint_template(file: str, text: str, region: str) -> list[Finding]:
    from cfnlint.decode.decode import decode_str

    template, matches = decode_str(text)
    if not matches and template is not None:
        matches = list(_runner(region, tuple(PACKAGED_URL_RULES)).validate_template(template))
    spans = _spans(text)
    out = []
    for match in matches:
        rule_id = match.rule.id
        out.append(Finding(file, rule_id, _severity(rule_id), match.message, match.linenumber,
                           _resource_at(spans, match.linenumber)))
    return sorted(out, key=lambda f: (f.line, f.rule, f.message))


def _lint_one(job: tuple) -> list[Finding]:
    return lint_template(*job)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run(jobs: list) -> list[list[Finding]]:
    """Lint ``jobs`` (file, text, region): in worker processes when there are several and more than one
    core (each worker builds its own runner; a forked one inherits the parent's), else here."""
    workers = min(len(jobs), cores(), MAX_WORKERS)
    if workers < 2:
        return [_lint_one(job) for job in jobs]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_lint_one, jobs))


@dataclass
class Run:
    findings: list
    linted: int  # templates cfn-lint read
    cached: int  # templates whose findings came from the cache


def lint_all(files: dict, region: str, use_cache: bool = True) -> Run:
    """Every template's findings, in file order: from the cache when it has them, the rest linted."""
    version = lintcache.linter_version()
    keys = {name: lintcache.key(text, region, PACKAGED_URL_RULES, version) for name, text in files.items()}
    found = {name: lintcache.get(keys[name]) for name in files} if use_cache else {}
    known = {name: [Finding(name, **entry) for entry in entries] for name, entries in found.items() if entries is not None}
    missing = [name for name in files if name not in known]
    for name, findings in zip(missing, _run([(name, files[name], region) for name in missing])):
        known[name] = findings
        if use_cache:
            lintcache.put(keys[name], [{k: getattr(f, k) for k in lintcache.FIELDS} for f in findings])
    return Run([f for name in files for f in known[name]], len(missing), len(files) - len(missing))


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
