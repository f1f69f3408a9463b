"""Robustness beyond the error cases: the internal-error guard, the overrides report, every
unknown key at once, bounded snippets and patterns, vendored regions, dependency cycles."""
import json
import subprocess
import sys
import textwrap

import pytest

from awsarch_compiler.cli import main
from awsarch_compiler.core import cycles, guard, loader, overrides, regions
from awsarch_compiler.core.diagnostics import ArchError, Diagnostic, excerpt
from awsarch_compiler.pipeline import Options, compile_source
from awsarch_compiler.schema import validate
from awsarch_compiler.types import registry

from conftest import ROOT

BUCKET = textwrap.dedent("""\
    awsarch: 1
    name: robust
    components:
      files: {type: bucket}
    """)


@pytest.fixture
def arch(tmp_path):
    path = tmp_path / "arch.yaml"
    path.write_text(BUCKET, encoding="utf-8")
    return path


def compiled(text: str, **options):
    data, source = loader.load_text(textwrap.dedent(text), "arch.yaml")
    return compile_source(data, source, Options(lint=False, **options))


# -- the last-resort guard ------------------------------------------------------------------------
@pytest.fixture
def broken_bucket(monkeypatch):
    """A defect planted in the bucket generator (never in the real compiler)."""
    kind = registry()["bucket"]

    def explode(comp, ctx):
        raise KeyError("planted defect")

    monkeypatch.setattr(type(kind), "generate", lambda self, comp, ctx: explode(comp, ctx))


def test_an_internal_error_is_one_line_naming_the_component_and_exits_3(arch, tmp_path, capsys, broken_bucket):
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint"]) == guard.EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "internal error: KeyError: 'planted defect' while compiling components.files; please report" in err
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback_of_an_internal_error(arch, tmp_path, capsys, broken_bucket):
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "--debug"]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "planted defect" in err
    assert err.rstrip().splitlines()[-1].startswith("awsarch-compile: internal error:")


def test_invalid_files_and_usage_errors_keep_their_exit_codes(arch, tmp_path):
    assert main([str(tmp_path / "missing.yaml")]) == 2
    arch.write_text(BUCKET + "region: mars-1\n", encoding="utf-8")
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint"]) == 1


def test_compiling_tags_only_the_innermost_place():
    with pytest.raises(ValueError) as info:
        with guard.compiling("check"):
            with guard.compiling("components.api"):
                raise ValueError("x")
    assert getattr(info.value, guard.WHERE) == "components.api"
    with pytest.raises(ArchError) as arch_error:
        with guard.compiling("check"):
            raise ArchError([Diagnostic("E301", "x")])
    assert not hasattr(arch_error.value, guard.WHERE)


# -- --template-url-base and --region -----------------------------------------------------------------
@pytest.mark.parametrize("base", ["https://", "https:///path", "https://host?x=1", "https://ho st/"])
def test_template_url_base_needs_a_host(arch, tmp_path, capsys, base):
    assert main([str(arch), "-o", str(tmp_path / "out"), "--template-url-base", base]) == 2
    assert "https://HOST[/PATH]" in capsys.readouterr().err


def test_region_flag_is_the_region_every_check_uses(arch, tmp_path, capsys):
    arch.write_text(BUCKET + "monitoring: {notify: [ops@example.com], budget: {monthly_usd: 10}}\n", encoding="utf-8")
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "--region", "ap-east-1"]) == 1
    assert "E402" in capsys.readouterr().err
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint", "--region", "eu-west-1"]) == 0


def test_vendored_regions_are_cfn_lints():
    from cfnlint.helpers import REGIONS

    assert list(regions.regions()) == list(REGIONS)
    assert validate.load_schema()["properties"]["region"]["enum"] == list(REGIONS)
    check = subprocess.run([sys.executable, "scripts/refresh_regions.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_unknown_region_gets_a_did_you_mean():
    assert regions.unknown_region("eu-west-1") is None
    assert regions.unknown_region("eu-wset-1") == "did you mean 'eu-west-1'?"


# -- the overrides report ---------------------------------------------------------------------------
WEAKENING = {
    "open egress": {"Properties": {"SecurityGroupEgress": [{"CidrIp": "0.0.0.0/0", "IpProtocol": "-1"}]}},
    "ssh from an office": {"Properties": {"SecurityGroupIngress": [
        {"CidrIp": "203.0.113.0/24", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}]}},
    "public access": {"Properties": {"PublicAccessBlockConfiguration": {"BlockPublicPolicy": False}}},
    "public database": {"Properties": {"PubliclyAccessible": True}},
    "encryption off": {"Properties": {"StorageEncrypted": False}},
    "imdsv1": {"Properties": {"LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "optional"}}}},
    "wildcard action": {"Properties": {"Policies": [{"PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}}]}},
    "wildcard resource": {"Properties": {"PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"}]}}},
    "anyone": {"Properties": {"PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}}},
}


@pytest.mark.parametrize("name", sorted(WEAKENING))
def test_an_override_that_weakens_security_is_flagged(name):
    found = overrides.weakening({"Thing": WEAKENING[name]})
    assert [d.code for d in found] == ["W503"] and found[0].path == ("overrides", "Thing"), found


def test_harmless_overrides_are_listed_but_not_flagged():
    harmless = {"FilesBucket": {"Properties": {"ObjectLockEnabled": True}, "DeletionPolicy": "Delete"},
                "ApiRole": {"Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                    {"Effect": "Deny", "Action": "*", "Resource": "*"}]}}]}}}
    assert overrides.weakening(harmless) == []
    notes = overrides.notes(harmless)
    assert len(notes) == 2 and "overrides.FilesBucket" in notes[1]
    assert "Properties.ObjectLockEnabled" in notes[1] and "DeletionPolicy" in notes[1]


def test_the_summary_lists_every_override_and_warns_about_the_weakening_one(arch, tmp_path, capsys):
    arch.write_text(BUCKET + textwrap.dedent("""\
        overrides:
          FilesBucket:
            Properties:
              PublicAccessBlockConfiguration: {BlockPublicAcls: false}
        """), encoding="utf-8")
    assert main([str(arch), "-o", str(tmp_path / "out"), "--no-lint"]) == 0
    captured = capsys.readouterr()
    assert "note: overrides.FilesBucket: patches the generated resource (Properties.PublicAccessBlockConfiguration)" \
        in captured.out
    assert "warning W503 at overrides.FilesBucket" in captured.err and "BlockPublicAcls: false" in captured.err
    assert f"{arch}:7:" in captured.err, captured.err


# -- schema messages --------------------------------------------------------------------------------
def test_every_unknown_key_of_a_mapping_is_reported_at_once():
    data = {"awsarch": 1, "name": "typos", "netwrk": {}, "components": {
        "files": {"type": "bucket", "versoned": True, "lifecyle": [], "tgs": {}}}}
    found = [(d.code, d.path) for d in validate.schema_errors(data)]
    assert found == [("E201", ("netwrk",)), ("E201", ("components", "files", "versoned")),
                     ("E201", ("components", "files", "lifecyle")), ("E201", ("components", "files", "tgs"))], found


def test_octal_numbers_are_quoted_as_written():
    data, source = loader.load_text("awsarch: 1\nname: octal\ntags: {Mode: 0750}\n", "arch.yaml")
    diag, = validate.schema_errors(data, source)
    assert diag.hint.startswith('quote it: "0750"') and "488" in diag.message


def test_long_strings_are_bounded_before_their_pattern_runs():
    """A value far past the bound fails on its length; the pattern never sees it."""
    data = {"awsarch": 1, "name": "long", "components": {"web": {"type": "instance-group", "port": 80,
                                                                   "instance_type": "t" + "3" * 1_000_000}}}
    diag, = validate.schema_errors(data)
    assert (diag.code, diag.path[-1]) == ("E212", "instance_type") and "1,000,001 characters" in diag.message


def test_snippets_of_long_lines_are_trimmed_around_the_column():
    line = "x" * 5000 + "HERE" + "y" * 5000
    text, offset = excerpt(line, 5000)
    assert len(text) <= 110 and text[offset:offset + 4] == "HERE"
    text, offset = excerpt("a\x00b\x1b[2Jc", 1)
    assert text.isprintable() and offset == 1


def test_a_long_line_prints_a_short_snippet(tmp_path, capsys):
    path = tmp_path / "arch.yaml"
    path.write_text(BUCKET + "description: " + "d" * 50_000 + "\n", encoding="utf-8")
    assert main([str(path), "-o", str(tmp_path / "out"), "--no-lint"]) == 1
    assert max(len(line) for line in capsys.readouterr().err.splitlines()) < 300


# -- loader and limits ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [("x: .nan", "E114"), ("x: -.inf", "E114"), ("x: 1.0e+999", "E115"),
                                        ("x: 9007199254740993", "E115"), ("x: " + "9" * 5000, "E115")])
def test_numbers_a_template_cannot_hold_are_located(text, code):
    with pytest.raises(ArchError) as info:
        loader.load_text("awsarch: 1\n" + text + "\n", "arch.yaml")
    diag, = info.value.diagnostics
    assert (diag.code, diag.line, diag.col) == (code, 2, 4)


def test_number_keys_stay_plain_text():
    data, _ = loader.load_text("awsarch: 1\ntags: {.inf: a, 0750: b}\n", "arch.yaml")
    assert data["tags"] == {".inf": "a", "0750": "b"}


def test_an_overlay_value_is_located_and_quoted_at_the_overlay():
    text = BUCKET + "tags: {Mode: x}\nenvironments:\n  dev:\n    tags: {Mode: 0750}\n"
    with pytest.raises(ArchError) as info:
        compiled(text, env="dev")
    diag, = info.value.diagnostics
    assert diag.line == 8 and diag.hint.startswith('quote it: "0750"')


# -- dependency cycles --------------------------------------------------------------------------------
def test_cycles_are_found_without_recursion_on_long_chains():
    chain = {f"R{i}": [f"R{i + 1}"] for i in range(20_000)}
    chain["R20000"] = ["R0"]
    found, = cycles.strongly_connected(chain)
    assert len(found) == 20_001
    assert cycles.strongly_connected({"A": ["B"], "B": [], "C": ["C"]}) == [["C"]]


def test_references_see_ref_getatt_sub_and_depends_on():
    resources = {"A": {"Properties": {"X": {"Fn::Sub": ["${B.Arn} ${AWS::Region} ${V}", {"V": {"Ref": "C"}}]}},
                       "DependsOn": "D"},
                 "B": {"Properties": {"Y": {"Fn::GetAtt": "A.Arn"}}}, "C": {}, "D": {"DependsOn": ["C"]}}
    assert cycles.graph(resources) == {"A": ["B", "C", "D"], "B": ["A"], "C": [], "D": ["C"]}
    assert cycles.strongly_connected(cycles.graph(resources)) == [["A", "B"]]


def test_one_way_invokes_compile():
    result = compiled("""\
        awsarch: 1
        name: one-way
        components:
          a: {type: function, runtime: python3.12, handler: app.handler, code: src/a, uses: {b: invoke}}
          b: {type: function, runtime: python3.12, handler: app.handler, code: src/b}
        """)
    assert json.dumps(result.stats)


def test_thousands_of_schema_errors_stop_at_the_cap():
    data = {"awsarch": 1, "name": "many", "components": {"files": {"type": "bucket", "notifications": list(range(3000))}}}
    found = validate.schema_errors(data)
    assert len(found) == validate.MAX_ERRORS + 1 and found[-1].code == "E213", len(found)
