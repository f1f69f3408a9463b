"""The real architectures in tests/conformance compile unchanged and lint clean.

tests/conformance holds copies of the shared conformance architectures, kept byte-identical
to ../shared/conformance whenever that folder sits beside the checkout.

A file with a `pipeline` component (a type this compiler does not offer yet) must
fail with exactly that one located error, and compile clean once it is removed.
"""
import pytest
import yaml

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_file, compile_source

from conftest import CONFORMANCE, SHARED_CONFORMANCE, example_ids

UNSUPPORTED_TYPES = {"pipeline"}


def _unsupported(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return sorted(n for n, c in data.get("components", {}).items() if c.get("type") in UNSUPPORTED_TYPES)


def _assert_clean(result):
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert result.warnings == []


def test_the_conformance_architectures_are_in_the_repository():
    assert len(CONFORMANCE) >= 7


@pytest.mark.skipif(not SHARED_CONFORMANCE.is_dir(), reason="no ../shared/conformance beside the checkout")
def test_the_copies_equal_the_shared_conformance_files():
    shared = {p.name: p.read_bytes() for p in SHARED_CONFORMANCE.glob("*.yaml")}
    ours = {p.name: p.read_bytes() for p in CONFORMANCE}
    assert ours == shared


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
