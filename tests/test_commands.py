"""The subcommand table and the commands validate, schema, init and explain."""
import json
import re
import subprocess
import sys

import pytest
import yaml

from awsarch_compiler import cli
from awsarch_compiler.cli import main
from awsarch_compiler.commands import COMMANDS, init
from awsarch_compiler.schema.build import published, render

from conftest import ROOT

BAD = "awsarch: 1\nname: bad\ncomponents:\n  files:\n    type: bucket\n    versoned: true\n"


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_every_command_is_a_module_with_a_summary():
    assert {"compile", "validate", "explain", "review", "cost", "graph", "init", "schema"} <= set(COMMANDS)
    for name, module in COMMANDS.items():
        assert module.NAME == name and module.SUMMARY and callable(module.main)
        assert module.__name__ == f"awsarch_compiler.commands.{name}"


def test_help_lists_every_command_and_points_at_the_dsl(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"\n  {name} " in out
    assert "schema --path" in out and "init --pattern" in out


def test_compile_is_the_default_and_a_command(tmp_path, capsys):
    arch = ROOT / "examples" / "event-driven.yaml"
    assert main([str(arch), "-o", str(tmp_path / "a"), "--no-lint", "-q"]) == 0
    assert main(["compile", str(arch), "-o", str(tmp_path / "b"), "--no-lint", "-q"]) == 0
    assert (tmp_path / "a" / "thumbnails.yaml").read_bytes() == (tmp_path / "b" / "thumbnails.yaml").read_bytes()


def test_validate_writes_nothing_and_exits_like_compile(bad, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(ROOT / "examples" / "three-tier.yaml"), "-q"]) == 0
    assert not (tmp_path / "templates_out").exists()
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:6:5: error E201" in err and "did you mean 'versioned'?" in err
    assert main(["validate", str(tmp_path / "absent.yaml")]) == 2
    assert not (tmp_path / "templates_out").exists()


def test_validate_lint_runs_cfn_lint(capsys):
    assert main(["validate", str(ROOT / "examples" / "event-driven.yaml"), "--lint"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("validated thumbnails") and "linted for us-east-1" in out


def test_validate_is_fast_enough_for_a_hook():
    """A fresh process validating the largest example, as a pre-commit hook runs it."""
    run = subprocess.run([sys.executable, "-m", "awsarch_compiler", "validate", "examples/three-tier.yaml", "-q"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_schema_prints_the_built_schema_and_its_installed_path(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == render(published())
    assert main(["schema", "--path"]) == 0
    path = capsys.readouterr().out.strip()
    assert path.endswith("awsarch.schema.json")
    with open(path, encoding="utf-8") as handle:
        assert handle.read() == render(published()), "run python -m awsarch_compiler.schema.build"


def test_schema_modeline_is_relative_to_the_file(tmp_path, capsys):
    assert main(["schema", "--modeline", str(ROOT / "examples" / "x.yaml")]) == 0
    line = capsys.readouterr().out.strip()
    assert line == "# yaml-language-server: $schema=../awsarch_compiler/schema/awsarch.schema.json"


@pytest.mark.parametrize("pattern", init.PATTERNS)
def test_init_pattern_compiles_lint_clean(pattern, tmp_path, capsys):
    target = tmp_path / "arch.yaml"
    assert main(["init", "--pattern", pattern, "-o", str(target), "--name", "starter"]) == 0
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_file = (tmp_path / first.split("=", 1)[1]).resolve()
    assert schema_file.is_file(), "the modeline resolves from the new file's folder"
    assert yaml.safe_load(text)["name"] == "starter"
    assert sum(line.lstrip().startswith("#") or " # " in line for line in text.splitlines()) >= 5, "commented"
    capsys.readouterr()
    assert main([str(target), "-o", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["lint"]["errors"] == 0 and manifest["lint"]["warnings"] == 0


def test_init_refuses_to_overwrite_and_checks_the_name(tmp_path, capsys):
    target = tmp_path / "arch.yaml"
    target.write_text("mine\n")
    assert main(["init", "--pattern", "jamstack", "-o", str(target)]) == 2
    assert target.read_text() == "mine\n" and "--force" in capsys.readouterr().err
    assert main(["init", "--pattern", "jamstack", "-o", str(target), "--force"]) == 0
    assert target.read_text().startswith("# yaml-language-server:")
    assert main(["init", "--pattern", "jamstack", "-o", "-", "--name", "Bad_Name"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["init", "--pattern", "lamp"])
    assert exc.value.code == 2


def test_init_to_standard_output_with_a_given_schema_reference(capsys):
    ref = "https://example.com/awsarch.schema.json"
    assert main(["init", "--pattern", "serverless-api", "-o", "-", "--schema", ref]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# yaml-language-server: $schema={ref}\n")
    assert yaml.safe_load(out)["components"]["items"]["type"] == "function"


def test_explain_names_resources_grants_rules_and_opt_outs(capsys):
    arch = str(ROOT / "examples" / "three-tier.yaml")
    assert main(["explain", arch, "api"]) == 0
    out = capsys.readouterr().out
    head, _, rest = out.partition("\n")
    listed = rest.split("what its uses: grant:")[0].strip().splitlines()
    assert head == f"api (instance-group) becomes {len(listed)} resources:"
    assert re.search(r"^  ApiLaunchTemplate +AWS::EC2::LaunchTemplate  \(compute stack\)$", out, re.M)
    assert re.search(r"^  ApiSecurityGroup +AWS::EC2::SecurityGroup  \(security stack\)$", out, re.M)
    assert "security group: api -> db on TCP 5432" in out
    assert "secretsmanager:GetSecretValue" in out and "on DbInstance.MasterUserSecret.SecretArn" in out
    assert "environment: DB_HOST, DB_PORT, DB_SECRET_ARN" in out
    assert main(["explain", arch, "db", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["type"] == "database"
    assert [(g["source"], g["port"]) for g in info["used_by"]] == [("api", 5432)]
    assert any(r["type"] == "AWS::RDS::DBInstance" for r in info["resources"])
    assert main(["explain", arch, "artifacts"]) == 0
    assert "what other components' uses: open to it:" in capsys.readouterr().out


def test_explain_lists_the_components_opt_outs(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text("awsarch: 1\nname: optout\ncomponents:\n  files: {type: bucket, versioned: false}\n")
    assert main(["explain", str(path), "files"]) == 0
    assert "components.files.versioned: false" in capsys.readouterr().out


def test_explain_unknown_component_is_a_usage_error(capsys):
    assert main(["explain", str(ROOT / "examples" / "three-tier.yaml"), "apx"]) == 2
    assert "did you mean 'api'?" in capsys.readouterr().err


def test_no_arguments_prints_the_overview_as_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2
    assert "commands" in capsys.readouterr().err
