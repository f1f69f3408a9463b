import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Multi-region examples (disaster_recovery:) write one folder per region; tests/test_disaster_recovery.py deploys
# them region by region, and the tests of one root stack take the others.
MULTI_REGION = [p for p in EXAMPLES if "\ndisaster_recovery:" in p.read_text(encoding="utf-8")]
SINGLE_REGION = [p for p in EXAMPLES if p not in MULTI_REGION]
CONFORMANCE = sorted((ROOT / "tests" / "conformance").glob("*.yaml"))
SHARED_CONFORMANCE = ROOT.parent / "shared" / "conformance"  # the upstream copy, when it sits beside the checkout


@pytest.fixture(scope="session", autouse=True)
def _own_lint_cache(tmp_path_factory):
    """The lint cache of a test session is its own: never the user's, and empty at the start."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(autouse=True)
def _no_aws_credentials(monkeypatch):
    """Nothing here may reach AWS: fake credentials for the emulator only."""
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def example_ids(paths):
    return [p.stem for p in paths]


in_ci = bool(os.environ.get("CI"))
