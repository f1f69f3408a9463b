"""Every committed golden passes the checkov security scanner: no failed check, and every
skipped check carries a written reason in the resource's Metadata.

checkov lives in its own environment (its pins break pytest and moto): the ``CHECKOV``
environment variable names the program, else ``.venv-scan/bin/checkov``, else ``checkov``
on PATH. Without it the test is skipped locally and fails under ``CI=true``.
"""
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest


from conftest import EXAMPLES, ROOT, example_ids, in_ci


def checkov_program() -> str | None:
    named = os.environ.get("CHECKOV")
    if named:
        return named if (os.path.isfile(named) or shutil.which(named)) else None
    local = ROOT / ".venv-scan" / "bin" / "checkov"
    if local.is_file():
        return str(local)
    return shutil.which("checkov")


@pytest.fixture(scope="module")
def checkov():
    program = checkov_program()
    if program is None:
        message = "checkov not found: set CHECKOV, or create .venv-scan with pip install 'checkov>=3.2,<4'"
        if in_ci:
            pytest.fail(message)
        pytest.skip(message)
    return program


def golden_folder(example):
    """Where tests/update_goldens.py keeps an example's compiled output."""
    return ROOT / "templates_out" / example.stem


def scan(checkov: str, folder) -> list[dict]:
    """checkov's JSON reports for ``folder`` (one per framework run)."""
    proc = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [checkov, "-d", str(folder), "--framework", "cloudformation", "--output", "json", "--skip-download"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "LOG_LEVEL": "ERROR"})
    assert proc.returncode in (0, 1), f"checkov failed to run ({proc.returncode}):\n{proc.stderr[-3000:]}"
    try:
        data = json.loads(proc.stdout)
    except ValueError as exc:
        raise AssertionError(f"checkov printed no JSON report:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}") from exc
    return data if isinstance(data, list) else [data]


@pytest.fixture(scope="module")
def reports(checkov):
    """checkov's reports for every golden folder, scanned in parallel (each scan takes seconds)."""
    folders = {example: golden_folder(example) for example in EXAMPLES}
    pending = [(example, folder) for example, folder in folders.items() if folder.is_dir()]
    results = {}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {example: pool.submit(scan, checkov, folder) for example, folder in pending}
        for example, future in futures.items():
            results[example] = future.result()
    return results


@pytest.mark.parametrize("example", EXAMPLES, ids=example_ids(EXAMPLES))
def test_golden_passes_checkov(example, reports):
    folder = golden_folder(example)
    assert folder.is_dir(), f"no golden output for {example.name}: run python tests/update_goldens.py {example.stem}"
    reports = reports.get(example) or scan(checkov_program(), folder)
    cloudformation = [r for r in reports if r.get("check_type") == "cloudformation"]
    assert cloudformation, f"checkov scanned no CloudFormation template in {folder}: {reports}"
    failed, skipped, passed = [], [], 0
    for report in cloudformation:
        results = report["results"]
        assert results.get("parsing_errors", []) == [], f"checkov could not parse: {results['parsing_errors']}"
        failed += results.get("failed_checks", [])
        skipped += results.get("skipped_checks", [])
        passed += len(results.get("passed_checks", []))
    assert passed > 0, "checkov ran no checks at all"
    problems = [f"{c['check_id']} {c['resource']} ({c['file_path']}): {c['check_name']}" for c in failed]
    assert problems == [], "failed security checks:\n" + "\n".join(problems)
    unexplained = [f"{c['check_id']} {c['resource']} ({c['file_path']})" for c in skipped
                   if not str(c.get("check_result", {}).get("suppress_comment") or "").strip()
                   or c["check_result"]["suppress_comment"].strip().lower() in ("no comment provided", "")]
    assert unexplained == [], "skipped checks without a written reason:\n" + "\n".join(unexplained)


def test_scanner_is_available_under_ci():
    if in_ci:
        assert checkov_program() is not None, "CI must provide checkov (see .ci/run)"
