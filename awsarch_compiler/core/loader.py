"""Stage 1: load. Safe YAML -> plain data plus a source map.

The YAML is composed into nodes (never constructed into Python objects by
tag), then walked once into plain dicts, lists and scalars while recording
the line and column of every key and value. The walk rejects what a
declarative DSL file must not contain: Python or custom tags, duplicate keys,
non-string keys, alias expansion past a bound (a "billion laughs" file
fails fast instead of hanging), and numbers JSON and CloudFormation cannot
carry (``.nan``, ``.inf``, integers beyond 2**53). Oversized files, tabs,
control characters, empty files and non-UTF-8 bytes get located errors.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import ArchError, Diagnostic

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000  # nodes visited while expanding aliases
MAX_DEPTH = 64
UNREADABLE = "E109"  # the file cannot be read: the command line answers it as a usage error
MAX_NUMBER = 2 ** 53  # the largest integer every JSON reader keeps exactly; no DSL field needs more

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """The loaded file: its name, text and where each DSL path sits in it."""

    name: str
    text: str
    values: dict = field(default_factory=dict)  # path -> (line, col) of the value
    keys: dict = field(default_factory=dict)  # path -> (line, col) of the key
    raw: dict = field(default_factory=dict)  # path -> the text of a number or boolean as written (0750, yes)

    def position(self, path) -> tuple[int | None, int | None]:
        """The closest known position for ``path`` (walks up to a parent)."""
        path = tuple(path)
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def key_position(self, path) -> tuple[int | None, int | None]:
        path = tuple(path)
        return self.keys.get(path) or self.position(path)

    def line_text(self, line: int) -> str | None:
        lines = self.__dict__.get("_lines")
        if lines is None:  # split once: a file with thousands of errors asks for thousands of lines
            lines = self.__dict__["_lines"] = self.text.splitlines()
        if 1 <= line <= len(lines):
            return lines[line - 1].rstrip()
        return None


def _err(source_name, code, message, line=None, col=None, path=(), hint=None, source=None):
    return ArchError([Diagnostic(code, message, tuple(path), source_name, line, col, hint)], source)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Walker:
    def __init__(self, source: Source):
        self.source = source
        self.visited = 0
        self.scalar_loader = yaml.SafeLoader("")
        self.errors: list[Diagnostic] = []

    def fail(self, code, message, node, path, hint=None):
        line, col = _mark(node)
        self.errors.append(Diagnostic(code, message, tuple(path), self.source.name, line, col, hint))

    def walk(self, node, path=(), depth=0):
        self.visited += 1
        if self.visited > MAX_NODES:
            line, col = _mark(node)
            raise _err(self.source.name, "E106",
                       f"the document expands to more than {MAX_NODES:,} nodes through YAML aliases",
                       line, col, path, "remove the recursive or repeated aliases (&anchor / *alias)")
        if depth > MAX_DEPTH:
            line, col = _mark(node)
            raise _err(self.source.name, "E107", f"the document nests deeper than {MAX_DEPTH} levels",
                       line, col, path)
        self.source.values.setdefault(tuple(path), _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _CORE + "seq":
                self.bad_tag(node, path)
                return None
            return [self.walk(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def bad_tag(self, node, path):
        self.fail("E105", f"the YAML tag '{node.tag}' is not allowed", node, path,
                  "the DSL is plain YAML: remove the tag (CloudFormation intrinsics such as !Ref "
                  "belong in 'overrides', written as {Ref: Name})")

    def scalar(self, node, path, key=False):
        if node.tag not in _SCALAR_TAGS:
            if node.tag == _CORE + "timestamp":
                return node.value  # dates are only ever strings in the DSL
            self.bad_tag(node, path)
            return None
        try:
            value = self.scalar_loader.construct_object(node)
        except ValueError:  # an integer of thousands of digits
            value = math.inf
        if key:  # a number or boolean key is read as the text it is written as
            return value if isinstance(value, str) or value is None else node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.source.raw[tuple(path)] = node.value
            return self.number(value, node, path)
        if isinstance(value, bool):
            self.source.raw[tuple(path)] = node.value
        return value

    def number(self, value, node, path):
        """Numbers JSON and CloudFormation can carry: finite, and no larger than :data:`MAX_NUMBER`."""
        if isinstance(value, float) and not math.isfinite(value) and node.value.lower().lstrip("+-") in (".nan", ".inf"):
            self.fail("E114", f"'{node.value}' is not a number a template can hold", node, path,
                      "write a finite number such as 5 or 0.5")
            return None
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
            self.fail("E115", f"the number {_short(node.value)} is too large (the limit is {MAX_NUMBER:,})",
                      node, path, "write a number within the field's range")
            return None
        return value

    def mapping(self, node, path, depth):
        if node.tag not in (_CORE + "map",):
            self.bad_tag(node, path)
            return None
        result: dict = {}
        explicit = set()
        merged: list = []
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                merged.append(value_node)
                continue
            key = self.walk(key_node, path + ("<key>",), depth + 1) if not isinstance(key_node, yaml.ScalarNode) else self.scalar(key_node, path, key=True)
            if not isinstance(key, str):
                if isinstance(key, (int, float, bool)) and key is not None:
                    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else key
                if not isinstance(key, str):
                    self.fail("E104", "mapping keys must be plain strings", key_node, path)
                    continue
            if key in explicit:
                first = self.source.keys.get(path + (key,), (None, None))
                self.fail("E103", f"duplicate key '{key}' (first defined on line {first[0]})",
                          key_node, path + (key,), "remove one of the two entries")
                continue
            explicit.add(key)
            self.source.keys[path + (key,)] = _mark(key_node)
            result[key] = self.walk(value_node, path + (key,), depth + 1)
        for merge_node in merged:  # YAML merge keys: explicit keys win
            sources = merge_node.value if isinstance(merge_node, yaml.SequenceNode) else [merge_node]
            for src in sources:
                data = self.walk(src, path, depth + 1)
                if not isinstance(data, dict):
                    self.fail("E111", "a merge key (<<) must name a mapping", merge_node, path)
                    continue
                for key, value in data.items():
                    result.setdefault(key, value)
        return result


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _too_big(name: str, size: int) -> ArchError:
    return _err(name, "E102", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                hint="an architecture file is a few hundred lines; split out what does not belong")


def _invalid_yaml(exc: yaml.YAMLError, source: Source) -> ArchError:
    """The parser's complaint, located where it has a mark, with a hint for tab indentation."""
    line = col = hint = None
    problem = str(exc)
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: no mark, only a position
        before = source.text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        problem = f"the control character U+{char:04X} is not allowed"
        hint = "remove it; a NUL byte often means the file is binary or UTF-16, not UTF-8 text"
    elif isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        if "\t" in problem or "'\\t'" in problem or (line and "\t" in (source.line_text(line) or "")):
            problem = "a tab character is used for indentation"
            hint = "YAML indents with spaces only: replace the tab with spaces"
    return _err(source.name, "E100", f"invalid YAML: {problem}", line, col, hint=hint, source=source)


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _too_big(name, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _err(name, "E101", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                   line, col, hint="save the file as UTF-8")
    return text.lstrip("\ufeff")


def load_text(text: str, name: str = "<input>") -> tuple[dict, Source]:
    """Parse YAML text into ``(data, source)`` or raise :class:`ArchError`."""
    source = Source(name=name, text=text)
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        raise _err(name, "E108", "the file is empty", 1, 1,
                   hint="start with 'awsarch: 1' and a 'name:'; see the examples/ folder")
    try:
        nodes = list(yaml.compose_all(text, Loader=_BASE))
    except yaml.YAMLError as exc:
        raise _invalid_yaml(exc, source)
    if len(nodes) != 1 or nodes[0] is None:
        line = nodes[1].start_mark.line + 1 if len(nodes) > 1 and nodes[1] is not None else 1
        raise _err(name, "E112", "the file must hold exactly one YAML document", line, 1,
                   hint="remove the '---' separators")
    walker = _Walker(source)
    data = walker.walk(nodes[0])
    if walker.errors:
        raise ArchError(walker.errors, source)
    if not isinstance(data, dict):
        raise _err(name, "E113", "the top level must be a mapping of keys such as 'awsarch' and 'name'",
                   *_mark(nodes[0]), hint="start with 'awsarch: 1' and a 'name:'; see the examples/ folder")
    return data, source


def load_file(path: str | Path) -> tuple[dict, Source]:
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _too_big(name, path.stat().st_size)
        raw = path.read_bytes()
    except OSError as exc:
        raise _err(name, UNREADABLE, f"cannot read the file: {exc.strerror}")
    return load_text(_decode(raw, name), name)
