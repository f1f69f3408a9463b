"""The long robustness campaign: the property-based tests of tests/test_fuzz.py, N times longer.

    .venv/bin/python benchmarks/fuzz.py                      # 10x the CI run (16,000 cases), random seed
    .venv/bin/python benchmarks/fuzz.py --scale 50 --seed 7  # 50x, reproducible with the same seed

The suite runs the same tests seeded (``derandomize``) with a few thousand cases; this runs them
with a fresh seed (printed, so that a failure can be replayed with --seed) and hypothesis's
statistics (cases, time per case, outcomes). The property is the suite's: every mutated example
and every schema-generated document compiles to strict JSON or fails with the compiler's own
errors, each within 2 seconds. Exit status: pytest's.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10, help="multiple of the CI run's case counts (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: a random one, printed)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2 ** 32)
    env = {**os.environ, "AWSARCH_FUZZ_SCALE": str(args.scale), "AWSARCH_FUZZ_RANDOM": "1"}
    print(f"fuzz: scale {args.scale:g}, seed {seed} (replay with --seed {seed})", flush=True)
    started = time.perf_counter()
    code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
                            f"--hypothesis-seed={seed}", "--hypothesis-show-statistics"], cwd=ROOT, env=env)
    print(f"fuzz: {time.perf_counter() - started:.0f}s, exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
