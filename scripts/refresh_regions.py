#!/usr/bin/env python3
"""Vendor the AWS regions, and which resource types each one lacks, from the installed cfn-lint.

The compiler checks a file's ``region`` (and ``--region``) against the
regions the linter knows, and rejects a resource type the chosen region does
not offer (an AWS Budgets budget in ap-east-1) with a located error of its
own. Neither may depend on the cfn-lint installed at run time, so both live
in one committed data file:

  awsarch_compiler/core/regions.json
      {"regions": [...],                       cfn-lint's region list, in its order
       "source": "cfn-lint X.Y.Z data: ...",
       "unavailable": {REGION: [TYPE, ...]}}    the resource types the compiler can emit
                                                that cfn-lint's data for REGION lacks

The types the compiler can emit are every resource class of the troposphere
modules the package imports (``from troposphere import ec2, rds``), so a new
type package that imports a new troposphere module needs a refresh; a test
checks that the file covers every module the package imports.

Usage (standard library, troposphere and the installed cfn-lint only):

  python scripts/refresh_regions.py          write the file, print what changed
  python scripts/refresh_regions.py --check  exit 1 if the file differs from cfn-lint's data

The file is byte-identical on every machine for the same cfn-lint data: keys
sorted, ASCII only, every list on one line, a trailing newline, no timestamp.
"""
from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "awsarch_compiler"
TARGET = PACKAGE / "core" / "regions.json"


def troposphere_modules(package: Path = PACKAGE) -> list[str]:
    """The troposphere service modules the package imports (``ec2``, ``rds``, ...)."""
    found = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "troposphere":
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("troposphere."):
                found.add(node.module.split(".")[1])
    modules = []
    for name in sorted(found):
        try:
            module = importlib.import_module(f"troposphere.{name}")
        except ImportError:
            continue  # a class such as troposphere.Ref, not a module
        if inspect.ismodule(module):
            modules.append(name)
    return modules


def resource_types(modules: list[str]) -> set[str]:
    from troposphere import AWSObject

    out = set()
    for name in modules:
        module = importlib.import_module(f"troposphere.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            kind = getattr(cls, "resource_type", None)
            if issubclass(cls, AWSObject) and isinstance(kind, str) and kind.startswith("AWS::"):
                out.add(kind)
    return out


def build() -> dict:
    import cfnlint
    from cfnlint.helpers import REGIONS

    providers = Path(cfnlint.__file__).parent / "data" / "schemas" / "providers"
    emitted = resource_types(troposphere_modules())
    unavailable = {}
    for region in REGIONS:
        data = providers / f"{region}.json"
        if not data.exists():  # cfn-lint then checks the region against us-east-1's data
            data = providers / "us-east-1.json"
        offered = set(json.loads(data.read_text(encoding="utf-8")))
        missing = sorted(emitted - offered)
        if missing:
            unavailable[region] = missing
    version = getattr(cfnlint, "__version__", None) or importlib.import_module("cfnlint.version").__version__
    return {"regions": list(REGIONS), "source": f"cfn-lint {version} data: helpers.REGIONS, schemas/providers/",
            "unavailable": unavailable}


def render(data: dict) -> str:
    lines = ["{"]
    lines.append(f'  "regions": {json.dumps(data["regions"])},')
    lines.append(f'  "source": {json.dumps(data["source"])},')
    lines.append('  "unavailable": {')
    items = sorted(data["unavailable"].items())
    for i, (region, kinds) in enumerate(items):
        lines.append(f'    {json.dumps(region)}: {json.dumps(kinds)}' + ("," if i < len(items) - 1 else ""))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from cfn-lint's data")
    args = parser.parse_args(argv)
    text = render(build())
    old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if args.check:
        if old != text:
            print(f"{TARGET.relative_to(ROOT)} differs from the installed cfn-lint's data; run {Path(__file__).name}")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}" + ("" if old != text else " (unchanged)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
