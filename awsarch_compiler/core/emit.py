"""Fast YAML rendering: the same bytes as the reference emitter in ``output``, several times sooner.

The reference path runs PyYAML's representer and emitter in Python. Here the
node tree is built directly (the one style decision the reference makes
differently from libyaml — a short-form intrinsic is plain only when plain is
safe in block and flow context alike — decided while building it), each
distinct scalar's tag resolution is computed once, and libyaml's
emitter writes the text when it is installed. ``tests/test_emit.py`` checks
the two paths byte for byte on every example and on generated values.
"""
from __future__ import annotations

import json
from functools import lru_cache
from types import SimpleNamespace

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

STR, MAP, SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_ANALYSER = SimpleNamespace(allow_unicode=True)  # all that Emitter.analyze_scalar reads of its emitter
_RESOLVER = yaml.resolver.Resolver()
_REPRESENTER = yaml.representer.SafeRepresenter()


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter when PyYAML has it, else PyYAML's own; a scalar's tag resolved once per value."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _resolve(value, implicit)
        return super().resolve(kind, value, implicit)


@lru_cache(maxsize=None)
def tagged_style(text: str):
    """The style of a short-form intrinsic's scalar: plain when plain is safe everywhere, else quoted."""
    analysis = yaml.emitter.Emitter.analyze_scalar(_ANALYSER, text)
    plain = not analysis.empty and not analysis.multiline and analysis.allow_block_plain and analysis.allow_flow_plain
    return None if plain else "'"


@lru_cache(maxsize=None)
def _resolve(value: str, implicit: tuple) -> str:
    return _RESOLVER.resolve(ScalarNode, value, implicit)


class Unsure(Exception):
    """A value whose text libyaml may write differently from the reference emitter (an empty, long or
    multi-line mapping key: the reference writes it as a complex ``?`` key); the caller uses the reference."""


def _literal(text: str) -> str:
    """A multi-line string's style, ``|``, unless its end keeps blank lines (``|+``, after which the two
    emitters disagree about writing the ``...`` marker) or it starts with a space or a line break."""
    if text.endswith("\n\n") or text == "\n" or text[:1] in (" ", "\n", "\t"):
        raise Unsure(text)
    return "|"


def _scalar(value) -> ScalarNode:
    if isinstance(value, str):
        return ScalarNode(STR, value, style=_literal(value) if "\n" in value else None)
    return _REPRESENTER.represent_data(value)


def _intrinsic(key: str, arg):
    tag = "!Ref" if key == "Ref" else "!" + key[4:] if key.startswith("Fn::") else None
    if tag is None:
        return None
    if tag == "!GetAtt" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        text = ".".join(arg)
        return ScalarNode(tag, text, style=tagged_style(text))
    if isinstance(arg, str):
        return ScalarNode(tag, arg, style=_literal(arg) if "\n" in arg else tagged_style(arg))
    if isinstance(arg, list):
        return SequenceNode(tag, [node(v) for v in arg], flow_style=False)
    if isinstance(arg, dict):
        return MappingNode(tag, [(_key(k), node(v)) for k, v in arg.items()], flow_style=False)
    text = json.dumps(arg)
    return ScalarNode(tag, text, style=tagged_style(text))


def _key(key):
    if not isinstance(key, str) or not key or len(key) > 100 or "\n" in key:
        raise Unsure(key)
    return _scalar(key)


def node(value):
    """``value`` as the node tree the reference representer builds."""
    if isinstance(value, dict):
        if len(value) == 1:
            (key, arg), = value.items()
            found = _intrinsic(key, arg)
            if found is not None:
                return found
        return MappingNode(MAP, [(_key(k), node(v)) for k, v in value.items()], flow_style=False)
    if isinstance(value, list):
        return SequenceNode(SEQ, [node(v) for v in value], flow_style=False)
    return _scalar(value)


def dump(data) -> str:
    """The text of ``data``; raises :class:`Unsure` for what only the reference emitter writes exactly."""
    return yaml.serialize(node(data), Dumper=Dumper, allow_unicode=True, width=10_000)
