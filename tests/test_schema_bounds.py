"""The bounded validator agrees with JSON Schema's own keywords, only faster on hostile input."""
from hypothesis import given, settings, strategies as st
from jsonschema import Draft202012Validator

from awsarch_compiler.schema.bounds import BoundedValidator

JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.0, 1.0, 1.5]) | st.text("ab", max_size=2),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("ab", max_size=2), inner, max_size=3),
                    max_leaves=8)


@settings(max_examples=300, derandomize=True)
@given(st.lists(JSON, max_size=6))
def test_unique_items_means_what_json_schema_says(items):
    schema = {"uniqueItems": True}
    assert BoundedValidator(schema).is_valid(items) == Draft202012Validator(schema).is_valid(items)


def test_an_array_over_its_max_items_gets_only_the_length_error():
    schema = {"type": "array", "maxItems": 3, "uniqueItems": True}
    errors = list(BoundedValidator(schema).iter_errors([[0]] * 5000))
    assert [e.validator for e in errors] == ["maxItems"]


def test_a_long_array_of_unhashable_duplicates_is_reported_once():
    schema = {"type": "array", "uniqueItems": True}
    errors = list(BoundedValidator(schema).iter_errors([[i] for i in range(20000)] + [[7]]))
    assert [e.validator for e in errors] == ["uniqueItems"]
