#!/usr/bin/env python3
"""Vendor the RDS and ElastiCache engine versions from the installed cfn-lint.

The compiler's output must not depend on which cfn-lint happens to be
installed, so the engine versions it resolves and checks against live in two
committed data files:

  awsarch_compiler/types/database/engine_versions.json
      {"DBCluster": {ENGINE: {"deprecated": [...], "versions": [...]}},
       "DBInstance": {...}, "source": "cfn-lint X.Y.Z data: ..."}
  awsarch_compiler/types/cache/engine_versions.json
      {"engines": {ENGINE: [...]}, "source": "cfn-lint X.Y.Z data: ..."}

This script extracts exactly the data the compiler used to read at run time
from cfn-lint's schema extensions (``data/schemas/extensions/``):

  aws_rds_{dbinstance,dbcluster}/engine_version.json
      each ``allOf`` clause whose ``if.properties.Engine.const`` names an
      engine: ``then.properties.EngineVersion.enum`` (cfn-lint's order)
  aws_rds_{dbinstance,dbcluster}/engine_version_deprecated.json
      each such clause: ``if.properties.EngineVersion.enum`` (as listed)
  aws_elasticache_cachecluster/engine_version.json
      as for RDS, keyed by engine

When an engine has several clauses, the first one counts (as it did at run
time). Engines cfn-lint names without a version list (the Engine enum's
catch-all clause) are left out: for them the compiler knows no versions.

Usage (standard library and the installed cfn-lint only):

  python scripts/refresh_engine_versions.py          write the files, print what changed
  python scripts/refresh_engine_versions.py --check  exit 1 if the files differ from cfn-lint's data

The files are byte-identical on every machine for the same cfn-lint data: keys
sorted, ASCII only, every list on one line, a trailing newline, no timestamp.
"""
from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_FILE = ROOT / "awsarch_compiler" / "types" / "database" / "engine_versions.json"
CACHE_FILE = ROOT / "awsarch_compiler" / "types" / "cache" / "engine_versions.json"
EXTENSIONS = ("data", "schemas", "extensions")
RDS_RESOURCES = ("DBInstance", "DBCluster")


class DataError(Exception):
    """cfn-lint's data no longer has the shape this script knows."""


# -- extraction ---------------------------------------------------------------
def cfn_lint_version() -> str:
    try:
        return metadata.version("cfn-lint")
    except metadata.PackageNotFoundError:
        import cfnlint.version  # an unusual install without distribution metadata
        return cfnlint.version.__version__


def _clauses(folder: str, name: str) -> list:
    path = resources.files("cfnlint").joinpath(*EXTENSIONS, folder, name)
    try:
        clauses = json.loads(path.read_text(encoding="utf-8"))["allOf"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{folder}/{name}: cannot read its allOf clauses ({exc!r})") from exc
    if not isinstance(clauses, list):
        raise DataError(f"{folder}/{name}: allOf is not a list")
    return clauses


def _string_list(value, where: str) -> list:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{where}: expected a list of strings, got {value!r:.80}")
    return list(value)


def _by_engine(folder: str, name: str, pick) -> dict:
    """{engine: pick(clause)} over the clauses keyed by an ``Engine`` const; the first clause wins."""
    found: dict = {}
    for index, clause in enumerate(_clauses(folder, name)):
        where = f"{folder}/{name} allOf[{index}]"
        try:
            engine = clause["if"]["properties"]["Engine"].get("const")
        except (KeyError, TypeError, AttributeError) as exc:
            raise DataError(f"{where}: no if.properties.Engine ({exc!r})") from exc
        if engine is None:
            continue  # the catch-all clause (Engine: {"type": "string"}) lists engine names only
        if not isinstance(engine, str):
            raise DataError(f"{where}: Engine const is not a string: {engine!r}")
        if engine in found:
            print(f"warning: {where}: a second clause for {engine}, ignored (the first one counts)",
                  file=sys.stderr)
            continue
        try:
            found[engine] = _string_list(pick(clause), where)
        except (KeyError, TypeError) as exc:
            raise DataError(f"{where} ({engine}): unexpected shape ({exc!r})") from exc
    return found


def _versions(clause):
    return clause["then"]["properties"]["EngineVersion"]["enum"]


def _deprecated(clause):
    return clause["if"]["properties"]["EngineVersion"]["enum"]


def database_data(version: str) -> dict:
    data: dict = {"source": f"cfn-lint {version} data: aws_rds_dbinstance, aws_rds_dbcluster "
                            "engine_version(.json|_deprecated.json)"}
    for resource in RDS_RESOURCES:
        folder = f"aws_rds_{resource.lower()}"
        versions = _by_engine(folder, "engine_version.json", _versions)
        deprecated = _by_engine(folder, "engine_version_deprecated.json", _deprecated)
        for engine in sorted(set(deprecated) - set(versions)):
            # Without a version list the compiler knows no versions of the engine, so a
            # deprecated list alone would change nothing; keep the file to what counts.
            print(f"warning: {folder}: {engine} has deprecated versions but no version list; left out",
                  file=sys.stderr)
        data[resource] = {engine: {"versions": listed, "deprecated": deprecated.get(engine, [])}
                          for engine, listed in versions.items()}
    return data


def cache_data(version: str) -> dict:
    return {"source": f"cfn-lint {version} data: aws_elasticache_cachecluster engine_version.json",
            "engines": _by_engine("aws_elasticache_cachecluster", "engine_version.json", _versions)}


# -- rendering ----------------------------------------------------------------
def render(value, indent: int = 0) -> str:
    """JSON with sorted keys and ASCII only, objects one key a line, every list on one line."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = " " * (indent + 2)
        items = [f"{pad}{json.dumps(key, ensure_ascii=True)}: {render(value[key], indent + 2)}"
                 for key in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    return json.dumps(value, ensure_ascii=True, separators=(", ", ": "))


def text_of(data: dict) -> str:
    return render(data) + "\n"


# -- the readable diff --------------------------------------------------------
def _listing(items, limit: int = 12) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def _diff_lists(label: str, old: list, new: list) -> list:
    lines = []
    old_set, new_set = set(old), set(new)
    added = [v for v in new if v not in old_set]
    removed = [v for v in old if v not in new_set]
    if added:
        lines.append(f"      + {label}: {_listing(added)}")
    if removed:
        lines.append(f"      - {label}: {_listing(removed)}")
    if not added and not removed and old != new:
        lines.append(f"      ~ {label}: same values, new order")
    return lines


def _diff_engines(section: str, old: dict, new: dict, entry) -> list:
    """Lines for one {engine: ...} table; entry(value) -> {label: list}."""
    lines = []
    for engine in sorted(set(old) | set(new)):
        if engine not in old:
            sizes = ", ".join(f"{len(v)} {label}" for label, v in entry(new[engine]).items())
            lines.append(f"  {section}: + engine {engine} ({sizes})")
        elif engine not in new:
            sizes = ", ".join(f"{len(v)} {label}" for label, v in entry(old[engine]).items())
            lines.append(f"  {section}: - engine {engine} (had {sizes})")
        else:
            before, after = entry(old[engine]), entry(new[engine])
            changes = []
            for label in after:
                changes += _diff_lists(label, before.get(label, []), after[label])
            if changes:
                lines.append(f"  {section}: {engine}")
                lines += changes
    return lines


def describe_changes(path: Path, old_text, new_text: str, sections) -> list:
    """What differs between the file on disk and the fresh data, in words."""
    name = path.relative_to(ROOT).as_posix()
    if old_text == new_text:
        return [f"{name}: unchanged"]
    new = json.loads(new_text)
    if old_text is None:
        lines = [f"{name}: new file ({new['source']})"]
        old = {}
    else:
        try:
            old = json.loads(old_text)
        except ValueError:
            old = {}
            lines = [f"{name}: the file on disk is not valid JSON; rewritten in full"]
        else:
            lines = [f"{name}:"]
            if old.get("source") != new["source"]:
                lines.append(f"  source: {old.get('source')!r} -> {new['source']!r}")
    details = []
    for section, entry in sections:
        details += _diff_engines(section, old.get(section) or {}, new[section], entry)
    lines += details
    if old_text is not None and not details and old == new:
        lines.append("  same data, different formatting")
    elif old_text is not None and not details and old.get("source") == new["source"]:
        lines.append("  other differences (unexpected keys or shape)")
    return lines


def _rds_entry(value) -> dict:
    return {"versions": value.get("versions", []), "deprecated": value.get("deprecated", [])}


def _cache_entry(value) -> dict:
    return {"versions": value}


# -- main -----------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the vendored files differ from cfn-lint's data")
    args = parser.parse_args(argv)
    try:
        version = cfn_lint_version()
        targets = [
            (DATABASE_FILE, text_of(database_data(version)), [(r, _rds_entry) for r in RDS_RESOURCES]),
            (CACHE_FILE, text_of(cache_data(version)), [("engines", _cache_entry)]),
        ]
    except (DataError, ModuleNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"cfn-lint {version}")
    stale = []
    for path, text, sections in targets:
        old = path.read_text(encoding="utf-8") if path.exists() else None
        print("\n".join(describe_changes(path, old, text, sections)))
        if old == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    if args.check:
        if stale:
            print("out of date: run python scripts/refresh_engine_versions.py", file=sys.stderr)
            return 1
        return 0
    print(f"wrote {len(stale)} file(s)" if stale else "nothing to write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
