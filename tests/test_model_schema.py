"""The JSON Schema is the DSL's one source of truth: every registered type's dataclass matches it."""
import dataclasses
import typing

import pytest

from awsarch_compiler.core import model
from awsarch_compiler.schema import validate as schema
from awsarch_compiler.types import registry

KINDS = registry()
DEFS = schema.load_schema()["$defs"]
# Fields every component has that are not schema properties: the name is the mapping key,
# and uses/subnets stay empty on types whose schema does not offer them.
BASE_ONLY = {"name", "uses", "subnets"}


def nested_dataclass(hint):
    """The dataclass a field holds (directly, optionally, or as tuple/mapping items), if any."""
    if dataclasses.is_dataclass(hint):
        return hint
    for arg in typing.get_args(hint):
        found = nested_dataclass(arg)
        if found is not None:
            return found
    return None


def properties(node: dict) -> dict:
    node = schema.resolve(node)
    if "items" in node and "properties" not in node:
        return properties(node["items"])
    if isinstance(node.get("additionalProperties"), dict) and "properties" not in node:
        return properties(node["additionalProperties"])
    return node.get("properties", {})


def compare(cls, props: dict, where: str, ignore=frozenset()):
    """Fields of ``cls`` == ``props``; nested dataclasses recursively against their sub-schemas."""
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)} - set(ignore)
    missing_in_class = sorted(set(props) - fields)
    missing_in_schema = sorted(fields - set(props))
    assert not missing_in_class, f"{where}: schema properties without a dataclass field: {missing_in_class}"
    assert not missing_in_schema, f"{where}: dataclass fields the schema does not declare: {missing_in_schema}"
    for name, sub in props.items():
        inner = nested_dataclass(hints[name])
        sub_props = properties(sub)
        if inner is not None and sub_props:
            compare(inner, sub_props, f"{where}.{name}")


def described(node: dict, where: str, seen=None):
    """Every property, at every depth, has a description (directly or on what it refers to)."""
    seen = set() if seen is None else seen
    node_id = id(node)
    if node_id in seen:
        return
    seen.add(node_id)
    resolved = schema.resolve(node)
    for name, sub in resolved.get("properties", {}).items():
        if name == "type" and "const" in sub:
            continue
        text = sub.get("description") or schema.resolve(sub).get("description")
        assert text and text.strip(), f"{where}.{name} has no description"
        described(sub, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(resolved.get(key), dict):
            described(resolved[key], f"{where}[]", seen)


def test_registry_is_not_empty_and_every_type_is_in_the_schema():
    assert KINDS
    assert set(KINDS) <= set(schema.component_types())
    for name in KINDS:
        assert name in DEFS, f"no $defs/{name}"


@pytest.mark.parametrize("type_name", sorted(KINDS))
def test_dataclass_fields_equal_schema_properties(type_name):
    kind = KINDS[type_name]
    definition = DEFS[type_name]
    props = definition["properties"]
    assert issubclass(kind.spec, model.Component)
    assert kind.spec is not model.Component, f"{type_name} needs its own dataclass"
    params = kind.spec.__dataclass_params__
    assert params.frozen, f"{kind.spec.__name__} must be frozen"
    assert definition.get("additionalProperties") is False
    assert props["type"].get("const") == type_name
    for common in ("description", "stack", "tags"):
        assert common in props, f"$defs/{type_name} lacks '{common}'"
    extra_base = {f for f in BASE_ONLY if f not in props}
    compare(kind.spec, props, f"$defs/{type_name}", ignore=extra_base)


@pytest.mark.parametrize("type_name", sorted(KINDS))
def test_every_schema_property_is_described(type_name):
    described(DEFS[type_name], f"$defs/{type_name}")


@pytest.mark.parametrize("type_name", sorted(KINDS))
def test_shared_references_are_used(type_name):
    props = DEFS[type_name]["properties"]
    if "uses" in props:
        assert props["uses"].get("$ref") == "#/$defs/uses"
    if "subnets" in props:
        assert props["subnets"].get("$ref") == "#/$defs/tier_ref"


@pytest.mark.parametrize("type_name", sorted(KINDS))
def test_schema_defaults_equal_dataclass_defaults(type_name):
    """A default in two places drifts: the dataclass default must be the schema default."""
    cls = KINDS[type_name].spec
    for f in dataclasses.fields(cls):
        sub = DEFS[type_name]["properties"].get(f.name)
        if sub is None:
            continue
        sub = schema.resolve(sub)
        if "default" not in sub or f.default is dataclasses.MISSING:
            continue
        expected = sub["default"]
        if isinstance(expected, (list, dict)):
            continue  # containers are frozen on build; their emptiness is checked by building
        assert f.default == expected, f"{type_name}.{f.name}: dataclass {f.default!r} != schema {expected!r}"


def test_top_level_sections_are_described():
    root = schema.load_schema()
    for name, sub in root["properties"].items():
        assert (sub.get("description") or schema.resolve(sub).get("description")), f"{name} has no description"
        if name != "overrides":  # below it are CloudFormation's own attribute names
            described(sub, name)
