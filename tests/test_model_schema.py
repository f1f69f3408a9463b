"""The JSON Schema is the DSL's one source of truth: every model class matches it.

Every registered type's dataclass, and every dataclass nested in it (triggers, subscriptions,
routes, listeners, rules, ...), has exactly the fields of its schema object, and every default
the schema declares is the dataclass's default, field by field and default by default.
"""
import dataclasses
import typing

import pytest

from awsarch_compiler.core import model
from awsarch_compiler.schema import validate as schema
from awsarch_compiler.types import registry
from awsarch_compiler.types.function.model import ScheduleTrigger

KINDS = registry()
ROOT_SCHEMA = schema.load_schema()
DEFS = ROOT_SCHEMA["$defs"]
# Fields every component has that are not schema properties: the name is the mapping key,
# and uses/subnets stay empty on types whose schema does not offer them.
BASE_ONLY = {"name", "uses", "subnets", "ingress"}
MISSING = dataclasses.MISSING


def dataclasses_in(hint) -> list:
    """The dataclasses a field holds (directly, optionally, in a union, or as tuple/mapping items)."""
    if dataclasses.is_dataclass(hint):
        return [hint]
    return [cls for arg in typing.get_args(hint) for cls in dataclasses_in(arg)]


def object_nodes(node: dict) -> list[dict]:
    """The object schemas a property holds: itself, its items or map values, its oneOf branches."""
    node = schema.resolve(node)
    if "properties" in node:
        return [node]
    out = []
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            out += object_nodes(node[key])
    for key in ("oneOf", "anyOf"):
        for branch in node.get(key, ()):
            out += object_nodes(branch)
    return out


def trigger_classes() -> list:
    return [k.trigger_spec for k in KINDS.values() if k.trigger_spec] + [ScheduleTrigger]


def match(cls, nodes: list[dict], where: str) -> dict:
    """The schema object that describes ``cls``: the one whose properties are its fields."""
    fields = {f.name for f in dataclasses.fields(cls)}
    for node in nodes:
        if set(node["properties"]) == fields:
            return node
    merged = {}  # one class for the branches of a oneOf (a subscription is email | https | queue | function)
    for node in nodes:
        merged.update(node["properties"])
    if nodes and set(merged) == fields:
        return {"properties": merged}
    raise AssertionError(f"{where}: no schema object has the fields of {cls.__name__}: {sorted(fields)}")


def default_of(f: dataclasses.Field):
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return MISSING


def compare(cls, node: dict, where: str, ignore=frozenset()):
    """Fields of ``cls`` == the node's properties; defaults equal; nested dataclasses recursively."""
    props = schema.resolve(node)["properties"]
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in ignore}
    assert sorted(set(props) - set(fields)) == [], f"{where}: schema properties without a dataclass field"
    assert sorted(set(fields) - set(props)) == [], f"{where}: dataclass fields the schema does not declare"
    for name, f in fields.items():
        sub = schema.resolve(props[name])
        default = default_of(f)
        if "default" in sub:
            if default is not MISSING:
                assert default == model.convert(hints[name], sub["default"]), \
                    f"{where}.{name}: dataclass default {default!r} != schema default {sub['default']!r}"
        else:
            assert default in (MISSING, None, (), model.EMPTY), \
                f"{where}.{name}: the dataclass defaults to {default!r}, which the schema does not declare"
        nested = trigger_classes() if (cls.__name__, name) == ("Function", "triggers") else dataclasses_in(hints[name])
        for inner in nested:
            compare(inner, match(inner, object_nodes(sub), f"{where}.{name}"), f"{where}.{name}")


def test_registry_is_not_empty_and_every_type_is_in_the_schema():
    assert KINDS
    assert set(KINDS) == set(schema.component_types())
    for name in KINDS:
        assert name in DEFS, f"no $defs/{name}"


@pytest.mark.parametrize("type_name", sorted(KINDS))
def test_model_classes_match_the_schema(type_name):
    kind = KINDS[type_name]
    definition = DEFS[type_name]
    assert issubclass(kind.spec, model.Component)
    assert kind.spec is not model.Component, f"{type_name} needs its own dataclass"
    assert kind.spec.__dataclass_params__.frozen, f"{kind.spec.__name__} must be frozen"
    assert definition.get("additionalProperties") is False
    assert definition["properties"]["type"].get("const") == type_name
    for common in ("description", "stack", "tags"):
        assert common in definition["properties"], f"$defs/{type_name} lacks '{common}'"
    extra_base = {f for f in BASE_ONLY if f not in definition["properties"]}
    compare(kind.spec, {k: v for k, v in definition.items()}, f"$defs/{type_name}", ignore=extra_base)


def test_a_drifted_default_is_found():
    """The comparison itself works: a trigger default that differs from the schema's is reported."""
    bucket_trigger = KINDS["bucket"].trigger_spec
    drifted = dataclasses.make_dataclass("BucketTrigger", [("bucket", str), ("events", tuple, ("removed",)),
                                                           ("prefix", typing.Optional[str], None),
                                                           ("suffix", typing.Optional[str], None)])
    node = match(bucket_trigger, object_nodes(DEFS["function"]["properties"]["triggers"]), "triggers")
    compare(bucket_trigger, node, "bucket trigger")
    with pytest.raises(AssertionError, match="default"):
        compare(drifted, node, "drifted")


def test_architecture_sections_match_the_schema():
    compare(model.Dns, DEFS["dns"], "dns")
    compare(model.Monitoring, DEFS["monitoring"], "monitoring")
    network = {"properties": {k: v for k, v in DEFS["network"]["properties"].items() if k != "subnets"}}
    compare(model.Network, network, "network", ignore={"tiers"})  # tiers are planned from subnets


def described(node: dict, where: str, seen=None):
    """Every property, at every depth, has a description (directly or on what it refers to)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
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
    for key in ("oneOf", "anyOf"):
        for branch in resolved.get(key, ()):
            described(branch, f"{where}|", seen)


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


def test_top_level_sections_are_described():
    for name, sub in ROOT_SCHEMA["properties"].items():
        assert (sub.get("description") or schema.resolve(sub).get("description")), f"{name} has no description"
        if name != "overrides":  # below it are CloudFormation's own attribute names
            described(sub, name)


def test_defaults_inside_one_of_branches_are_applied():
    """A function trigger's defaults (inside the triggers' oneOf) reach the model."""
    data = {"awsarch": 1, "name": "d", "components": {
        "up": {"type": "bucket"},
        "fn": {"type": "function", "runtime": "python3.12", "handler": "a.b", "code": "src",
               "triggers": [{"bucket": "up"}]}}}
    filled = schema.apply_defaults(data)
    assert filled["components"]["fn"]["triggers"][0]["events"] == ["created"]
