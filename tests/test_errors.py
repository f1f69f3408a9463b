"""Every class of bad input: exit 1, a located specific message, no traceback, nothing written.

Each tests/errors/*.yaml starts with comment lines naming what it must produce:
    # code: E301
    # line: 12
    # message: is not a component

and, optionally, the command-line arguments added after the file and the
exit code when it is not 1 (``{case}`` stands for the case file's path):
    # args: --env dev
    # exit: 2
"""
import re
from pathlib import Path

import pytest

from awsarch_compiler.cli import main

ERRORS = sorted((Path(__file__).parent / "errors").glob("*.yaml"))


def expectations(path: Path) -> dict:
    found = {}
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        match = re.match(r"#\s*(code|line|message|col|args|exit):\s*(.+)$", line)
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


@pytest.mark.parametrize("case", ERRORS, ids=[p.stem for p in ERRORS])
def test_error_case(case, tmp_path, capsys):
    expect = expectations(case)
    assert "code" in expect and "message" in expect, f"{case.name} must declare # code: and # message:"
    out = tmp_path / "out"
    extra = expect.get("args", "").replace("{case}", str(case)).split()
    code = main([str(case), "-o", str(out), "--no-lint", *extra])
    err = capsys.readouterr().err
    assert code == int(expect.get("exit", 1)), err
    assert "Traceback" not in err
    assert not out.exists(), "nothing may be written when a compile fails"
    assert f"error {expect['code']}" in err, err
    assert expect["message"] in err, err
    if "line" in expect:
        assert re.search(rf"{re.escape(case.name)}:{expect['line']}:\d+: error {expect['code']}", err), err


def test_there_are_error_cases():
    assert len(ERRORS) >= 20
