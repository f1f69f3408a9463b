"""Input limits AWS enforces that the schema cannot express, checked before anything is generated.

- Tags: AWS accepts letters, digits and spaces of any script and
  ``_ . : / = + - @`` in tag keys and values (a JSON Schema pattern cannot
  say "any letter" the same way in every editor, so the check is here); a
  resource carries at most 50 tags, and the compiler adds up to
  :data:`OWN_TAGS` of its own (``awsarch:architecture``,
  ``awsarch:component``, ``Name``), so the file's tags and a component's
  together may be at most 50 minus that.
- The root template's Description (the file's ``description``) is at most
  1,024 bytes of UTF-8, which the schema's character count cannot bound.
- ``scaling`` needs room to scale: with ``capacity`` min equal to max, a
  target-tracking policy is rejected by AWS.
"""
from __future__ import annotations

import unicodedata

from .diagnostics import Diagnostic, error
from .model import Architecture, Capacity

TAG_LIMIT = 50  # tags per resource (AWS)
OWN_TAGS = 3  # the compiler's own tags on one resource, at most
TAG_PUNCTUATION = set("_.:/=+-@")
DESCRIPTION_BYTES = 1024  # a template's Description (CloudFormation)


def bad_tag_character(text: str) -> str | None:
    """The first character AWS does not accept in a tag key or value, or None."""
    for char in text:
        if char not in TAG_PUNCTUATION and unicodedata.category(char)[0] not in "LNZ":
            return char
    return None


def _shown(char: str) -> str:
    return f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"


def tag_errors(tags, path: tuple) -> list[Diagnostic]:
    out = []
    for key, value in tags.items():
        for what, text in (("key", key), ("value", value)):
            char = bad_tag_character(text) if isinstance(text, str) else None
            if char is not None:
                out.append(error("E331", f"the tag {what} {text[:40]!r} holds {_shown(char)}, which AWS does not "
                                         "accept in tags", path + (key,),
                                 "tags take letters, digits, spaces and _ . : / = + - @"))
    return out


def tag_count_errors(arch: Architecture) -> list[Diagnostic]:
    """The file's tags alone, else each component's merged with them, over what a resource can carry."""
    room = TAG_LIMIT - OWN_TAGS
    sets = [("the file", ("tags",), dict(arch.tags))] if len(arch.tags) > room else \
        [(f"'{c.name}'", ("components", c.name, "tags"), {**arch.tags, **c.tags}) for c in arch.components.values()]
    return [error("E332", f"{who} would put {len(tags)} tags on a resource, and the compiler adds {OWN_TAGS} of "
                          f"its own: AWS allows {TAG_LIMIT}", path,
                  f"keep the file's tags and a component's together at most {room}")
            for who, path, tags in sets if len(tags) > room]


def description_errors(arch: Architecture) -> list[Diagnostic]:
    size = len((arch.description or "").encode("utf-8"))
    if size <= DESCRIPTION_BYTES:
        return []
    return [error("E333", f"the description is {size:,} bytes of UTF-8; a template's Description may be at most "
                          f"{DESCRIPTION_BYTES:,}", ("description",), "shorten it (letters outside ASCII take 2 to 4 bytes)")]


def scaling_errors(arch: Architecture) -> list[Diagnostic]:
    """``scaling`` beside a ``capacity`` with min equal to max: nothing to scale between."""
    out = []
    for comp in arch.components.values():
        capacity, scaling = getattr(comp, "capacity", None), getattr(comp, "scaling", None)
        scheduled = bool(getattr(scaling, "schedule", ()))  # scheduled actions change min and max themselves
        if isinstance(capacity, Capacity) and scaling is not None and capacity.min == capacity.max and not scheduled:
            out.append(error("E334", f"scaling needs room: capacity min and max are both {capacity.min}",
                             ("components", comp.name, "scaling"),
                             "raise capacity max above min, or remove scaling for a fixed size"))
    return out


def check(arch: Architecture) -> list[Diagnostic]:
    out = tag_errors(arch.tags, ("tags",)) + tag_count_errors(arch) + description_errors(arch) + scaling_errors(arch)
    for comp in arch.components.values():
        out += tag_errors(comp.tags, ("components", comp.name, "tags"))
    return out
