"""Every diagnostic code the compiler can report: the stages' and each registered type's.

:func:`catalogue` joins :data:`awsarch_compiler.core.codes.CODES` (three-digit
stage codes) with the ``codes`` of every type in the registry (four-digit
codes in the type's ``code_block``) and checks the scheme while doing so: a
code is never defined twice, a stage code's hundred is a stage, a type's
block is its own, and each type's codes lie in its block. :func:`owner`
names the stage or type a code belongs to.
"""
from __future__ import annotations

import re

from .core.codes import CODES, STAGES, Code
from .types import registry

STAGE_CODE = re.compile(r"^[EW]([1-9])[0-9]{2}$")
TYPE_CODE = re.compile(r"^[EW]([1-9][0-9])[0-9]{2}$")


def sort_key(code: str) -> tuple:
    """Stage codes first, then type codes, each by number; an error before the warning of its number."""
    return (len(code), int(code[1:]), code[0])


def blocks() -> dict[int, str]:
    """Code block -> type name, for every registered type that declares one (ValueError on a shared block)."""
    out: dict[int, str] = {}
    for name, kind in registry().items():
        block = kind.code_block
        if block is None:
            if kind.codes:
                raise ValueError(f"{name} defines codes but declares no code_block")
            continue
        if not isinstance(block, int) or not 10 <= block <= 99:
            raise ValueError(f"{name}: code_block {block!r} is not a two-digit number")
        if block in out:
            raise ValueError(f"{name} and {out[block]} both declare code block {block}")
        out[block] = name
    return out


def _add(found: dict, code: str, entry: Code, where: str) -> None:
    if code in found:
        raise ValueError(f"{code} is defined twice ({found[code][1]} and {where})")
    if not isinstance(entry, Code):
        raise ValueError(f"{code} ({where}) is not a Code")
    found[code] = (entry, where)


def catalogue() -> dict[str, Code]:
    """Code -> Code(meaning, fix) for every stage and type code, sorted (ValueError where the scheme breaks)."""
    found: dict[str, tuple[Code, str]] = {}
    for code, entry in CODES.items():
        match = STAGE_CODE.match(code)
        if not match or int(match.group(1)) not in STAGES:
            raise ValueError(f"{code} is not a stage code (E/W and a stage's hundred)")
        _add(found, code, entry, "core.codes")
    for block, name in blocks().items():
        for code, entry in registry()[name].codes.items():
            match = TYPE_CODE.match(code)
            if not match or int(match.group(1)) != block:
                raise ValueError(f"{name}: {code} lies outside its block {block} (E{block}01-E{block}99)")
            _add(found, code, entry, name)
    return {code: found[code][0] for code in sorted(found, key=sort_key)}


def owner(code: str) -> str:
    """The stage (``load``, ``validate``, ...) or the type name (``queue``) a code belongs to."""
    stage = STAGE_CODE.match(code)
    if stage:
        digit = int(stage.group(1))
        if digit not in STAGES:
            raise ValueError(f"{code}: no stage owns the {digit}00s")
        return STAGES[digit].name
    block = TYPE_CODE.match(code)
    if block:
        owners = blocks()
        if int(block.group(1)) not in owners:
            raise ValueError(f"{code}: no type declares block {block.group(1)}")
        return owners[int(block.group(1))]
    raise ValueError(f"{code!r} is not a diagnostic code (E or W and three or four digits)")
