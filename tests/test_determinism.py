"""Byte-identical output across hash seeds, working folders and output folders."""
import hashlib
import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT, example_ids

RUNS = (("0", "first"), ("12345", "second/nested"))


def compile_in_subprocess(example, seed, cwd, out):
    cwd.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHASHSEED")}
    env["PYTHONHASHSEED"] = seed
    return subprocess.Popen(
        [sys.executable, "-m", "awsarch_compiler", os.path.relpath(example, cwd), "-o", str(out), "--no-lint", "-q"],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def relative_code_path(line: str, out) -> bool:
    """A function's local code path, written relative to the output folder (which here sits outside the
    checkout, so the relative path climbs up through the checkout's folders): it names the example's code."""
    key, _, value = line.strip().partition(": ")
    return key == "Code" and value.startswith("../") and (out / value).resolve().is_relative_to(ROOT / "examples") \
        and (out / value).exists()


def read_folder(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("example", EXAMPLES, ids=example_ids(EXAMPLES))
def test_output_is_byte_identical(example, tmp_path):
    runs = []
    for seed, where in RUNS:
        out = tmp_path / f"out-{seed}"
        runs.append((out, compile_in_subprocess(example, seed, tmp_path / where, out)))
    folders = []
    for out, proc in runs:
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
        folders.append(read_folder(out))
    first, second = folders
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], f"{name} differs between hash seeds / working folders"
    for name, data in first.items():
        text = data.decode("utf-8")
        for line in text.splitlines():
            if str(tmp_path) in line or str(ROOT) in line:
                assert relative_code_path(line, runs[0][0]), f"{name} contains an absolute path: {line}"
        assert text.endswith("\n")
    manifest = json.loads(first["manifest.json"])
    for entry in manifest["templates"]:
        assert hashlib.sha256(first[entry["file"]]).hexdigest() == entry["sha256"]
        assert len(first[entry["file"]]) == entry["bytes"]
    assert manifest["source"] == example.name
