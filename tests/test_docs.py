"""The README's reference tables are generated from the registry and must match it."""
from awsarch_compiler import docs

from conftest import ROOT


def test_readme_tables_are_current():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.refresh(text) == text, "run: python -m awsarch_compiler.docs README.md"


def test_every_access_mode_is_in_the_readme():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for type_name, kind in docs.registry().items():
        for mode in kind.access:
            assert f"| `{type_name}` | `{mode}` |" in text
