"""The real architectures in tests/conformance compile unchanged and lint clean.

tests/conformance holds copies of the shared conformance architectures, kept byte-identical
to ../shared/conformance whenever that folder sits beside the checkout. Every one of them,
pipelines included, compiles with no error and no warning.
"""
import pytest

from awsarch_compiler.pipeline import compile_file

from conftest import CONFORMANCE, SHARED_CONFORMANCE, example_ids


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
    result = compile_file(path)
    _assert_clean(result)
    pipelines = [c for c in result.arch.components.values() if c.type == "pipeline"]
    assert any(f.endswith("-pipeline.yaml") for f in result.files) == bool(pipelines)
