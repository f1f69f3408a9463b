"""The DSL's JSON Schema: well-formed, complete for editors, and the errors it yields are helpful."""
import json

import pytest
from jsonschema import Draft202012Validator

from awsarch_compiler.core import loader
from awsarch_compiler.schema import build
from awsarch_compiler.schema import validate as schema
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types import registry

from conftest import EXAMPLES, ROOT, example_ids

SCHEMA = schema.load_schema()
DEFS = SCHEMA["$defs"]


def errors_of(data) -> list:
    return schema.schema_errors(data)


def one(data):
    found = errors_of(data)
    assert len(found) == 1, found
    return found[0]


def base(**extra):
    return {"awsarch": 1, "name": "shop", **extra}


def walk(node, path=()):
    """Every (path, sub-schema) of the schema."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, path + (i,))


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA.get("$schema", "").endswith("2020-12/schema")


def test_published_schema_is_the_built_one():
    """schemas/awsarch.schema.json is built from the types' fragments; the committed file must be current."""
    committed = (ROOT / "schemas" / "awsarch.schema.json").read_text(encoding="utf-8")
    assert committed == build.render(build.published()), "run: python -m awsarch_compiler.schema.build"


def test_every_local_ref_resolves():
    for path, node in walk(SCHEMA):
        ref = node.get("$ref")
        if isinstance(ref, str):
            assert ref.startswith("#/$defs/"), f"{path}: {ref}"
            assert ref.split("/")[-1] in DEFS, f"{path}: {ref} does not exist"


def test_defaults_are_valid_values():
    for path, node in walk(SCHEMA):
        if "default" in node and "enum" in node:
            assert node["default"] in node["enum"], f"{'/'.join(map(str, path))}: default not in its enum"
        if "default" in node and "$ref" not in node and node.get("type") in ("object", "array", "string",
                                                                             "integer", "boolean", "number"):
            assert Draft202012Validator({**node, "$defs": DEFS}).is_valid(node["default"]), \
                f"{'/'.join(map(str, path))}: default {node['default']!r} fails its own schema"


def test_component_dispatch_covers_every_type():
    types = schema.component_types()
    assert len(types) == len(set(types))
    dispatched = {c["if"]["properties"]["type"]["const"] for c in DEFS["component"]["allOf"]}
    assert dispatched == set(types)
    for name in types:
        assert name in DEFS, f"type {name} has no $defs entry"
        assert DEFS[name].get("additionalProperties") is False, f"$defs/{name} must reject unknown keys"
        assert DEFS[name].get("description"), f"$defs/{name} needs a description for editor hover text"


def test_every_registered_type_is_offered_and_every_offered_type_is_registered():
    assert set(registry()) == set(schema.component_types())


@pytest.mark.parametrize("example", EXAMPLES, ids=example_ids(EXAMPLES))
def test_examples_validate_for_editors(example):
    """What an editor's JSON Schema support sees: the example is valid as written."""
    data, _ = loader.load_file(example)
    assert errors_of(data) == []
    first = example.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/awsarch.schema.json"


def test_unknown_key_gets_did_you_mean_and_is_located_at_the_key():
    diag = one(base(components={"files": {"type": "bucket", "versoned": True}}))
    assert diag.code == "E201"
    assert diag.path == ("components", "files", "versoned")
    assert diag.hint == "did you mean 'versioned'?"
    assert "for a bucket" in diag.message


def test_unknown_key_without_a_near_miss_lists_the_allowed_keys():
    diag = one(base(zzz=1))
    assert diag.code == "E201"
    assert "allowed keys:" in diag.hint and "components" in diag.hint


def test_unknown_component_type_gets_did_you_mean():
    diag = one(base(components={"db": {"type": "databse"}}))
    assert diag.code == "E204"
    assert diag.path == ("components", "db", "type")
    assert diag.hint == "did you mean 'database'?"


def test_enum_lists_the_choices():
    diag = one(base(network={"nat_gateways": "double"}))
    assert diag.code == "E204"
    assert "none, single, per-az" in diag.message


def test_number_where_a_string_is_expected_gets_a_quote_hint():
    diag = one(base(tags={"CostCenter": 1234}))
    assert diag.code == "E203"
    assert diag.hint == 'quote it: "1234"'


def test_missing_required_key_names_it_and_explains_it():
    diag = one({"name": "shop"})
    assert diag.code == "E202"
    assert "'awsarch'" in diag.message
    assert diag.hint


def test_bad_names_are_pattern_errors():
    diag = one(base(components={"My_Bucket": {"type": "bucket"}}))
    assert diag.code == "E205"
    assert diag.path == ("components", "My_Bucket")
    assert one(base(name="Shop")).code == "E205"


def test_subnet_tier_needs_exactly_one_of_size_and_cidrs():
    both = one(base(network={"subnets": {"app": {"type": "private", "size": 24,
                                                  "cidrs": ["10.0.0.0/24", "10.0.1.0/24"]}}}))
    assert (both.code, both.message) == ("E210", "give either 'size' or 'cidrs', not both")
    neither = one(base(network={"subnets": {"app": {"type": "private"}}}))
    assert neither.code == "E211"
    assert "'size' or 'cidrs'" in neither.message


def test_range_errors_are_reported():
    diag = one(base(network={"availability_zones": 9}))
    assert diag.code == "E206"


def test_several_errors_come_back_together_one_per_place():
    found = errors_of({"awsarch": 2, "name": "Bad Name", "network": {"nat_gateways": "x"},
                       "components": {"a": {"type": "bucket", "versoned": 1}, "b": {"type": "nope"}}})
    paths = [d.path for d in found]
    assert len(paths) == len(set(paths)) >= 5


def test_defaults_come_from_the_schema():
    data = schema.apply_defaults(base(network={"subnets": {"app": {"type": "private", "size": 24}}},
                                      components={"files": {"type": "bucket"}}))
    bucket_props = DEFS["bucket"]["properties"]
    for key, spec in bucket_props.items():
        if "default" in spec:
            assert data["components"]["files"][key] == spec["default"], key
    net_props = DEFS["network"]["properties"]
    assert data["network"]["availability_zones"] == net_props["availability_zones"]["default"]
    assert data["network"]["nat_gateways"] == net_props["nat_gateways"]["default"]


def test_defaults_never_override_what_the_file_says():
    data = schema.apply_defaults(base(components={"files": {"type": "bucket", "versioned": False}}))
    assert data["components"]["files"]["versioned"] is False


def test_validate_raises_located_errors():
    data, source = loader.load_text("awsarch: 1\nname: shop\ncomponents:\n  f: {type: bucket, versoned: 1}\n",
                                    "arch.yaml")
    with pytest.raises(ArchError) as exc:
        schema.validate(data, source)
    diag = exc.value.diagnostics[0]
    assert (diag.file, diag.line, diag.col) == ("arch.yaml", 4, 21)
