"""Compile time of every example: median of N runs, with and without cfn-lint, and per stage.

    .venv/bin/python benchmarks/compile_time.py            # every examples/*.yaml, 5 runs each
    .venv/bin/python benchmarks/compile_time.py -n 9 examples/three-tier.yaml

Each run compiles in memory (nothing is written). The first compile of a process pays for
imports and cfn-lint's spec loading; one warm-up compile per example keeps that out of the
medians and is reported separately.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from awsarch_compiler.core.diagnostics import ArchError  # noqa: E402
from awsarch_compiler.pipeline import Options, compile_file  # noqa: E402


def timed(path: Path, lint: bool) -> tuple[float, dict]:
    started = time.perf_counter()
    result = compile_file(path, Options(lint=lint))
    return time.perf_counter() - started, result.timings


def measure(path: Path, runs: int, lint: bool) -> tuple[float, dict]:
    """Median wall time and median per-stage timings over ``runs`` compiles."""
    totals, stages = [], {}
    for _ in range(runs):
        total, timings = timed(path, lint)
        totals.append(total)
        for stage, seconds in timings.items():
            stages.setdefault(stage, []).append(seconds)
    return statistics.median(totals), {s: statistics.median(v) for s, v in stages.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="architecture files (default: examples/*.yaml)")
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "examples").glob("*.yaml"))
    if not files:
        print("no architecture files found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    first = timed(files[0], lint=True)[0]
    print(f"first compile in this process (imports, cfn-lint specs): {first * 1000:.0f} ms ({files[0].name})")
    print(f"median of {args.runs} runs, milliseconds\n")
    header = f"{'architecture':<28} {'no lint':>9} {'with lint':>10}   stages (with lint)"
    print(header)
    print("-" * len(header))
    for path in files:
        try:
            bare, _ = measure(path, args.runs, lint=False)
            linted, stages = measure(path, args.runs, lint=True)
        except ArchError as exc:
            print(f"{path.name:<28} does not compile: {exc.diagnostics[0].format()}")
            continue
        parts = "  ".join(f"{stage} {seconds * 1000:.0f}" for stage, seconds in stages.items())
        print(f"{path.name:<28} {bare * 1000:>9.0f} {linted * 1000:>10.0f}   {parts}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
