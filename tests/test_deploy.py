"""The deploy story: code paths, the summary's root template, parameters and commands, the README."""
import os
import re
import shlex
from pathlib import Path

import pytest
import yaml

from awsarch_compiler import deployment
from awsarch_compiler.cli import main
from awsarch_compiler.core import codepaths

from conftest import ROOT

ARCH = """awsarch: 1
name: deploydemo
components:
  fn:
    type: function
    runtime: python3.12
    handler: app.handler
    code: {code}
"""


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def function_code(folder: Path) -> str:
    template = yaml.load((folder / "deploydemo-compute.yaml").read_text(), Loader=_Loader)
    return template["Resources"]["FnFunction"]["Properties"]["Code"]


@pytest.fixture
def project(tmp_path):
    """A project folder: infra/arch.yaml and its code in infra/src/app/."""
    infra = tmp_path / "project" / "infra"
    (infra / "src" / "app").mkdir(parents=True)
    (infra / "src" / "app" / "app.py").write_text("def handler(event, context):\n    return 1\n")
    (infra / "arch.yaml").write_text(ARCH.format(code="src/app"))
    return infra


def test_code_path_is_resolved_from_the_file_and_written_relative_to_the_output(project, tmp_path, monkeypatch,
                                                                                  capsys):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = tmp_path / "build" / "stacks"
    assert main([str(project / "arch.yaml"), "-o", str(out), "--no-lint"]) == 0, capsys.readouterr().err
    written = function_code(out)
    assert written == "../../project/infra/src/app"
    assert (out / written / "app.py").is_file(), "aws cloudformation package resolves it from the template's folder"
    assert "does not exist" not in capsys.readouterr().err


def test_the_default_output_folder_is_relative_to_the_working_folder(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["arch.yaml", "--no-lint", "-q"]) == 0, capsys.readouterr().err
    out = project / "templates_out" / "deploydemo"
    assert function_code(out) == "../../src/app"
    assert (out / function_code(out) / "app.py").is_file()


def test_nothing_is_copied_and_a_recompile_keeps_the_users_files(project, tmp_path, capsys):
    out = tmp_path / "out"
    for _ in range(2):
        assert main([str(project / "arch.yaml"), "-o", str(out), "--no-lint", "-q"]) == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == []
    assert (project / "src" / "app" / "app.py").read_text().startswith("def handler")


def test_a_missing_code_path_is_a_located_warning(project, tmp_path, capsys):
    (project / "arch.yaml").write_text(ARCH.format(code="src/missing"))
    assert main([str(project / "arch.yaml"), "-o", str(tmp_path / "out"), "--no-lint", "-q"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"arch\.yaml:8:11: warning W403 at components\.fn\.code: the code path 'src/missing' "
                     r"does not exist", err), err


def test_another_drive_is_a_located_error(monkeypatch):
    def no_relative_path(path, start=None):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(codepaths.os.path, "relpath", no_relative_path)
    paths = codepaths.CodePaths("/a", "/b")
    value, problems = codepaths.resolve(paths, "src/x", ("components", "fn", "code"))
    assert value == "src/x" and [p.code for p in problems] == ["E406"]


def test_summary_names_the_root_its_parameters_and_the_commands(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([str(ROOT / "examples" / "scalable-spa.yaml"), "-o", "out/spa", "--no-lint"]) == 0
    out = capsys.readouterr().out
    assert "  root template: out/spa/myapp.yaml\n" in out
    assert "  root parameter HostedZoneId needs a value: ID of the existing Route 53" in out
    assert "  root parameters with a default: Al2023ImageId\n" in out
    assert ("    aws cloudformation package --template-file out/spa/myapp.yaml --s3-bucket BUCKET "
            "--output-template-file myapp.packaged.yaml\n") in out
    assert ("    aws cloudformation deploy --template-file myapp.packaged.yaml --stack-name myapp "
            "--capabilities CAPABILITY_IAM --parameter-overrides HostedZoneId=VALUE\n") in out


def test_summary_with_a_template_url_base_uploads_and_creates_from_the_url(tmp_path, capsys):
    out_dir = tmp_path / "o"
    base = "https://my-bucket.s3.eu-west-1.amazonaws.com/releases/1.0/"
    assert main([str(ROOT / "examples" / "three-tier.yaml"), "-o", str(out_dir), "--no-lint",
                 "--template-url-base", base]) == 0
    out = capsys.readouterr().out
    assert f"    aws s3 cp {out_dir} s3://my-bucket/releases/1.0 --recursive --exclude manifest.json\n" in out
    assert ("aws cloudformation create-stack --stack-name shop --template-url "
            "https://my-bucket.s3.eu-west-1.amazonaws.com/releases/1.0/shop.yaml --capabilities CAPABILITY_IAM") in out


@pytest.mark.parametrize("url, uri", [
    ("https://bkt.s3.amazonaws.com/p", "s3://bkt/p"), ("https://bkt.s3.us-west-2.amazonaws.com", "s3://bkt"),
    ("https://s3.eu-west-1.amazonaws.com/bkt/x/y/", "s3://bkt/x/y"), ("https://cdn.example.com/t", None)])
def test_s3_uri_of_a_url_base(url, uri):
    assert deployment.s3_uri(url) == uri


def test_every_example_deploys_with_a_url_base_or_is_refused_at_its_line(tmp_path, capsys):
    """No local path is left in a template uploaded as it is."""
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        out = tmp_path / example.stem
        code = main([str(example), "-o", str(out), "--no-lint", "-q",
                     "--template-url-base", "https://b.s3.amazonaws.com/x"])
        err = capsys.readouterr().err
        if code == 0:
            texts = " ".join(p.read_text() for p in out.glob("*.yaml"))
            assert "Code: ../" not in texts and "Code: src" not in texts, example.name
        else:
            assert code == 1 and re.search(rf"{example.name}:\d+:\d+: error E404 at components\.[a-z-]+\.code", err)


def readme_deploy_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Deploying"):text.index("### Choices worth knowing")]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def readme_setup_compile() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = re.search(r"```sh\n(python3 -m venv .venv && .venv/bin/pip install -e \. && (.*?))\n```", text, re.S)
    return shlex.split(setup.group(2))[1:]  # after .venv/bin/awsarch-compile


def test_readme_deploy_commands_are_what_the_set_up_compile_prints_and_name_real_files(tmp_path, capsys,
                                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink(ROOT / "examples", tmp_path / "examples")
    argv = readme_setup_compile()
    assert argv[0] == "examples/three-tier.yaml"
    assert main(argv) == 0
    printed = capsys.readouterr().out
    for command in readme_deploy_block():
        assert f"    {command}\n" in printed, command
        words = shlex.split(command)
        template = words[words.index("--template-file") + 1]
        if words[2] == "package":
            assert (tmp_path / template).is_file(), template
            root = yaml.load((tmp_path / template).read_text(), Loader=_Loader)
            for resource in root["Resources"].values():
                assert (tmp_path / template).with_name(resource["Properties"]["TemplateURL"]).is_file()


def test_the_license_is_the_one_the_metadata_names():
    assert "license = Apache-2.0" in (ROOT / "setup.cfg").read_text()
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
