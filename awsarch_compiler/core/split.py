"""Automatic stack splitting: a layer too large for one nested stack becomes numbered stacks.

A layer whose resources fit CloudFormation's quotas (500 resources, 200
parameters, 200 outputs, 1 MB) stays one stack, named after the layer. One
that does not is split by component, never inside one: the components of a
layer that refer to each other (a load balancer and the services whose target
groups it routes to) form one *unit* and always share a stack, so that the
stacks of a layer never refer to each other in a circle. Resources that
belong to no component, components pinned with ``stack:``, and everything
they refer to in the layer, are the layer's *base* and stay in its first
stack (``-compute``); the other stacks refer to it, never the other way.

Units are spread by a hash of their first component's name, the way
extendible hashing grows: a stack that would pass a quota splits in two by
one more bit of the hash, the half with the bit set moving to the stack
numbered ``residue + 1`` (``-compute-2``, ``-compute-3``, ...). A unit's stack
therefore depends only on its own name and on how full its own stack is:
adding a component never moves a component of another stack, and moves
components of its own stack only when that stack passes its quota. Stacks of
a split layer are kept under 80 % of each quota, so that they have room to
grow before they split again.
"""
from __future__ import annotations

import hashlib
import json
import re

from .diagnostics import Diagnostic, error
from .naming import LAYERS

QUOTAS = {"resources": 500, "parameters": 200, "outputs": 200, "bytes": 1_000_000}
HEADROOM = 0.8  # the fill a stack of a split layer is kept under
MAX_DEPTH = 12  # at most 4,096 stacks per layer: far more than 1,000 components need
BYTES_PER_JSON_BYTE = 2  # rendered YAML or indented JSON per byte of compact JSON, generously
WIRE_BYTES = 120  # a Parameter or Output declaration
BASE = ""  # the unit of a layer's base
_SUB = re.compile(r"\$\{(?!!)([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}")


def stack_name(layer: str, residue: int) -> str:
    """The stack of a layer that holds the units whose hash is ``residue`` modulo its depth."""
    return layer if residue == 0 else f"{layer}-{residue + 1}"


def stack_order(name: str) -> tuple:
    """Stacks in layer order, then by number."""
    layer, _, number = name.partition("-")
    return LAYERS.index(layer), int(number or 1)


def references(value) -> tuple[set, set]:
    """The (logical ID, attribute) pairs a resource body names, and its ``DependsOn`` names."""
    refs: set = set()
    todo = [value.get(key) for key in ("Properties", "Metadata", "UpdatePolicy", "CreationPolicy") if key in value]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            for key, arg in node.items():
                if key == "Ref" and isinstance(arg, str):
                    refs.add((arg, None))
                elif key == "Fn::GetAtt":
                    name, attr = arg.split(".", 1) if isinstance(arg, str) else (arg + [None, None])[:2]
                    if isinstance(name, str):
                        refs.add((name, attr if isinstance(attr, str) else None))
                elif key == "Fn::Sub":
                    text, variables = (arg, {}) if isinstance(arg, str) else (arg + ["", {}])[:2]
                    if isinstance(text, str):
                        refs.update((n, a or None) for n, a in _SUB.findall(text)
                                    if not isinstance(variables, dict) or n not in variables)
                    todo.append(variables)
                else:
                    todo.append(arg)
    depends = value.get("DependsOn") or []
    return refs, set([depends] if isinstance(depends, str) else depends)


class _Units:
    """Union-find over the component names of one layer."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the base, then the smallest name, names the unit
            keep, gone = (ra, rb) if ra == BASE or (rb != BASE and ra < rb) else (rb, ra)
            self.parent[gone] = keep


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


class Layer:
    """What splitting needs to know of one layer's units."""

    def __init__(self, name: str):
        self.name = name
        self.units = _Units()
        self.logicals: dict = {}  # unit -> its logical IDs
        self.stats: dict = {}  # unit -> {"resources", "bytes"}
        self.imports: dict = {}  # unit -> {(logical, attr): owning unit, or None outside the layer}
        self.exports: dict = {}  # unit -> {(logical, attr): referring units (None: outside the layer)}

    def fits(self, units: list, fraction: float) -> bool:
        return not self.over(units, fraction)

    def over(self, units: list, fraction: float = 1.0) -> list:
        """The quotas ``units`` together pass: (what, how many, the quota)."""
        inside = set(units)
        counts = {"resources": sum(self.stats[u]["resources"] for u in units)}
        params = {ref for u in units for ref, owner in self.imports.get(u, {}).items() if owner not in inside}
        outputs = {ref for u in units for ref, users in self.exports.get(u, {}).items() if not users <= inside}
        counts["parameters"], counts["outputs"] = len(params), len(outputs)
        counts["bytes"] = sum(self.stats[u]["bytes"] for u in units) + WIRE_BYTES * (len(params) + len(outputs))
        return [(what, counts[what], limit) for what, limit in QUOTAS.items() if counts[what] > limit * fraction]


def _owner_key(entry, pinned) -> str:
    return BASE if entry.component is None or entry.component in pinned else entry.component


def _layers(rendered: dict, entries: dict, pinned: set, root_params: set, root_refs: set) -> dict:
    """Each layer's units, with their sizes and the references that would cross a stack."""
    layers: dict = {}
    refs = {logical: references(rendered.get(logical, {})) for logical in entries}
    for logical, entry in entries.items():
        layer = layers.setdefault(entry.layer, Layer(entry.layer))
        layer.units.find(_owner_key(entry, pinned))
        for target in {t for t, _ in refs[logical][0]} | refs[logical][1]:
            other = entries.get(target)
            if other is None or other.layer != entry.layer:
                continue
            mine, theirs = _owner_key(entry, pinned), _owner_key(other, pinned)
            if mine != BASE and theirs == BASE:
                continue  # a unit refers to its layer's base: one way, never a circle
            layer.units.union(mine, theirs)
    for logical, entry in entries.items():
        layer = layers[entry.layer]
        unit = layer.units.find(_owner_key(entry, pinned))
        layer.logicals.setdefault(unit, []).append(logical)
        stats = layer.stats.setdefault(unit, {"resources": 0, "bytes": 0})
        stats["resources"] += 1
        stats["bytes"] += BYTES_PER_JSON_BYTE * len(json.dumps(rendered.get(logical, {}), separators=(",", ":")))
        for target, attr in refs[logical][0]:
            other = entries.get(target)
            if other is None:
                if target in root_params and attr is None:
                    layer.imports.setdefault(unit, {})[(target, None)] = None
                continue
            owner_layer = layers[other.layer]
            theirs = owner_layer.units.find(_owner_key(other, pinned))
            if other.layer == entry.layer and theirs == unit:
                continue
            layer.imports.setdefault(unit, {})[(target, attr)] = theirs if other.layer == entry.layer else None
            users = owner_layer.exports.setdefault(theirs, {}).setdefault((target, attr), set())
            users.add(unit if other.layer == entry.layer else None)
    for target, attr in root_refs:
        other = entries.get(target)
        if other is not None:
            layer = layers[other.layer]
            layer.exports.setdefault(layer.units.find(_owner_key(other, pinned)), {}).setdefault((target, attr), set()).add(None)
    return layers


def _spread(layer: Layer, units: list, residue: int, depth: int, out: dict, diags: list) -> None:
    """Place ``units`` (the stack of ``residue`` at ``depth`` bits) or split them by the next bit."""
    fraction = 1.0 if depth == 0 or len(units) == 1 else HEADROOM
    if layer.fits(units, fraction) or units == [BASE]:
        out[stack_name(layer.name, residue)] = units
        return
    if len(units) == 1 or depth >= MAX_DEPTH:
        names = sorted(n for u in units for n in _members(layer, u))
        passed = ", ".join(f"{used:,} {what} (the quota is {limit:,})" for what, used, limit in layer.over(units))
        diags.append(error("E507", f"the {layer.name} stack cannot be split: components {', '.join(names[:8])}"
                           + (f" and {len(names) - 8} more" if len(names) > 8 else "")
                           + f" refer to each other and together need {passed}",
                           ("components", names[0]),
                           "pin some of them to another stack with 'stack: NAME', or split the architecture"))
        out[stack_name(layer.name, residue)] = units
        return
    low = [u for u in units if u == BASE or not (_hash(u) >> depth) & 1]
    high = [u for u in units if u != BASE and (_hash(u) >> depth) & 1]
    _spread(layer, low, residue, depth + 1, out, diags)
    if high:
        _spread(layer, high, residue + (1 << depth), depth + 1, out, diags)


def _members(layer: Layer, unit: str) -> list:
    return sorted({k for k in layer.units.parent if layer.units.find(k) == unit and k != BASE})


def place(rendered: dict, entries: dict, pinned: set, root_params: set, root_refs: set) -> tuple[dict, list[Diagnostic]]:
    """Logical ID -> the name of the stack it lands in; an error for a unit no stack can hold."""
    diags: list[Diagnostic] = []
    where: dict = {}
    for name, layer in _layers(rendered, entries, pinned, root_params, root_refs).items():
        stacks: dict = {}
        _spread(layer, sorted(layer.logicals, key=lambda u: (u != BASE, u)), 0, 0, stacks, diags)
        for stack, units in stacks.items():
            for unit in units:
                where.update((logical, stack) for logical in layer.logicals.get(unit, ()))
    return where, diags
