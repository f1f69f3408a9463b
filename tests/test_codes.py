"""The diagnostic-code catalogue: one code, one call site, one meaning.

Every module of the package is parsed (nothing is run) and every string
constant that is exactly a code (``E101``, ``W502``, ``E1101``) is a raise
site, plus the values of the schema's code table. The catalogue modules
(``core/codes.py`` and each type's ``codes.py``) define the codes and are not
raise sites. Then: every raised code is in the catalogue, every catalogue
entry is raised, each code is raised from exactly one place, type codes sit
in their type's block and stage codes in the hundred of the stage whose
module raises them, and every entry says what is wrong and what to do.
"""
import ast
import re

import pytest

from awsarch_compiler import catalogue as catalogue_module
from awsarch_compiler.catalogue import blocks, catalogue, owner, sort_key
from awsarch_compiler.core.codes import CODES, STAGES, Code
from awsarch_compiler.schema import validate
from awsarch_compiler.types import package_of, registry

from conftest import ROOT

PACKAGE = ROOT / "awsarch_compiler"
CODE = re.compile(r"^[EW][0-9]{3,4}$")
CATALOGUE_FILE = "codes.py"  # core/codes.py and types/<pkg>/codes.py define codes; they raise none
# Code-shaped constants in the package that are not diagnostics of ours: code -> (module, reason).
FOREIGN = {
    "W3002": ("awsarch_compiler.core.lint", "cfn-lint's own rule ID, which lint.py tells cfn-lint to ignore"),
    "E3720": ("awsarch_compiler.types.database.recovery",
              "cfn-lint's own rule ID, waived on a cross-region read replica (its E3020 contradicts it there)"),
}
# The blocks the component types were given, in this order (26 and up are for future types).
BLOCKS = {10: "bucket", 11: "queue", 12: "topic", 13: "function", 14: "table", 15: "cache", 16: "database",
          17: "file-system", 18: "secret", 19: "repository", 20: "user-pool", 21: "load-balancer",
          22: "instance-group", 23: "container-service", 24: "api", 25: "static-site"}


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def literals(source: str) -> list[tuple[str, int]]:
    """(code, line) of every string constant in ``source`` that is exactly a code."""
    return [(node.value, node.lineno) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value)]


def raise_sites(sources: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Code -> [(module, line)] over ``sources`` (module name -> text), foreign code shapes left out."""
    out: dict[str, list[tuple[str, int]]] = {}
    for module, text in sorted(sources.items()):
        for code, line in literals(text):
            if code not in FOREIGN:
                out.setdefault(code, []).append((module, line))
    return out


def duplicates(sites: dict) -> dict:
    """Codes raised from more than one place: one code, one call site."""
    return {code: where for code, where in sites.items() if len(where) != 1}


def type_packages() -> dict[str, object]:
    """``awsarch_compiler.types.queue`` -> the queue's ComponentType."""
    return {package_of(kind): kind for kind in registry().values()}


def misplaced(sites: dict) -> list[str]:
    """Codes raised outside their owner: a type's outside its block, a stage's outside its hundred."""
    packages, out = type_packages(), []
    for code, where in sites.items():
        for module, line in where:
            parts = module.split(".")
            package = ".".join(parts[:3])
            if parts[1:2] == ["types"] and package in packages:
                block = packages[package].code_block
                if not (len(code) == 5 and block is not None and code[1:3] == f"{block:02d}"):
                    out.append(f"{module}:{line} raises {code} outside the block E{block}xx of its type")
                continue
            stage = STAGES.get(int(code[1])) if len(code) == 4 else None
            if stage is None or ".".join(parts[1:]) not in stage.modules:
                out.append(f"{module}:{line} raises {code}, and it is not a module of "
                           f"{'the ' + stage.name + ' stage' if stage else 'any stage'}")
    return out


SOURCES = {module_name(p): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))
           if p.name != CATALOGUE_FILE}
SITES = raise_sites(SOURCES)
TABLED = set(validate.SCHEMA_CODES.values()) | {validate.OTHER_SCHEMA_CODE}  # the schema's code table


def test_sources_were_found():
    assert len(SOURCES) > 50 and len(SITES) > 150
    assert TABLED <= set(SITES), "the schema's table codes are literals of schema/validate.py"


def test_every_raised_code_is_in_the_catalogue():
    assert sorted((set(SITES) | TABLED) - set(catalogue())) == []


def test_every_catalogue_entry_is_raised_somewhere():
    assert sorted(set(catalogue()) - set(SITES) - TABLED) == []


def test_each_code_is_raised_from_exactly_one_place():
    assert duplicates(SITES) == {}


def test_catalogue_modules_define_each_code_once():
    for path in sorted(PACKAGE.rglob(CATALOGUE_FILE)):
        keys = [node.value for d in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(d, ast.Dict)
                for node in d.keys if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and CODE.match(node.value)]
        assert len(keys) == len(set(keys)), f"{path.relative_to(ROOT)} defines a code twice"


def test_type_codes_sit_in_their_block_and_stage_codes_in_their_stage():
    assert misplaced(SITES) == []


def test_every_code_says_what_is_wrong_and_what_to_do():
    for code, entry in catalogue().items():
        assert isinstance(entry, Code), code
        for text in (entry.meaning, entry.fix):
            assert text.strip() and "\n" not in text and text == text.strip(), (code, text)


def test_foreign_code_shapes_are_where_the_exception_says():
    for code, (module, reason) in FOREIGN.items():
        assert reason
        found = [m for m, text in SOURCES.items() if code in (c for c, _ in literals(text))]
        assert found == [module], (code, found)
        assert code not in catalogue()


def test_a_second_call_site_would_be_found():
    sites = raise_sites({"awsarch_compiler.core.semantics": 'error("E303", "a")\nerror("E303", "b")\n',
                         "awsarch_compiler.core.references": 'error("E301", "c")\n'})
    assert duplicates(sites) == {"E303": [("awsarch_compiler.core.semantics", 1), ("awsarch_compiler.core.semantics", 2)]}
    assert raise_sites({"x": 'code = "W3002"\n'}) == {}


def test_a_code_outside_its_owner_would_be_found():
    queue, topic = package_of(registry()["queue"]), package_of(registry()["topic"])
    found = misplaced({"E1201": [(f"{queue}.checks", 3)], "E1101": [(f"{queue}.checks", 4)],
                       "E301": [("awsarch_compiler.core.references", 5), (f"{topic}.checks", 6)],
                       "E501": [("awsarch_compiler.core.semantics", 7)]})
    assert found == [f"{queue}.checks:3 raises E1201 outside the block E11xx of its type",
                     f"{topic}.checks:6 raises E301 outside the block E12xx of its type",
                     "awsarch_compiler.core.semantics:7 raises E501, and it is not a module of the assemble stage"]


def test_every_type_declares_its_block_in_the_order_given():
    declared = blocks()
    assert all(kind.code_block is not None for kind in registry().values()), "every type package has a codes.py"
    assert {block: declared[block] for block in BLOCKS if block in declared} == BLOCKS
    assert all(block > max(BLOCKS) for block, name in declared.items() if name not in BLOCKS.values())


def test_the_catalogue_is_sorted_and_holds_every_stage_and_type_code():
    codes = catalogue()
    assert list(codes) == sorted(codes, key=sort_key)
    assert set(CODES) <= set(codes)
    for kind in registry().values():
        assert set(kind.codes) <= set(codes)
    assert list(codes)[:2] == ["E100", "E101"] and codes["W502"] is CODES["W502"]


def test_owner_names_the_stage_or_the_type():
    assert (owner("E101"), owner("E201"), owner("E301"), owner("W502"), owner("E703")) == \
        ("load", "validate", "check", "assemble", "write")
    assert (owner("E1101"), owner("E2001"), owner("E2507")) == ("queue", "user-pool", "static-site")
    for code in catalogue():
        expected = STAGES[int(code[1])].name if len(code) == 4 else blocks()[int(code[1:3])]
        assert owner(code) == expected
    for bad in ("E000", "E9901", "E0101", "X101", "E10", "E12345"):
        with pytest.raises(ValueError):
            owner(bad)


def test_the_catalogue_refuses_a_code_outside_its_block(monkeypatch):
    queue = registry()["queue"]
    monkeypatch.setattr(queue, "codes", {**queue.codes, "E1201": Code("x", "y")})
    with pytest.raises(ValueError, match="outside its block"):
        catalogue()


def test_the_catalogue_refuses_a_shared_block(monkeypatch):
    monkeypatch.setattr(registry()["topic"], "code_block", registry()["queue"].code_block)
    with pytest.raises(ValueError, match="both declare"):
        catalogue()


def test_the_catalogue_refuses_a_stage_code_of_no_stage(monkeypatch):
    monkeypatch.setitem(catalogue_module.CODES, "E001", Code("x", "y"))
    with pytest.raises(ValueError, match="not a stage code"):
        catalogue()
