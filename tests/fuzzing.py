"""Hostile architecture files for the property-based tests (tests/test_fuzz.py) and the long
benchmark run (benchmarks/fuzz.py).

Two sources of input:

- :func:`mutants`: an example, structurally mutated one to three times — a key deleted, a
  value swapped for one of another type, a component duplicated or given another type, a
  text truncated, a non-finite or huge number, a very long string, deep nesting, a new key;
- :func:`schema_documents`: documents generated from the published JSON Schema itself (every
  type's properties, enums, patterns and ranges), valid by construction, so that they reach
  the semantic checks, the generators and the renderer.

:func:`compile_text` runs one file through the whole pipeline except cfn-lint; the property
is that it either compiles to strict JSON or raises the compiler's own :class:`ArchError`.
"""
from __future__ import annotations

import copy
import json
import math
from functools import lru_cache
from pathlib import Path

import yaml
from hypothesis import strategies as st

from awsarch_compiler.catalogue import catalogue
from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_source
from awsarch_compiler.schema.validate import load_schema, resolve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CODES = set(catalogue())

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["", " ", "x" * 5000, "0.0.0.0/0", "*", "a@b.co", "-1", "api", "db",
                                           "us-east-1", "cron(0 12 * * ? *)", "\u00e9\u00e8", "AWS:x", "0750"]),
    st.sampled_from([0, -1, 1, 2 ** 53, 2 ** 53 + 1, 10 ** 30, 10 ** 400, 0.5, 1e308]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)


@lru_cache(maxsize=None)
def _example(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def example_data(path: Path) -> dict:
    return copy.deepcopy(_example(path))


def paths(value, here=()) -> list[tuple]:
    """Every path into a document (mappings by key, lists by index), the root included."""
    out, stack = [], [(here, value)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((path + (k,), v) for k, v in items)
    return sorted(out, key=lambda p: [str(x) for x in p])


def _get(doc, path):
    for part in path:
        doc = doc[part]
    return doc


def _deep(depth: int):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


def _mutate(doc: dict, data) -> dict:
    """One structural mutation of ``doc`` (in place), chosen by ``data``."""
    path = data.draw(st.sampled_from(paths(doc)))
    op = data.draw(st.sampled_from(["delete", "replace", "truncate", "retype", "duplicate", "insert", "deep",
                                    "nonfinite", "huge"]))
    if not path:
        return doc
    parent, key = _get(doc, path[:-1]), path[-1]
    value = parent[key]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = data.draw(VALUES)
    elif op == "truncate" and isinstance(value, str):
        parent[key] = value[: data.draw(st.integers(0, max(len(value) - 1, 0)))]
    elif op == "retype" and isinstance(value, dict) and "type" in value:
        value["type"] = data.draw(st.sampled_from(component_types()))
    elif op == "duplicate" and isinstance(parent, dict):
        parent[f"{key}-copy" if isinstance(key, str) else "copy"] = copy.deepcopy(value)
    elif op == "insert" and isinstance(value, dict):
        value[data.draw(st.sampled_from(["type", "uses", "port", "tags", "x", "stack", "subnets"]))] = data.draw(VALUES)
    elif op == "deep":
        parent[key] = _deep(data.draw(st.integers(5, 80)))
    elif op == "nonfinite":
        parent[key] = data.draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    elif op == "huge":
        parent[key] = data.draw(st.sampled_from([10 ** 30, -(10 ** 30), 2 ** 53 + 1, "y" * 100_000,
                                                 list(range(3000)), {f"k{i}": i for i in range(300)}]))
    return doc


@st.composite
def mutants(draw, examples=tuple(EXAMPLES)) -> str:
    """An example file after one to three structural mutations, as YAML text."""
    doc = example_data(draw(st.sampled_from(examples)))
    data = _Draw(draw)
    for _ in range(draw(st.integers(1, 3))):
        if not isinstance(doc, dict):
            break
        doc = _mutate(doc, data)
    return dump(doc)


class _Draw:
    def __init__(self, draw):
        self.draw = draw


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(doc) -> str:
    return yaml.dump(doc, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10_000)


@lru_cache(maxsize=1)
def component_types() -> list[str]:
    return tuple(load_schema()["$defs"]["component"]["properties"]["type"]["enum"])


# -- documents from the schema ----------------------------------------------------------------
MAX_ENTRIES = 3  # entries per generated mapping or list
MAX_OPTIONAL = 6  # optional keys per generated object
REF, TIER = "\x00ref", "\x00tier"  # stand-ins for a component and a tier name, filled in per document
REFS = {"#/$defs/name_ref": REF, "#/$defs/tier_ref": TIER}


def _string(node: dict):
    if "pattern" in node:
        limit = node.get("maxLength", 200)
        return st.from_regex(node["pattern"], fullmatch=True).filter(lambda s: len(s) <= limit)
    return st.text(min_size=node.get("minLength", 0), max_size=min(node.get("maxLength", 40), 40))


def _number(node: dict, integer: bool):
    low = node.get("minimum", node.get("exclusiveMinimum", -1000))
    high = node.get("maximum", node.get("exclusiveMaximum", 100_000))
    step = node.get("multipleOf")
    if step:
        return st.integers(math.ceil(low / step), math.floor(high / step)).map(lambda n: n * step)
    if integer:
        low, high = math.ceil(low), math.floor(high)
        return st.integers(low + ("exclusiveMinimum" in node), high - ("exclusiveMaximum" in node))
    return st.floats(low, high, allow_nan=False, allow_infinity=False,
                     exclude_min="exclusiveMinimum" in node, exclude_max="exclusiveMaximum" in node)


def _object(node: dict, depth: int):
    props = node.get("properties", {})
    required = {k: from_schema(props[k], depth + 1) for k in node.get("required", []) if k in props}
    optional = {k: from_schema(v, depth + 1) for k, v in props.items() if k not in required}
    base = st.fixed_dictionaries(required)
    if optional:  # a few of the optional keys, not a coin toss for each of dozens
        chosen = st.lists(st.sampled_from(sorted(optional)), max_size=MAX_OPTIONAL, unique=True)
        base = st.tuples(base, chosen.flatmap(lambda keys: st.fixed_dictionaries({k: optional[k] for k in keys}))) \
            .map(lambda pair: {**pair[1], **pair[0]})
    extra = node.get("additionalProperties")
    if not isinstance(extra, dict):
        return base
    names = node.get("propertyNames", {})
    if node.get("title") == "Uses":  # component name -> mode: the names are filled in per document
        keys = st.integers(0, 9).map(lambda i: f"{REF}{i}")
    else:
        keys = _string(names) if "pattern" in names else st.text(min_size=1, max_size=12)
    least = node.get("minProperties", 0)
    more = st.dictionaries(keys, from_schema(extra, depth + 1), min_size=least, max_size=max(MAX_ENTRIES, least))
    return st.tuples(base, more).map(lambda pair: {**pair[1], **pair[0]})


def from_schema(node, depth: int = 0):
    """A strategy for values valid against ``node`` of the published schema (best effort)."""
    if isinstance(node, dict) and node.get("$ref") in REFS:
        return st.just(REFS[node["$ref"]])
    node = resolve(node) if isinstance(node, dict) else {}
    if depth > 12:
        return st.nothing()
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"]) if node["enum"] else st.nothing()
    branches = node.get("oneOf") or node.get("anyOf")
    if branches:
        rest = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
        return st.one_of([from_schema({**rest, **resolve(b)}, depth) for b in branches])
    kind = node.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in node:
        return _object(node, depth)
    if kind == "array":
        unique = (lambda v: json.dumps(v, sort_keys=True)) if node.get("uniqueItems") else None
        return st.lists(from_schema(node.get("items", {}), depth + 1), min_size=node.get("minItems", 0),
                        max_size=max(min(node.get("maxItems", MAX_ENTRIES), MAX_ENTRIES), node.get("minItems", 0)),
                        unique_by=unique)
    if kind == "string":
        return _string(node)
    if kind in ("integer", "number"):
        return _number(node, kind == "integer")
    if kind == "boolean":
        return st.booleans()
    return SCALARS


@lru_cache(maxsize=None)
def component(type_name: str):
    """A component of ``type_name`` from its ``$defs`` entry (its type always set)."""
    return from_schema(load_schema()["$defs"][type_name]).map(lambda c: {**c, "type": type_name})


@lru_cache(maxsize=None)
def section(key: str):
    return from_schema(load_schema()["properties"][key])


def _fill(value, names: list, tiers: list, data):
    """Replace the stand-ins with the document's own component and tier names."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, str) and key.startswith(REF):
                key = data.draw(st.sampled_from(names))
            out[key] = _fill(item, names, tiers, data)
        return out
    if isinstance(value, list):
        return [_fill(item, names, tiers, data) for item in value]
    if value == REF:
        return data.draw(st.sampled_from(names))
    if value == TIER:
        return data.draw(st.sampled_from(tiers))
    return value


@st.composite
def schema_documents(draw) -> str:
    """A document built from the schema: a few components of any types, usually a network,
    with every reference naming one of the document's own components and tiers."""
    root = load_schema()
    names = draw(st.lists(_string(root["properties"]["components"]["propertyNames"]), min_size=1, max_size=4,
                          unique=True))
    doc = {"awsarch": 1, "name": draw(_string(root["properties"]["name"]))}
    if draw(st.integers(0, 3)):
        doc["network"] = draw(st.one_of(st.just({}), section("network")))
    doc["components"] = {name: draw(component(draw(st.sampled_from(component_types())))) for name in names}
    for key in ("dns", "monitoring", "tags", "region", "description"):
        if draw(st.booleans()):
            doc[key] = draw(section(key))
    tiers = list((doc.get("network") or {}).get("subnets") or {"public": 0, "private": 0})
    return dump(_fill(doc, names, tiers, _Draw(draw)))


# -- the property ----------------------------------------------------------------------------------
def _no_constant(name):
    raise ValueError(f"{name} in the output")


def compile_text(text: str) -> str:
    """Compile ``text`` without lint; 'compiled' or 'rejected', or the exception that broke the rule."""
    source = None
    try:
        data, source = loader.load_text(text, "fuzz.yaml")
        env = next(iter(data.get("environments") or {}), None) if isinstance(data.get("environments"), dict) else None
        result = compile_source(data, source, Options(lint=False, fmt="json", env=env))
    except ArchError as exc:
        assert exc.diagnostics, "an ArchError names at least one problem"
        for diag in exc.diagnostics:
            assert diag.code in CODES, f"{diag.code} is not in the catalogue"
            assert diag.message and diag.format(source or exc.source)
        return "rejected"
    for name, body in result.files.items():
        json.loads(body, parse_constant=_no_constant)  # strict JSON: no NaN or Infinity
    return "compiled"
