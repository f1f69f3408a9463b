#!/usr/bin/env python3
"""Refresh the vendored RDS and Aurora parameter names (awsarch_compiler/types/database/parameters.json).

The compiler checks a database's ``parameters:`` against this committed table, never against
anything installed, so its answer is the same on every machine. The table's ``engines`` entry
is a curated list per engine; this script asks AWS for each parameter-group family's own list
(``describe-engine-default-parameters``, and ``describe-engine-default-cluster-parameters`` for
Aurora) and writes them under ``families``, which the compiler prefers to the engine's list.
Only parameters AWS marks modifiable are kept.

Usage (boto3 and AWS credentials for any region; nothing is created):

  python scripts/refresh_db_parameters.py FAMILY [FAMILY ...]   e.g. postgres17 mysql8.4 aurora-mysql8.0
  python scripts/refresh_db_parameters.py --check              exit 1 if the file is not in its canonical form

The file is written with sorted keys and one list per line, ASCII only, a trailing newline.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "awsarch_compiler" / "types" / "database" / "parameters.json"


def render(data: dict) -> str:
    def lists(node, depth):
        pad = "  " * depth
        if isinstance(node, dict):
            if not node:
                return "{}"
            items = [f'{pad}  {json.dumps(k)}: {lists(v, depth + 1)}' for k, v in sorted(node.items())]
            return "{\n" + ",\n".join(items) + f"\n{pad}}}"
        return json.dumps(node, ensure_ascii=True)
    return lists(data, 0) + "\n"


def fetch(family: str) -> dict:
    import boto3  # only this maintenance script talks to AWS

    rds = boto3.client("rds")
    out = {}
    calls = [("instance", "describe_engine_default_parameters", "EngineDefaults")]
    if family.startswith("aurora"):
        calls.append(("cluster", "describe_engine_default_cluster_parameters", "EngineDefaults"))
    for level, call, key in calls:
        names, marker = [], None
        while True:
            args = {"DBParameterGroupFamily": family, **({"Marker": marker} if marker else {})}
            page = getattr(rds, call)(**args)[key]
            names += [p["ParameterName"] for p in page.get("Parameters", []) if p.get("IsModifiable")]
            marker = page.get("Marker")
            if not marker:
                break
        out[level] = sorted(set(names))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="*")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    if args.check:
        ok = DATA_FILE.read_text(encoding="utf-8") == render(data)
        print("parameters.json is canonical" if ok else "parameters.json is not in canonical form")
        return 0 if ok else 1
    for family in args.families:
        before = data["families"].get(family, {})
        data["families"][family] = fetch(family)
        for level, names in data["families"][family].items():
            added = sorted(set(names) - set(before.get(level, [])))
            print(f"{family} {level}: {len(names)} parameters, {len(added)} new")
    DATA_FILE.write_text(render(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
