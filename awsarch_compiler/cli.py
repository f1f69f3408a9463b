"""``awsarch-compile ARCH.yaml [-o DIR]`` — exit 0 ok, 1 invalid architecture, 2 usage error, 3 internal error."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__
from .core import loader, output
from .core import guard
from .core.diagnostics import ArchError
from .pipeline import BAD_REGION, Options, compile_source, default_out_dir
from .cost.cli import main as cost_main
from .graph.cli import main as graph_main
from .review.cli import main as review_main

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
USAGE_CODES = (loader.UNREADABLE, BAD_REGION)  # diagnostics about the command line, not the file: exit 2
SUBCOMMANDS = {"review": review_main, "cost": cost_main, "graph": graph_main}  # ARCH.yaml's tools


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="awsarch-compile",
        description="Compile an architecture file into nested, lint-clean CloudFormation templates.",
        epilog="Exit codes: 0 compiled, 1 invalid architecture or lint error, 2 usage error, "
               "3 internal error (a compiler defect).",
    )
    p.add_argument("arch", metavar="ARCH.yaml", help="the architecture file")
    p.add_argument("-o", "--out", metavar="DIR", help="output folder (default: templates_out/NAME)")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml", help="template format (default yaml)")
    p.add_argument("--region", help="region to lint for (default: the file's region, else us-east-1)")
    p.add_argument("--env", metavar="NAME", help="apply the named overlay from the file's environments")
    p.add_argument("--template-url-base", metavar="URL",
                   help="write absolute https:// TemplateURLs under this base (for Service Catalog)")
    p.add_argument("--no-lint", action="store_true", help="skip cfn-lint (faster; not for releases)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    p.add_argument("--strict", action="store_true", help="Well-Architected review findings are errors")
    p.add_argument(guard.DEBUG_FLAG, action="store_true", help="show the traceback of an internal error")
    p.add_argument("--version", action="version", version=f"awsarch-compile {__version__}")
    return p


def _summary(result, out_dir: Path, elapsed: float) -> str:
    lines = [f"compiled {result.arch.name} -> {out_dir}/"]
    header = f"  {'template':<34} {'resources':>11} {'parameters':>11} {'outputs':>9} {'bytes':>9} {'lint':>5}"
    lines.append(header)
    for name, stat in result.stats.items():
        size = len(result.files[name].encode("utf-8"))
        findings = sum(1 for f in result.findings if f.file == name and f.severity != "informational")
        lines.append(f"  {name:<34} {stat['resources']:>7}/500 {stat['parameters']:>7}/200 "
                     f"{stat['outputs']:>5}/200 {size:>9,} {findings:>5}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    lines += [f"  review: {diag.format().splitlines()[0]}" for diag in result.review]  # details: the review command
    lint_text = f"linted for {result.region}" if result.timings.get("lint") is not None else "lint skipped (--no-lint)"
    lines.append(f"  {lint_text}; {elapsed:.2f}s")
    return "\n".join(lines)


def url_base_ok(url: str) -> bool:
    """``https://host[/path]``: a scheme, a host and nothing after the path."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not (parts.query or parts.fragment) \
        and not any(c.isspace() for c in url)


@guard.last_resort
def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    args = parser().parse_args(argv)
    if args.template_url_base is not None and not url_base_ok(args.template_url_base):
        print("awsarch-compile: error: --template-url-base must be an https://HOST[/PATH] URL, such as "
              "https://bucket.s3.amazonaws.com/shop", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    source = None
    try:
        data, source = loader.load_file(args.arch)
        options = Options(fmt=args.format, region=args.region, lint=not args.no_lint, env=args.env,
                          template_url_base=args.template_url_base, strict=args.strict)
        result = compile_source(data, source, options)
        out_dir = Path(args.out) if args.out else default_out_dir(result.arch.name)
        output.write(out_dir, result.files)
    except ArchError as exc:
        for diag in exc.diagnostics:
            print(diag.format(source or exc.source), file=sys.stderr)
        unreadable = len(exc.diagnostics) == 1 and exc.diagnostics[0].code in USAGE_CODES
        count = len(exc.diagnostics)
        if not unreadable:
            print(f"awsarch-compile: {count} error{'s' if count != 1 else ''}; nothing written", file=sys.stderr)
        return EXIT_USAGE if unreadable else EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    for diag in result.warnings:
        print(diag.format(source), file=sys.stderr)
    if not args.quiet:
        print(_summary(result, out_dir, time.perf_counter() - started))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
