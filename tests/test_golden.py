"""Golden pairs: every example compiles to exactly its committed templates_out/ folder,
and every golden template is cfn-lint clean (no errors, no warnings)."""
import pytest

from awsarch_compiler.pipeline import Options, compile_file

from conftest import EXAMPLES, ROOT, example_ids


@pytest.fixture(scope="module", params=EXAMPLES, ids=example_ids(EXAMPLES))
def compiled(request):
    """Compiled for its golden folder, which the local code paths are written relative to."""
    return request.param, compile_file(request.param, Options(out_dir=str(ROOT / "templates_out" / request.param.stem)))


def test_there_are_examples():
    assert len(EXAMPLES) >= 2


def test_matches_committed_output(compiled):
    example, result = compiled
    golden = ROOT / "templates_out" / example.stem
    assert golden.is_dir(), f"no golden output for {example.name}: run python tests/update_goldens.py"
    committed = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in sorted(golden.rglob("*"))
                 if p.is_file()}
    assert sorted(committed) == sorted(result.files), "files differ; run python tests/update_goldens.py and read the diff"
    for name, text in result.files.items():
        assert committed[name] == text, f"{golden.name}/{name} differs; run python tests/update_goldens.py and read the diff"


def test_lint_clean(compiled):
    _, result = compiled
    findings = [f for f in result.findings if f.severity in ("error", "warning")]
    assert findings == []
    assert result.warnings == []
