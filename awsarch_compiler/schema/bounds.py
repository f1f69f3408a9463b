"""Bounds that keep validation fast on hostile input, applied before and during schema validation.

- Every ``pattern`` is matched only against a string no longer than the
  node's ``maxLength``, else :data:`PATTERN_BOUND`: a 40 KB value of a field
  whose regular expression backtracks gets a length error at once instead
  of a quadratic match (the validator class :data:`BoundedValidator`).
- ``uniqueItems`` is checked in linear time (items compared by a canonical
  JSON form instead of pairwise, which is quadratic for unhashable items) and
  not at all on an array longer than its ``maxItems``, which that keyword reports.
- Collections the schema caps (``components``: ``maxProperties``) are
  counted before anything else, so an 84,000-component file fails with one
  clear error instead of being validated entry by entry (:func:`too_many`).
"""
from __future__ import annotations

import json

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

PATTERN_BOUND = 1024  # characters: longer than any pattern-checked DSL value (URLs, S3 URIs, ARNs)
COUNTED_FIRST = ("components",)  # top-level mappings whose maxProperties is checked before validation

_PATTERN = Draft202012Validator.VALIDATORS["pattern"]


def _bounded_pattern(validator, pattern, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    bound = schema.get("maxLength", PATTERN_BOUND)
    if len(instance) > bound:
        if "maxLength" not in schema:  # else the maxLength keyword reports it
            yield ValidationError(f"is longer than {bound:,} characters", validator="maxLength",
                                  validator_value=bound)
        return
    yield from _PATTERN(validator, pattern, instance, schema)


def _canonical(item):
    """A JSON key under which two items are equal exactly when JSON Schema calls them equal
    (``1`` equals ``1.0``; ``true`` is not ``1``)."""
    if isinstance(item, float) and item.is_integer():
        item = int(item)
    if isinstance(item, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{_canonical(v)}" for k, v in sorted(item.items(), key=str)) + "}"
    if isinstance(item, list):
        return "[" + ",".join(_canonical(v) for v in item) + "]"
    return json.dumps(item, default=str)


def _linear_unique(validator, unique, instance, schema):
    if not unique or not validator.is_type(instance, "array"):
        return
    if len(instance) > schema.get("maxItems", len(instance)):
        return  # maxItems reports it
    seen = set()
    for item in instance:
        key = _canonical(item)
        if key in seen:
            yield ValidationError(f"{instance!r} has non-unique elements")
            return
        seen.add(key)


BoundedValidator = validators.extend(Draft202012Validator, {"pattern": _bounded_pattern, "uniqueItems": _linear_unique})


def too_many(data: dict, schema: dict) -> list[ValidationError]:
    """A ``maxProperties`` error for each counted-first mapping of ``data`` over its bound."""
    out = []
    for key in COUNTED_FIRST:
        value = data.get(key)
        limit = schema["properties"][key].get("maxProperties")
        if isinstance(value, dict) and limit is not None and len(value) > limit:
            err = ValidationError(f"has {len(value):,} entries", validator="maxProperties", validator_value=limit,
                                  instance=value, schema=schema["properties"][key], path=(key,),
                                  type_checker=BoundedValidator.TYPE_CHECKER)
            out.append(err)
    return out
