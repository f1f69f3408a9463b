"""``awsarch-compile [compile] ARCH.yaml [-o DIR]``: every stage, then the output folder.

Exit codes: 0 compiled, 1 invalid architecture (or a lint error), 2 usage
error, 3 internal error (the guard in :mod:`awsarch_compiler.cli`).
``validate`` (:mod:`.validate`) runs the same stages without writing.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .. import __version__, deployment, report
from ..core import codepaths, guard, loader, output
from ..core.diagnostics import ArchError
from ..pipeline import BAD_REGION, Options, compile_source, default_out_dir

NAME = "compile"
SUMMARY = "compile ARCH.yaml into nested CloudFormation templates (the default command)"
PROG = "awsarch-compile"
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
USAGE_CODES = (loader.UNREADABLE, BAD_REGION)  # diagnostics about the command line, not the file: exit 2
DSL_HELP = ("The file's format: awsarch-compile schema --path (the JSON Schema, for editors), "
            "awsarch-compile init --pattern three-tier (a commented starter), and the README's DSL reference.")


def add_common(p: argparse.ArgumentParser) -> None:
    """The arguments compile and validate share."""
    p.add_argument("arch", metavar="ARCH.yaml", help="the architecture file")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml", help="template format (default yaml)")
    p.add_argument("--region", help="region to lint for (default: the file's region, else us-east-1)")
    p.add_argument("--env", metavar="NAME", help="apply the named overlay from the file's environments")
    p.add_argument("--template-url-base", metavar="URL",
                   help="write absolute https:// TemplateURLs under this base (for Service Catalog)")
    p.add_argument("--no-cache", action="store_true",
                   help="lint every template again, neither reading nor writing the lint cache "
                        "($XDG_CACHE_HOME/awsarch-compile/lint)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    p.add_argument("--strict", action="store_true", help="Well-Architected review findings are errors")
    p.add_argument("--diagnostics-format", choices=report.FORMATS, default="text",
                   help="text (default, on standard error), or json, sarif (SARIF 2.1.0) or github "
                        "(workflow commands) on standard output")
    p.add_argument(guard.DEBUG_FLAG, action="store_true", help="show the traceback of an internal error")
    p.add_argument("--version", action="version", version=f"awsarch-compile {__version__}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG, description="Compile an architecture file into nested, lint-clean CloudFormation templates.",
        epilog="Exit codes: 0 compiled, 1 invalid architecture or lint error, 2 usage error, "
               "3 internal error (a compiler defect). " + DSL_HELP)
    add_common(p)
    p.add_argument("-o", "--out", metavar="DIR", help="output folder (default: templates_out/NAME)")
    p.add_argument("--no-lint", action="store_true", help="skip cfn-lint (faster; not for releases)")
    return p


def summary(result, out_dir: Path | None, elapsed: float, url_base: str | None = None) -> str:
    head = f"compiled {result.arch.name} -> {out_dir}/" if out_dir else f"validated {result.arch.name}"
    lines = [head, f"  {'template':<34} {'resources':>11} {'parameters':>11} {'outputs':>9} {'bytes':>9} {'lint':>5}"]
    for name, stat in result.stats.items():
        size = len(result.files[name].encode("utf-8"))
        findings = sum(1 for f in result.findings if f.file == name and f.severity != "informational")
        lines.append(f"  {name:<34} {stat['resources']:>7}/500 {stat['parameters']:>7}/200 "
                     f"{stat['outputs']:>5}/200 {size:>9,} {findings:>5}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    lines += [f"  review: {diag.format().splitlines()[0]}" for diag in result.review]  # details: the review command
    skipped = "lint skipped (--no-lint)" if out_dir else "lint skipped (validate --lint runs it)"
    counts = result.lint_counts
    lint_text = (f"linted for {result.region} ({counts.get('linted', 0)} linted, {counts.get('cached', 0)} "
                 "from the lint cache)" if result.timings.get("lint") is not None else skipped)
    if out_dir is not None:
        lines += deployment.summary_lines(result, out_dir, url_base)
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


def _failed(exc: ArchError, source, fmt: str) -> int:
    stream = sys.stdout if fmt != "text" else sys.stderr
    stream.write(report.render(fmt, exc.diagnostics, source or exc.source))
    unreadable = len(exc.diagnostics) == 1 and exc.diagnostics[0].code in USAGE_CODES
    count = len(exc.diagnostics)
    if not unreadable:
        print(f"awsarch-compile: {count} error{'s' if count != 1 else ''}; nothing written", file=sys.stderr)
    return EXIT_USAGE if unreadable else EXIT_INVALID


def run(args, lint: bool, write: bool) -> int:
    """Compile ``args.arch``; write the output folder when ``write`` (validate does not)."""
    if args.template_url_base is not None and not url_base_ok(args.template_url_base):
        print("awsarch-compile: error: --template-url-base must be an https://HOST[/PATH] URL, such as "
              "https://bucket.s3.amazonaws.com/shop", file=sys.stderr)
        return EXIT_USAGE
    started, source, fmt = time.perf_counter(), None, args.diagnostics_format
    try:
        data, source = loader.load_file(args.arch)
        options = Options(fmt=args.format, region=args.region, lint=lint, env=args.env,
                          template_url_base=args.template_url_base, strict=args.strict, cache=not args.no_cache,
                          out_dir=args.out if write else None)
        result = compile_source(data, source, options)
        out = None
        if write:
            out = Path(args.out) if args.out else default_out_dir(result.arch.name)
            output.write(out, result.files)
    except ArchError as exc:
        return _failed(exc, source, fmt)
    except KeyboardInterrupt:
        return 130
    warnings = list(result.warnings) + [d.located(source) for d in codepaths.missing(result.code_paths,
                                                                                     result.local_code)]
    problems = warnings + list(result.review)
    if fmt == "text":
        sys.stderr.write(report.render("text", warnings, source))
    else:
        sys.stdout.write(report.render(fmt, problems, source))
    if not args.quiet:
        print(summary(result, out, time.perf_counter() - started, args.template_url_base), file=sys.stdout if fmt == "text" else sys.stderr)
    return EXIT_OK


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return run(args, lint=not args.no_lint, write=True)
