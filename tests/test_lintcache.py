"""The lint cache: hit on an unchanged template, missed when any part of its key changes, bypassed by
--no-cache; and the parallel lint run gives what the serial one gives."""
import json

import pytest

from awsarch_compiler.cli import main
from awsarch_compiler.core import lint, lintcache, loader
from awsarch_compiler.pipeline import Options, compile_file, compile_source

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "event-driven.yaml"
BROKEN = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Thing:\n    Type: AWS::No::Such\n"
CLEAN = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "awsarch-compile" / "lint"


@pytest.fixture
def fake_lint(monkeypatch):
    """cfn-lint replaced by a recorder (in process), so that the key tests run in milliseconds."""
    calls = []

    def record(file, text, region):
        calls.append((file, region))
        return [lint.Finding(file, "W9999", "warning", "recorded", 1, None)] if "Fn::Nothing" in text else []

    monkeypatch.setattr(lint, "lint_template", record)
    monkeypatch.setattr(lint, "cores", lambda: 1)
    return calls


def _entries(cache):
    return sorted(p.name for p in cache.rglob("*.json"))


def test_an_unchanged_recompile_is_answered_from_the_cache(cache, fake_lint):
    first = compile_file(EXAMPLE, Options())
    templates = len(first.stats)
    assert first.lint_counts == {"linted": templates, "cached": 0} and len(fake_lint) == templates
    assert len(_entries(cache)) == templates
    second = compile_file(EXAMPLE, Options())
    assert second.lint_counts == {"linted": 0, "cached": templates} and len(fake_lint) == templates
    assert second.findings == first.findings and second.files == first.files


def test_findings_come_back_from_the_cache_as_they_went_in(cache, fake_lint):
    files = {"a.yaml": CLEAN, "b.yaml": CLEAN.replace("Topic:", "Topic:\n    Metadata: {Fn::Nothing: 1}")}
    first = lint.lint_all(files, "us-east-1")
    second = lint.lint_all(files, "us-east-1")
    assert second.cached == 2 and second.findings == first.findings
    assert [f.file for f in second.findings] == ["b.yaml"]


@pytest.mark.parametrize("change", ["region", "version", "ignored", "no-cache"])
def test_each_part_of_the_key_invalidates(change, cache, fake_lint, monkeypatch):
    templates = len(compile_file(EXAMPLE, Options()).stats)
    options = Options()
    if change == "region":
        options = Options(region="eu-west-1")
    elif change == "version":
        monkeypatch.setattr(lintcache, "linter_version", lambda: "0.0.0-other")
    elif change == "ignored":
        monkeypatch.setattr(lint, "PACKAGED_URL_RULES", lint.PACKAGED_URL_RULES + ["W1020"])
    else:
        options = Options(cache=False)
    assert compile_file(EXAMPLE, options).lint_counts == {"linted": templates, "cached": 0}
    assert len(fake_lint) == 2 * templates


def test_a_changed_template_is_the_only_one_linted_again(cache, fake_lint):
    text = EXAMPLE.read_text()
    compile_source(*loader.load_text(text, "event-driven.yaml"), Options())
    changed = text.replace("visibility_timeout: 300", "visibility_timeout: 301")
    assert changed != text
    result = compile_source(*loader.load_text(changed, "event-driven.yaml"), Options())
    assert result.lint_counts["linted"] == 1 and result.lint_counts["cached"] == len(result.stats) - 1


def test_no_cache_neither_reads_nor_writes(cache, fake_lint):
    compile_file(EXAMPLE, Options(cache=False))
    assert _entries(cache) == []


def test_an_unreadable_entry_is_a_miss(cache, fake_lint):
    lint.lint_all({"a.yaml": CLEAN}, "us-east-1")
    (entry,) = cache.rglob("*.json")
    entry.write_text("{not json")
    assert lint.lint_all({"a.yaml": CLEAN}, "us-east-1").linted == 1
    entry.write_text(json.dumps([{"rule": "E1"}]))
    assert lint.lint_all({"a.yaml": CLEAN}, "us-east-1").linted == 1


def test_the_cache_folder_follows_xdg_cache_home(cache):
    assert lintcache.folder() == cache


def test_the_command_line_flag(cache, fake_lint, tmp_path, capsys):
    assert main([str(EXAMPLE), "-o", str(tmp_path / "out"), "--no-cache"]) == 0
    assert "from the lint cache" in capsys.readouterr().out and _entries(cache) == []


def test_parallel_workers_find_what_one_process_finds(cache, monkeypatch):
    """Real cfn-lint, in two worker processes and then in this one: the same findings, in file order."""
    files = {"a.yaml": BROKEN, "b.yaml": CLEAN, "c.yaml": BROKEN.replace("Thing", "Other")}
    monkeypatch.setattr(lint, "cores", lambda: 2)
    parallel = lint.lint_all(files, "us-east-1", use_cache=False)
    monkeypatch.setattr(lint, "cores", lambda: 1)
    serial = lint.lint_all(files, "us-east-1", use_cache=False)
    assert parallel.findings == serial.findings and parallel.linted == 3
    assert [f.file for f in parallel.findings if f.severity == "error"] == ["a.yaml", "c.yaml"]
