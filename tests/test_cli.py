"""The command line: exit codes, flags, output folders, environments and overrides."""
import json
import os
import subprocess
import sys
import textwrap

import pytest
import yaml

from awsarch_compiler.cli import main

from conftest import ROOT

ARCH = textwrap.dedent("""\
    awsarch: 1
    name: clidemo
    tags: {Project: cli}
    network:
      cidr: 10.0.0.0/16
      subnets:
        public: {type: public, size: 24}
        app: {type: private, size: 24}
    components:
      files:
        type: bucket
    environments:
      dev:
        network: {nat_gateways: none}
        components:
          files: {versioned: false}
    """)


class _Loader(yaml.SafeLoader):
    """Reads CloudFormation YAML with short-form intrinsics as plain tagged values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: {suffix: loader.construct_scalar(node)
                                                                  if isinstance(node, yaml.ScalarNode) else None})


@pytest.fixture
def arch(tmp_path):
    path = tmp_path / "arch.yaml"
    path.write_text(ARCH, encoding="utf-8")
    return path


def template(folder, name):
    return yaml.load((folder / name).read_text(encoding="utf-8"), Loader=_Loader)


def run_module(*args, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "awsarch_compiler", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=300)


def test_compiles_to_the_named_folder_with_a_summary(arch, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "--no-lint"]) == 0
    stdout = capsys.readouterr().out
    assert f"compiled clidemo -> {out}/" in stdout
    assert "lint skipped" in stdout
    names = sorted(p.name for p in out.iterdir())
    assert {"clidemo.yaml", "clidemo-network.yaml", "clidemo-data.yaml", "manifest.json"} <= set(names)
    assert all(n == "manifest.json" or (n.startswith("clidemo") and n.endswith(".yaml")) for n in names)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["lint"]["linted"] is False
    assert {t["file"] for t in manifest["templates"]} == set(names) - {"manifest.json"}


def test_default_output_folder_is_templates_out_name(arch, tmp_path):
    result = run_module(arch, "--no-lint", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "templates_out" / "clidemo" / "clidemo.yaml").is_file()


def test_lint_runs_by_default_and_is_reported(arch, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out)]) == 0
    assert "linted for us-east-1" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["lint"] == {"linted": True, "region": "us-east-1", "errors": 0, "warnings": 0}


def test_quiet_prints_nothing_on_success(arch, tmp_path, capsys):
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main([str(tmp_path / "absent.yaml"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "E109" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("argv", [["--no-such-flag"], [], ["--format", "xml"]])
def test_bad_arguments_are_usage_errors(arch, argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main([str(arch), *argv] if argv else [])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_template_url_base_must_be_https(arch, tmp_path, capsys):
    assert main([str(arch), "-o", str(tmp_path / "out"), "--template-url-base", "http://x.example"]) == 2
    assert "https://" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_template_url_base_makes_absolute_urls(arch, tmp_path):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "--no-lint", "-q",
                 "--template-url-base", "https://bucket.s3.amazonaws.com/releases/1.0/"]) == 0
    root = template(out, "clidemo.yaml")
    urls = [r["Properties"]["TemplateURL"] for r in root["Resources"].values()
            if r["Type"] == "AWS::CloudFormation::Stack"]
    assert urls and all(u.startswith("https://bucket.s3.amazonaws.com/releases/1.0/clidemo-") for u in urls)


def test_invalid_architecture_exits_1_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("awsarch: 1\nname: bad\ncomponents:\n  files: {type: bucket, versoned: true}\n")
    assert main([str(bad), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4:25: error E201" in err
    assert "did you mean 'versioned'?" in err
    assert "1 error; nothing written" in err
    assert not (tmp_path / "out").exists()


def test_json_format_writes_json_templates_that_name_json_children(arch, tmp_path):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "--format", "json", "-q"]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert "clidemo.json" in files and not any(f.endswith(".yaml") for f in files)
    root = json.loads((out / "clidemo.json").read_text())
    urls = [r["Properties"]["TemplateURL"] for r in root["Resources"].values()
            if r["Type"] == "AWS::CloudFormation::Stack"]
    assert urls and all(u.endswith(".json") and u in files for u in urls)
    for name in files:
        json.loads((out / name).read_text())


def test_python_dash_m_works(arch, tmp_path):
    version = run_module("--version")
    assert version.returncode == 0 and version.stdout.startswith("awsarch-compile ")
    result = run_module(arch, "-o", tmp_path / "out", "--no-lint")
    assert result.returncode == 0, result.stderr
    assert "compiled clidemo" in result.stdout
    missing = run_module(tmp_path / "absent.yaml")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    bad_flag = run_module(arch, "--bogus")
    assert bad_flag.returncode == 2


def test_failed_compile_leaves_the_existing_output_untouched(arch, tmp_path):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "--no-lint", "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    arch.write_text(ARCH.replace("type: bucket", "type: bucket\n    encryption: sse"), encoding="utf-8")
    assert main([str(arch), "-o", str(out), "--no-lint", "-q"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arch.yaml", "out"], "no temporary folders left behind"


def test_recompiling_replaces_our_own_folder_completely(arch, tmp_path):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "--no-lint", "-q"]) == 0
    (out / "clidemo-stale.yaml").write_text("old\n")
    assert main([str(arch), "-o", str(out), "--no-lint", "-q"]) == 0
    assert not (out / "clidemo-stale.yaml").exists()


def test_refuses_to_replace_a_folder_it_did_not_write(arch, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me\n")
    assert main([str(arch), "-o", str(out), "--no-lint"]) == 1
    assert "E702" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_output_path_that_is_a_file_is_refused(arch, tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main([str(arch), "-o", str(target), "--no-lint"]) == 1
    assert "E701" in capsys.readouterr().err
    assert target.read_text() == "x"


def test_env_overlay_is_applied_only_when_chosen(arch, tmp_path):
    base, dev = tmp_path / "base", tmp_path / "dev"
    assert main([str(arch), "-o", str(base), "--no-lint", "-q"]) == 0
    assert main([str(arch), "-o", str(dev), "--no-lint", "-q", "--env", "dev"]) == 0
    base_data = template(base, "clidemo-data.yaml")["Resources"]["FilesBucket"]["Properties"]
    dev_data = template(dev, "clidemo-data.yaml")["Resources"]["FilesBucket"]["Properties"]
    assert base_data["VersioningConfiguration"] == {"Status": "Enabled"}
    assert "VersioningConfiguration" not in dev_data
    base_net = template(base, "clidemo-network.yaml")["Resources"]
    dev_net = template(dev, "clidemo-network.yaml")["Resources"]
    assert any(r["Type"] == "AWS::EC2::NatGateway" for r in base_net.values())
    assert not any(r["Type"] == "AWS::EC2::NatGateway" for r in dev_net.values())


def test_unknown_env_is_a_located_error_with_did_you_mean(arch, tmp_path, capsys):
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "--env", "dve"]) == 1
    err = capsys.readouterr().err
    assert "E110" in err and "did you mean 'dev'?" in err
    assert not (tmp_path / "out").exists()


def test_env_overlay_errors_point_at_the_overlay(arch, tmp_path, capsys):
    arch.write_text(ARCH.replace("files: {versioned: false}", "files: {versioned: maybe}"), encoding="utf-8")
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "--env", "dev"]) == 1
    err = capsys.readouterr().err
    assert f"{arch}:16:" in err and "E203" in err, err


def test_overrides_patch_the_named_resource(arch, tmp_path):
    arch.write_text(ARCH + textwrap.dedent("""\
        overrides:
          FilesBucket:
            Properties:
              ObjectLockEnabled: true
            DeletionPolicy: Delete
        """), encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "-q"]) == 0
    bucket = template(out, "clidemo-data.yaml")["Resources"]["FilesBucket"]
    assert bucket["Properties"]["ObjectLockEnabled"] is True
    assert bucket["DeletionPolicy"] == "Delete"
    assert bucket["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True, "the rest is kept"


def test_unknown_override_id_is_an_error_with_did_you_mean(arch, tmp_path, capsys):
    arch.write_text(ARCH + "overrides:\n  FileBucket: {DeletionPolicy: Delete}\n", encoding="utf-8")
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint"]) == 1
    err = capsys.readouterr().err
    assert "E505" in err and "did you mean 'FilesBucket'?" in err
    assert f"{arch}:18:" in err, err
    assert not (tmp_path / "out").exists()


def test_region_flag_sets_the_lint_region(arch, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(arch), "-o", str(out), "--region", "eu-west-1"]) == 0
    assert "linted for eu-west-1" in capsys.readouterr().out
    assert json.loads((out / "manifest.json").read_text())["lint"]["region"] == "eu-west-1"
