"""``--diagnostics-format text|json|sarif|github`` for compile and validate.

The SARIF output is validated against the official SARIF 2.1.0 JSON schema
(OASIS, errata 01), vendored as tests/sarif/sarif-schema-2.1.0.json from
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
"""
import json
from pathlib import Path

import jsonschema
import pytest

from awsarch_compiler.cli import main
from awsarch_compiler.core.diagnostics import Diagnostic
from awsarch_compiler.report import github, sarif

from conftest import ROOT

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BAD = ("awsarch: 1\nname: bad\ncomponents:\n  files:\n    type: bucket\n    versoned: true\n"
       "  q:\n    type: queue\n    uses: {nothing: read}\n")


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def sarif_valid(log: dict) -> None:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_vendored_schema_is_the_official_one():
    assert SARIF_SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert SARIF_SCHEMA["id"] == sarif.SCHEMA


def test_sarif_of_a_failed_validate_is_valid_and_located(bad, tmp_path, capsys):
    assert main(["validate", str(bad), "--diagnostics-format", "sarif"]) == 1
    captured = capsys.readouterr()
    log = json.loads(captured.out)
    sarif_valid(log)
    assert "2 errors" in captured.err
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "awsarch-compile"
    assert len(run["results"]) == 2
    results = {r["ruleId"]: r for r in run["results"][:1]}
    where = results["E201"]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"].endswith("bad.yaml")
    assert where["region"] == {"startLine": 6, "startColumn": 5}
    assert results["E201"]["level"] == "error" and "did you mean 'versioned'?" in results["E201"]["message"]["text"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["E201"]
    assert all(r["ruleIndex"] == 0 for r in run["results"])
    assert "unknown" in rules[[r["id"] for r in rules].index("E201")]["shortDescription"]["text"]


def test_sarif_of_a_successful_compile_lists_its_warnings(tmp_path, capsys):
    arch = ROOT / "tests" / "conformance" / "event-driven.yaml"
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "--diagnostics-format", "sarif"]) == 0
    captured = capsys.readouterr()
    log = json.loads(captured.out)
    sarif_valid(log)
    assert "compiled" in captured.err, "the summary moves to standard error"
    for result in log["runs"][0]["results"]:
        assert result["level"] == "warning"
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_sarif_uris_and_locationless_results_are_valid():
    diags = [Diagnostic("E116", "--region 'xx' is not a region", (), "dir with space/a.yaml", hint="us-east-1"),
             Diagnostic("E201", "unknown key", ("components", "a"), "/abs/path/a.yaml", 3, 4),
             Diagnostic("W503", "weakens", ("overrides",), None, severity="warning")]
    log = sarif.log(diags)
    sarif_valid(log)
    results = log["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/a.yaml"
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/path/a.yaml"
    assert "locations" not in results[2]


def test_json_lists_every_diagnostic(bad, capsys):
    assert main(["validate", str(bad), "--diagnostics-format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)["diagnostics"]
    first = rows[0]
    assert first["code"] == "E201" and first["line"] == 6 and first["col"] == 5
    assert first["path"] == "components.files.versoned" and first["severity"] == "error"
    assert first["hint"] == "did you mean 'versioned'?"


def test_github_workflow_commands_annotate_the_line(bad, capsys):
    assert main(["validate", str(bad), "--diagnostics-format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"::error file={bad},line=6,col=5,title=E201::components.files.versoned: ")
    assert "%0Ahint: did you mean 'versioned'?" in lines[0]


def test_github_escapes_data_and_properties():
    diag = Diagnostic("W503", "50% open\nnext", (), "a,b:c.yaml", 1, 2, severity="warning")
    assert github.command(diag) == "::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=W503::50%25 open%0Anext"


def test_text_stays_the_default(bad, capsys):
    assert main(["validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "bad.yaml:6:5: error E201" in captured.err
    assert "        versoned: true\n" in captured.err
