"""The ``parameters:`` section and every ``{param: NAME}`` in a component field, before the schema runs.

:func:`apply` checks the section against itself (a default among the allowed
values, values of the declared type), finds each ``{param: NAME}`` value of a
component, checks that the field takes a parameter (the type's
``parameter_fields``), that the parameter exists (did-you-mean) and has a
value to check the component with, validates the default and every allowed
value against the field's own schema, and replaces the reference by the
tagged check value (:mod:`awsarch_compiler.core.parameters`), so that the
rest of the pipeline validates and checks an ordinary value.
"""
from __future__ import annotations

from jsonschema import Draft202012Validator

from ..core.diagnostics import Diagnostic, did_you_mean, error
from ..core.parameters import tagged


def is_reference(value) -> bool:
    return isinstance(value, dict) and list(value) == ["param"] and isinstance(value["param"], str)


def _numeric(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _disagreement(name: str, spec: dict) -> tuple[tuple, str, str] | None:
    """(where, what is wrong, hint) when a parameter's own values disagree."""
    values = ([spec["default"]] if "default" in spec else []) + list(spec.get("allowed", []))
    if spec.get("type", "string") == "number" and not all(_numeric(v) for v in values):
        return (), f"parameter '{name}' is a number, but not all of its values are numbers", \
            "write numbers, or type: string"
    if spec.get("type", "string") == "string" and not all(isinstance(v, str) for v in values):
        return (), f"parameter '{name}' is a string, but not all of its values are strings", \
            "quote the values, or type: number"
    if "default" in spec and "allowed" in spec and spec["default"] not in spec["allowed"]:
        return ("default",), f"the default of parameter '{name}' is not one of its allowed values", \
            f"allowed: {list(spec['allowed'])}"
    return None


def spec_errors(params: dict) -> list[Diagnostic]:
    """E346: a parameter whose own values disagree (default not allowed, values not of its type)."""
    out = []
    for name, spec in params.items():
        problem = _disagreement(name, spec)
        if problem:
            where, message, hint = problem
            out.append(error("E346", message, ("parameters", name) + where, hint))
    return out


def _field_errors(value, node: dict, defs: dict, name: str, where: tuple) -> list[Diagnostic]:
    schema = dict(node, **{"$defs": defs})
    if Draft202012Validator(schema).is_valid(value):
        return []
    return [error("E348", f"parameter '{name}' may be {value!r}, which {where[-1]} does not accept", where,
                  f"allow only values {where[-1]} takes ({node.get('description', '')[:120]})".rstrip(" ()"))]


def _reference(comp_name, kind, field, ref, params, schema) -> tuple[object, list[Diagnostic]]:
    where, name = ("components", comp_name, field), ref["param"]
    if kind is None:
        return ref, []
    if field not in kind.parameter_fields:
        offered = ", ".join(kind.parameter_fields) or "none"
        return ref, [error("E349", f"{field} of {kind.type_name} '{comp_name}' cannot take a parameter", where,
                           f"the fields of a {kind.type_name} that can: {offered}")]
    if name not in params:
        return ref, [error("E345", f"no parameter named '{name}' under parameters:", where,
                           did_you_mean(name, params) or (f"parameters: {', '.join(params)}" if params else
                                                          "declare it under a top-level parameters: section"))]
    spec = params[name]
    candidates = ([spec["default"]] if "default" in spec else []) + list(spec.get("allowed", []))
    if not candidates:
        return ref, [error("E347", f"parameter '{name}' has no default and no allowed values, so '{comp_name}' "
                                   "cannot be checked with it", ("parameters", name),
                           "give it a default (the launch form shows it) or its allowed values")]
    node = schema["$defs"][kind.type_name]["properties"][field]
    diags = []
    for value in dict.fromkeys(candidates):
        diags += _field_errors(value, node, schema["$defs"], name, where)
    return tagged(candidates[0], name, where), diags


def apply(data: dict, kinds: dict, schema: dict) -> tuple[dict, list[Diagnostic]]:
    """``data`` with every ``{param: NAME}`` of a component field replaced by its tagged check value."""
    params = data.get("parameters") or {}
    diags = spec_errors(params)
    for comp_name, comp in (data.get("components") or {}).items():
        if not isinstance(comp, dict):
            continue
        kind = kinds.get(comp.get("type"))
        for field, value in list(comp.items()):
            if is_reference(value):
                comp[field], problems = _reference(comp_name, kind, field, value, params, schema)
                diags += problems
    return data, diags
