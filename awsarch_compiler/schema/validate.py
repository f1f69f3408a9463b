"""Stage 2: validate. The DSL's JSON Schema is the first gate.

Every schema error becomes a located :class:`Diagnostic` (the best match
among ``oneOf`` branches, never a dump of them all) with a did-you-mean for
unknown keys and enum values; every unknown key of a mapping is reported,
not only the first. Long strings and huge collections are bounded before
they are matched or walked (:mod:`.bounds`). :func:`apply_defaults` then fills in every
``default`` the schema declares (:mod:`.defaults`), so the schema stays the
one source of truth for fields, enums and defaults.
"""
from __future__ import annotations

import json

from jsonschema.exceptions import best_match

from ..core.diagnostics import Diagnostic, did_you_mean, raise_if_errors
from .bounds import too_many
from .build import built
from .defaults import apply_defaults, resolve, validator as _validator


def load_schema() -> dict:
    """The DSL's schema, built from the registered types (read-only: do not modify it)."""
    return built()


def component_types() -> list[str]:
    """The component types the schema offers."""
    return list(load_schema()["$defs"]["component"]["properties"]["type"]["enum"])


def _describe(value) -> str:
    if isinstance(value, (dict, list)) and len(value) > 20:
        return f"a {'mapping' if isinstance(value, dict) else 'list'} of {len(value):,} entries"
    if isinstance(value, str) and len(value) > 60:
        value = value[:57]
        return json.dumps(value, ensure_ascii=False)[:-1] + "..."
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


NAME_HINT = "names use lower-case letters, digits and hyphens, and start with a letter"
# One code per kind of schema error (a catalogue entry each), with the JSON Schema keywords of that kind.
SCHEMA_KINDS = {"E201": ("additionalProperties",), "E202": ("required",), "E203": ("type",),
                "E204": ("enum", "const"), "E205": ("pattern", "propertyNames"),
                "E206": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
                "E207": ("minItems", "maxItems", "minProperties", "maxProperties"), "E208": ("uniqueItems",),
                "E209": ("oneOf",), "E212": ("maxLength",)}
SCHEMA_CODES = {keyword: code for code, keywords in SCHEMA_KINDS.items() for keyword in keywords}
OTHER_SCHEMA_CODE = "E200"


def unknown_keys(err) -> list[Diagnostic]:
    """One E201 per key of the mapping that its schema does not allow, each at its key."""
    path = tuple(err.absolute_path)
    allowed = set(err.schema.get("properties", {}))
    extra = [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
    if not extra:
        return [Diagnostic(SCHEMA_CODES["additionalProperties"], err.message, path, at_key=True)]
    out = []
    for key in extra:
        message = f"unknown key '{_clip(key)}'"
        if path and isinstance(err.instance.get("type"), str):
            kind = _clip(err.instance["type"])
            message += f" for {'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
        hint = did_you_mean(key, allowed) or (f"allowed keys: {', '.join(sorted(allowed))}" if allowed else None)
        out.append(Diagnostic(SCHEMA_CODES["additionalProperties"], message, path + (key,), hint=hint, at_key=True))
    return out


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


ENUM_LISTED = 20  # an enum with more choices is named by its count (and a did-you-mean), not listed


def _enum(err, path):
    choices = [str(c) for c in err.validator_value]
    hint = did_you_mean(err.instance, choices) if isinstance(err.instance, str) else None
    if len(choices) > ENUM_LISTED:
        return f"{_describe(err.instance)} is not one of the {len(choices)} known values", path, hint
    return f"{_describe(err.instance)} is not one of: {', '.join(choices)}", path, hint


def _required(err, path):
    missing = [r for r in err.validator_value if r not in (err.instance or {})]
    name = missing[0] if missing else err.validator_value[0]
    sub = resolve(err.schema).get("properties", {}).get(name, {})
    return f"missing required key '{name}'", path, resolve(sub).get("description") if sub else None


def _type(err, path, raw=None):
    expected = err.validator_value
    expected = " or ".join(expected) if isinstance(expected, list) else expected
    hint = None
    if expected == "string" and isinstance(err.instance, (int, float, bool)):
        written = raw if raw is not None else err.instance  # 0750 is read as the octal number 488
        hint = f'quote it: "{written}"'
        if raw is not None and str(err.instance) != raw:
            hint += f" (unquoted, YAML reads {raw} as {json.dumps(err.instance)})"
    shown = _describe(err.instance) if raw is None or str(err.instance) == raw else f"{raw} (read as {_describe(err.instance)})"
    return f"expected {expected}, got {shown}", path, hint


def _pattern(err, path):
    if "propertyNames" in err.schema_path and isinstance(err.instance, str):
        return f"the name {_describe(err.instance)} is not allowed here", path + (err.instance,), \
            err.schema.get("description") or NAME_HINT
    hint = resolve(err.schema).get("description") or f"it must match {err.validator_value}"
    return f"{_describe(err.instance)} does not have the expected form", path, hint


def _property_names(err, path):
    bad = err.instance if isinstance(err.instance, str) else None
    if bad is None:
        return err.message, path, NAME_HINT
    return f"the name {_describe(bad)} is not allowed here", path + (bad,), NAME_HINT


BOUNDS = {"minimum": "is below the minimum of {v}", "maximum": "is above the maximum of {v}",
          "exclusiveMinimum": "must be above {v}", "exclusiveMaximum": "must be below {v}",
          "multipleOf": "is not a multiple of {v}",
          "minLength": "is {n:,} characters long; the minimum is {v:,}",
          "maxLength": "is {n:,} characters long; the limit is {v:,}",
          "minItems": "has {n:,} items; the minimum is {v:,}", "maxItems": "has {n:,} items; the limit is {v:,}",
          "minProperties": "has {n:,} entries; the minimum is {v:,}",
          "maxProperties": "has {n:,} entries; the limit is {v:,}", "uniqueItems": "holds the same item twice"}


def _bounds(err, path):
    size = len(err.instance) if isinstance(err.instance, (str, list, dict)) else 0
    text = BOUNDS[err.validator].format(v=err.validator_value, n=size)
    if isinstance(err.instance, (list, dict)):
        return f"the {'mapping' if isinstance(err.instance, dict) else 'list'} {text}", path, None
    if isinstance(err.instance, str) and size > 60:
        return f"the text {text}", path, None
    return f"{_describe(err.instance)} {text}", path, None


def _one_of(err, path):
    return (best_match(err.context).message if path and err.context else err.message), path, None


def _const(err, path):
    return f"{_describe(err.instance)} must be {_describe(err.validator_value)}", path, None


MESSAGES = {"enum": _enum, "required": _required, "type": _type,
            "pattern": _pattern, "propertyNames": _property_names, "oneOf": _one_of, "const": _const,
            **{v: _bounds for v in BOUNDS}}


def _diagnostic(err, source=None) -> Diagnostic:
    """One schema error as a located diagnostic, worded for the DSL's user."""
    validator = err.validator
    render = MESSAGES.get(validator, lambda e, p: (e.message, p, None))
    if validator == "type":
        raw = source.raw.get(tuple(err.absolute_path)) if source is not None else None
        message, path, hint = _type(err, tuple(err.absolute_path), raw)
    else:
        message, path, hint = render(err, tuple(err.absolute_path))
    if "propertyNames" in err.schema_path and isinstance(err.instance, str) and path[-1:] != (err.instance,):
        path += (err.instance,)  # a key's own error sits at the key
    if hint is None and validator != "additionalProperties":  # name the field's purpose when the schema documents it
        hint = resolve(err.schema).get("description")
    at_key = validator in ("additionalProperties", "propertyNames") or "propertyNames" in err.schema_path
    return Diagnostic(SCHEMA_CODES.get(validator, OTHER_SCHEMA_CODE), message, path, hint=hint, at_key=at_key)


def _exclusive_keys(err) -> Diagnostic | None:
    """``oneOf`` branches that each require one key of a set (``size`` | ``cidrs``): say which."""
    if err.validator != "oneOf" or not isinstance(err.instance, dict):
        return None
    keys = []
    for branch in err.validator_value:
        required = branch.get("required") if isinstance(branch, dict) else None
        if not required or len(required) != 1:
            return None
        keys.append(required[0])
    names = " or ".join(f"'{k}'" for k in keys)
    present = [k for k in keys if k in err.instance]
    path = tuple(err.absolute_path)
    if len(present) > 1:
        return Diagnostic("E210", f"give either {names}, not both", path + (present[-1],),
                          hint=f"remove '{present[-1]}' or '{present[0]}'", at_key=True)
    if not present:
        return Diagnostic("E211", f"missing {names}", path, hint=f"give exactly one of {names}")
    return None


def schema_errors(data: dict, source=None, errors=None) -> list[Diagnostic]:
    """Every schema error, one per location, each the best match of its group (every unknown key),
    up to :data:`MAX_ERRORS`: a list of 3,000 wrong items is not validated to its end."""
    groups: dict[tuple, list] = {}
    if errors is None:
        errors = too_many(data, load_schema()) or _validator().iter_errors(data)
    for count, err in enumerate(errors):
        if count == MAX_ERRORS:
            return _grouped(groups, source) + [Diagnostic(
                "E213", f"more than {MAX_ERRORS} schema errors; the rest are not shown", (),
                hint="fix these and compile again")]
        groups.setdefault(tuple(err.absolute_path), []).append(err)
    return _grouped(groups, source)


MAX_ERRORS = 200  # schema errors collected before validation stops


def _grouped(groups: dict, source) -> list[Diagnostic]:
    out = []
    for path, errs in groups.items():
        # an unknown key is more useful than the branch it made fail
        errs.sort(key=lambda e: e.validator != "additionalProperties")
        for err in (errs if errs[0].validator == "additionalProperties" else [best_match(errs)]):
            exclusive = _exclusive_keys(err)
            if exclusive is not None:
                out.append(exclusive)
                continue
            if err.validator == "oneOf" and err.context:
                err = best_match(err.context)
            out += unknown_keys(err) if err.validator == "additionalProperties" else [_diagnostic(err, source)]
    return out


def section_errors(key: str, value, source=None) -> list[Diagnostic]:
    """The schema errors of one top-level section alone (``environments``, before it is merged)."""
    node = load_schema()["properties"][key]
    return schema_errors({key: value}, source, _validator().descend(value, node, path=key))


def validate(data: dict, source=None) -> dict:
    """Validate, then return a deep copy with every schema default applied."""
    errors = schema_errors(data, source)
    seen = set()
    unique = []
    for diag in errors:
        key = (diag.path, diag.message)
        if key not in seen:
            seen.add(key)
            unique.append(diag)
    raise_if_errors(unique, source)
    return apply_defaults(data)
