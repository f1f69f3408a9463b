"""The fast YAML path writes exactly the reference emitter's bytes."""
import pytest
from hypothesis import given, settings, strategies as st

from awsarch_compiler.core import output
from awsarch_compiler.pipeline import Options, compile_file

from conftest import EXAMPLES, example_ids


@pytest.mark.parametrize("example", EXAMPLES, ids=example_ids(EXAMPLES))
def test_every_example_renders_the_same_bytes_both_ways(example, monkeypatch):
    rendered = []
    real = output.render
    monkeypatch.setattr(output, "render", lambda t, fmt="yaml": rendered.append(t) or real(t, fmt))
    result = compile_file(example, Options(lint=False))
    assert rendered
    for template in rendered:
        fast, reference = real(template), real(template, fast=False)
        assert fast == reference
        assert fast in result.files.values()


TEXT = st.text(st.sampled_from(list("aZ09 :-_#'\"{}[],&*!|>%@`?\n\t\\é/.${}")), max_size=12)
SCALARS = st.one_of(TEXT, st.integers(-10**12, 10**12), st.booleans(), st.none(),
                    st.floats(allow_nan=False), st.sampled_from(["true", "null", "1e3", "0x1F", "~", "", "yes", "2024-01-01"]))
INTRINSIC = st.sampled_from(["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::If", "Condition", "Key"])
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(TEXT, inner, max_size=4),
    st.builds(lambda k, v: {k: v}, INTRINSIC, inner),
    st.builds(lambda k, v: {k: v}, INTRINSIC, st.lists(TEXT, min_size=1, max_size=3))), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_generated_values_render_the_same_bytes_both_ways(value):
    template = {"Resources": {"R": {"Type": "AWS::X::Y", "Properties": {"P": value}}}}
    assert output.render(template) == output.render(template, fast=False)
