"""``awsarch-compile cost ARCH.yaml [--env NAME] [--compare ENV] [--region R] [--format table|json]``."""
from __future__ import annotations

import argparse
import sys

from .. import inspection
from ..core import loader
from ..core.lint import DEFAULT_REGION
from ..cost import report
from ..cost.estimate import estimate
from ..cost.prices import regions

NAME = "cost"
SUMMARY = "an offline monthly cost estimate from the vendored price table"
PROG = f"awsarch-compile {NAME}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Offline monthly cost estimate of an architecture file "
                                "from the vendored on-demand price table.",
                                epilog="Exit codes: 0 estimated, 1 invalid file, 2 usage error.")
    p.add_argument("arch", metavar="ARCH.yaml")
    p.add_argument("--env", metavar="NAME", help="estimate the named environment overlay")
    p.add_argument("--compare", metavar="ENV", help="show the difference between --env (or the file) and ENV")
    p.add_argument("--region", help=f"price region (default: the file's region, else {DEFAULT_REGION}); "
                                    f"priced: {', '.join(regions())}")
    p.add_argument("--format", choices=("table", "json"), default="table")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)

    def body() -> int:
        data, source = loader.load_file(args.arch)
        arch, ctx = inspection.load_data(data, source, args.env)
        region = args.region or arch.region or DEFAULT_REGION
        if region not in regions():
            print(f"{PROG}: error: no prices for {region}; the table has {', '.join(regions())}", file=sys.stderr)
            return inspection.EXIT_USAGE
        base = estimate(arch, ctx, region, args.env)
        if args.compare:
            other_arch, other_ctx = inspection.load_data(data, source, args.compare)
            other = estimate(other_arch, other_ctx, region, args.compare)
            text = report.compare_json(base, other) if args.format == "json" else report.compare_table(base, other)
        else:
            text = report.as_json(base) if args.format == "json" else report.table(base)
        sys.stdout.write(text)
        return inspection.EXIT_OK

    return inspection.run(PROG, body)
