"""The published JSON Schema, built from ``common.json`` and every type's fragment.

``common.json`` holds the top level and the shared definitions; each type's
package holds ``schema.json`` (its own properties) and, for event sources,
``trigger.json`` (the branch of a function trigger that names it). The
build adds what the registry knows: the type enum and its dispatch, every
type's common properties (``type``, ``description``, ``stack``, ``tags``,
and ``uses``/``subnets`` where they apply), the access-mode enum of
``uses``, the stack names, the VPC endpoints the types are called
through, the regions (``core/regions.json``) and the keys an environment
overlay may set. ``python -m awsarch_compiler.schema.build`` writes
``schemas/awsarch.schema.json``; a test fails when the committed file differs.
"""
from __future__ import annotations

import copy
import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core.naming import LAYERS
from ..core.regions import regions
from ..types import registry, schema_fragment

COMMON_FILE = "common.json"
PUBLISHED = Path("schemas") / "awsarch.schema.json"
PACKAGED = "awsarch.schema.json"  # the copy inside this package, for editors of installed users
DESCRIPTION = {"type": "string", "maxLength": 255, "description": "Free text for this component."}
TAGS = {"$ref": "#/$defs/tags", "description": "Extra tags for this component's resources."}
STACKLESS = ("security",)  # layers a component cannot be moved to
# $defs the model-level tools contribute (package, file): review: and usage: on every component, review: on top;
# the records and health checks of dns:.
TOOL_DEFS = (("awsarch_compiler.review", "schema.json"), ("awsarch_compiler.cost", "usage.json"),
             ("awsarch_compiler.platform", "dns.json"))
TOOL_PROPERTIES = {"review": {"$ref": "#/$defs/review"}, "usage": {"$ref": "#/$defs/usage"}}
# Top-level sections whose schema lives beside the platform package that compiles them: (key, package, file).
SECTIONS = (("backup", "awsarch_compiler.platform.backup", "schema.json"),
            ("encryption", "awsarch_compiler.platform", "encryption.json"),
            ("disaster_recovery", "awsarch_compiler.resilience", "schema.json"))


def _common() -> dict:
    text = resources.files(__package__).joinpath(COMMON_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _dispatch(names: list[str]) -> list[dict]:
    return [{"if": {"properties": {"type": {"const": name}}, "required": ["type"]},
             "then": {"$ref": f"#/$defs/{name}"}} for name in names]


def definition(kind, kinds: dict) -> dict:
    """``$defs/<type>``: the common component properties, then the type's own."""
    fragment = kind.extend_schema(copy.deepcopy(schema_fragment(kind)), kinds)
    properties = {"type": {"const": kind.type_name}, "description": dict(DESCRIPTION),
                  "stack": {"$ref": "#/$defs/stack_ref"}, "tags": dict(TAGS)}
    properties.update(fragment.get("properties", {}))
    properties.update(copy.deepcopy(TOOL_PROPERTIES))
    if kind.uses_others:
        properties["uses"] = {"$ref": "#/$defs/uses"}
    if kind.in_vpc:
        properties["subnets"] = {"$ref": "#/$defs/tier_ref"}
        properties["ingress"] = {"$ref": "#/$defs/ingress"}
    out = {"type": "object", "title": fragment.get("title", kind.type_name),
           "description": fragment["description"], "properties": properties}
    if fragment.get("required"):
        out["required"] = ["type"] + [r for r in fragment["required"] if r != "type"]
    out["additionalProperties"] = False
    return out


def build(kinds: dict | None = None) -> dict:
    """The whole schema for the registered types (or ``kinds``)."""
    kinds = registry() if kinds is None else kinds
    root = _common()
    defs = root["$defs"]
    for package, file in TOOL_DEFS:
        defs.update(json.loads(resources.files(package).joinpath(file).read_text(encoding="utf-8")))
    root["properties"]["review"] = {"$ref": "#/$defs/architecture_review"}
    for key, package, file in SECTIONS:
        defs.update(json.loads(resources.files(package).joinpath(file).read_text(encoding="utf-8")))
        root["properties"][key] = {"$ref": f"#/$defs/{key}"}
    names = sorted(kinds)
    defs["component"]["properties"]["type"]["enum"] = names
    defs["component"]["allOf"] = _dispatch(names)
    defs["uses"]["additionalProperties"]["enum"] = sorted({m for k in kinds.values() for m in k.access})
    defs["stack_ref"]["enum"] = [layer for layer in LAYERS if layer not in STACKLESS]
    endpoints = defs["network"]["properties"]["endpoints"]["items"]["enum"]
    endpoints += sorted({k.api_endpoint for k in kinds.values() if k.api_endpoint} - set(endpoints))
    for name in names:
        defs[name] = definition(kinds[name], kinds)
    root["properties"]["region"]["enum"] = list(regions())
    defs["disaster_recovery"]["properties"]["secondary"]["enum"] = list(regions())
    _overlay_keys(root)
    return root


def _overlay_keys(root: dict) -> None:
    """An environment overlay may set any top-level key but ``awsarch`` and ``environments``; what it
    sets is validated with the whole file after the merge."""
    overlay = root["properties"]["environments"]["additionalProperties"]
    overlay["properties"] = {key: {"description": node.get("description", node.get("title", key))}
                             for key, node in root["properties"].items() if key not in OVERLAY_FIXED}
    overlay["additionalProperties"] = False


OVERLAY_FIXED = ("awsarch", "environments")  # top-level keys an environment cannot change


@lru_cache(maxsize=1)
def built() -> dict:
    """The schema of the registered types, built once per process (treat it as read-only)."""
    return build()


def with_parameters(schema: dict, kinds: dict) -> dict:
    """``schema`` where each type's ``parameter_fields`` also take ``{param: NAME}`` (what editors read; the
    compiler replaces the references before it validates, :mod:`.parameters`)."""
    out = copy.deepcopy(schema)
    for name in sorted(kinds):
        props = out["$defs"][name]["properties"]
        for field in kinds[name].parameter_fields:
            node = props[field]
            props[field] = {"description": node.get("description", ""),
                            "anyOf": [node, {"$ref": "#/$defs/param_ref"}]}
    return out


@lru_cache(maxsize=1)
def published() -> dict:
    """The schema users' editors read: :func:`built` with the parameter references (read-only)."""
    return with_parameters(built(), registry())


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    targets = [Path(argv[0])] if argv else [PUBLISHED, Path(__file__).with_name(PACKAGED)]
    for target in targets:
        target.write_text(render(published()), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
