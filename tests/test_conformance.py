"""The real architectures in ../shared/conformance compile unchanged and lint clean.

A file with a `pipeline` component (a type this compiler does not offer yet) must
fail with exactly that one located error, and compile clean once it is removed.
"""
import pytest
import yaml

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_file, compile_source

from conftest import CONFORMANCE, example_ids

UNSUPPORTED_TYPES = {"pipeline"}


def _unsupported(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return sorted(n for n, c in data.get("components", {}).items() if c.get("type") in UNSUPPORTED_TYPES)


def _assert_clean(result):
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert result.warnings == []


@pytest.mark.skipif(not CONFORMANCE, reason="no ../shared/conformance beside the checkout")
@pytest.mark.parametrize("path", CONFORMANCE, ids=example_ids(CONFORMANCE))
def test_conformance_architecture(path):
    unsupported = _unsupported(path)
    if not unsupported:
        _assert_clean(compile_file(path))
        return
    with pytest.raises(ArchError) as exc:
        compile_file(path, Options(lint=False))
    assert [(d.code, d.path) for d in exc.value.diagnostics] == [
        ("E204", ("components", name, "type")) for name in unsupported]
    data, source = loader.load_file(path)
    for name in unsupported:
        del data["components"][name]
    _assert_clean(compile_source(data, source, Options()))
