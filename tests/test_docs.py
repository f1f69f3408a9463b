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


def test_errors_reference_is_current():
    text = (ROOT / docs.ERRORS_FILE).read_text(encoding="utf-8")
    assert docs.errors_reference() == text, "run: python -m awsarch_compiler.docs README.md"


def test_errors_reference_lists_every_code_and_the_readme_links_it():
    text = docs.errors_reference()
    assert text == docs.errors_reference()  # deterministic
    for code, entry in docs.catalogue().items():
        assert f"`{code}` | {docs._escape(entry.meaning)} |" in text
    assert "(docs/errors.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_docs_writes_the_errors_reference_beside_the_readme(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert docs.main([str(readme)]) == 0
    assert (tmp_path / docs.ERRORS_FILE).read_text(encoding="utf-8") == docs.errors_reference()
