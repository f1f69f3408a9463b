"""Speed and scale figures: cold start by stage, lint cold/warm/cached, the scale curve, and cdk synth.

    .venv/bin/python benchmarks/speed.py                  # everything, medians of 5
    .venv/bin/python benchmarks/speed.py stages lint      # some sections
    .venv/bin/python benchmarks/speed.py scale --sizes 10 100 1000
    .venv/bin/python benchmarks/speed.py cdk --runs 5

Every figure comes from fresh processes (a cold start is what a build script or a pre-commit hook
pays), measured side by side in one run and reported as medians, with CPU seconds beside wall
seconds: on a shared machine the wall times drift with the load, the ratios and CPU times much less.
``cdk`` compares with ``cdk synth`` of the same architecture written with the CDK
(``benchmarks/cdk-peer``; ``npm ci`` there first), and is skipped when Node.js or the peer's
``node_modules`` is missing. Nothing here is a test: it prints figures.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import archgen  # noqa: E402

EXAMPLE = ROOT / "examples" / "three-tier.yaml"
PEER = Path(__file__).resolve().parent / "cdk-peer"
CHILD_STAGES = r"""
import functools, json, sys, time
started = time.perf_counter()
from awsarch_compiler import pipeline
from awsarch_compiler.core import lint, output, stacks
from awsarch_compiler.schema import validate
imported = time.perf_counter() - started
spent = {}
def timed(module, name, label):
    real = getattr(module, name)
    @functools.wraps(real)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - t
    setattr(module, name, wrapper)
for module, name, label in [(validate, "validate", "validate"), (pipeline.model, "from_data", "model"),
                            (pipeline.checks, "check", "check"), (pipeline, "generate", "generate"),
                            (pipeline, "review", "review"), (stacks, "assemble", "assemble"),
                            (output, "render", "render"), (lint, "lint_all", "lint")]:
    timed(module, name, label)
t = time.perf_counter()
pipeline.compile_file(sys.argv[1], pipeline.Options(lint=sys.argv[2] == "lint", cache=False))
total = time.perf_counter() - t
print(json.dumps({"import": imported, **spent, "compile": total}))
"""


def run(argv: list, env: dict | None = None, cwd: Path | None = None) -> dict:
    """Wall seconds, CPU seconds (user + system, children included) and peak RSS (MB) of one process."""
    started = os.times()
    t = _now()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = _now() - t
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    ended = os.times()
    cpu = (ended.children_user - started.children_user) + (ended.children_system - started.children_system)
    return {"wall": wall, "cpu": cpu, "rss": usage.ru_maxrss / 1024, "rc": proc.returncode, "out": out, "err": err}


def _now() -> float:
    return os.times().elapsed


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def compile_argv(path: Path, out: Path, *flags) -> list:
    return [sys.executable, "-m", "awsarch_compiler", str(path), "-o", str(out), "-q", *flags]


def stages(runs: int, work: Path) -> None:
    print(f"== cold start by stage: {EXAMPLE.name}, a fresh process each, median of {runs} (seconds)")
    for mode in ("no-lint", "lint"):
        samples = []
        for _ in range(runs):
            result = run([sys.executable, "-c", CHILD_STAGES, str(EXAMPLE), mode], cwd=ROOT)
            if result["rc"] != 0:
                print(result["err"][-2000:])
                return
            samples.append(json.loads(result["out"].strip().splitlines()[-1]))
        keys = list(samples[0])
        print(f"  {mode:<8} " + "  ".join(f"{k} {median([s.get(k, 0.0) for s in samples]):.3f}" for k in keys))


def lint_figures(runs: int, work: Path) -> None:
    print(f"== lint: {EXAMPLE.name}, median of {runs} (wall s / CPU s)")
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"))
    rows = {"cold, no cache": ("--no-cache",), "cached (unchanged recompile)": (), "without lint": ("--no-lint",)}
    run(compile_argv(EXAMPLE, work / "prime"), env=env)  # fills the cache
    for label, flags in rows.items():
        samples = [run(compile_argv(EXAMPLE, work / "out", *flags), env=env) for _ in range(runs)]
        print(f"  {label:<30} {median([s['wall'] for s in samples]):6.2f} / {median([s['cpu'] for s in samples]):6.2f}")
    warm = [json.loads(run([sys.executable, "-c", WARM, str(EXAMPLE)], env=env, cwd=ROOT)["out"])["warm"]
            for _ in range(max(1, runs // 2))]
    print(f"  {'warm (second lint in a process)':<30} {median(warm):6.2f}")


WARM = r"""
import json, sys, time
from awsarch_compiler.pipeline import Options, compile_file
compile_file(sys.argv[1], Options(cache=False))
t = time.perf_counter()
compile_file(sys.argv[1], Options(cache=False))
print(json.dumps({"warm": time.perf_counter() - t}))
"""


def scale(sizes: list, work: Path) -> None:
    print("== scale: generated architectures, one file, no stack: fields, --no-lint, one fresh process each")
    print(f"  {'components':>10} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'templates':>9} {'resources':>9}")
    for n in sizes:
        path = work / f"estate-{n}.yaml"
        path.write_text(archgen.to_yaml(archgen.architecture(n)), encoding="utf-8")
        out = work / f"estate-{n}"
        result = run(compile_argv(path, out, "--no-lint"))
        if result["rc"] != 0:
            first = next((line for line in result["err"].splitlines() if " error " in line), result["err"][:200])
            print(f"  {n:>10} does not compile: {first.strip()[:150]}")
            continue
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        templates = manifest["templates"]
        print(f"  {n:>10} {result['wall']:>8.2f} {result['cpu']:>8.2f} {result['rss']:>8.0f} {len(templates):>9} "
              f"{sum(t['resources'] for t in templates):>9}")


def cdk(runs: int, work: Path) -> None:
    node = shutil.which("node")
    cli = PEER / "node_modules" / "aws-cdk" / "bin" / "cdk"
    if node is None or not cli.exists():
        print("== cdk synth: skipped (needs Node.js and `npm ci` in benchmarks/cdk-peer)")
        return
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), CDK_DISABLE_VERSION_CHECK="1")
    synth = [node, str(cli), "synth", "--quiet", "--no-notices", "--no-version-reporting", "-o", str(work / "cdk.out")]
    cases = {"awsarch-compile --no-lint": compile_argv(EXAMPLE, work / "a", "--no-lint"),
             "awsarch-compile (lint, no cache)": compile_argv(EXAMPLE, work / "b", "--no-cache"),
             "awsarch-compile (lint, cached)": compile_argv(EXAMPLE, work / "c"),
             "cdk synth --no-validation": synth + ["--no-validation"],
             "cdk synth": synth}
    samples = {label: [] for label in cases}
    run(cases["awsarch-compile (lint, cached)"], env=env)
    for _ in range(runs):  # interleaved, so that the load falls on every case alike
        for label, argv in cases.items():
            result = run(argv, env=env, cwd=PEER if argv is synth or argv[0] == node else ROOT)
            if result["rc"] != 0:
                print(f"  {label} failed: {result['err'][-500:]}")
                return
            samples[label].append(result)
    print(f"== three-tier: awsarch-compile against cdk synth, interleaved, median of {runs} (wall s / CPU s)")
    figures = {label: (median([s["wall"] for s in got]), median([s["cpu"] for s in got])) for label, got in samples.items()}
    for label, (wall, cpu) in figures.items():
        print(f"  {label:<34} {wall:6.2f} / {cpu:6.2f}")
    pairs = [("awsarch-compile --no-lint", "cdk synth --no-validation"), ("awsarch-compile (lint, no cache)", "cdk synth"),
             ("awsarch-compile (lint, cached)", "cdk synth")]
    for ours, theirs in pairs:
        print(f"  {ours} / {theirs}: wall {figures[ours][0] / figures[theirs][0]:.2f}, "
              f"CPU {figures[ours][1] / figures[theirs][1]:.2f}")


SECTIONS = {"stages": stages, "lint": lint_figures, "cdk": cdk}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, "scale"], help="default: all")
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 250, 500, 1000, 2000])
    args = parser.parse_args(argv)
    chosen = args.sections or [*SECTIONS, "scale"]
    with tempfile.TemporaryDirectory(prefix="awsarch-speed-") as folder:
        work = Path(folder)
        for section in chosen:
            if section == "scale":
                scale(args.sizes, work)
            else:
                SECTIONS[section](args.runs, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
