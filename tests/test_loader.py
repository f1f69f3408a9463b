"""The loader: safe YAML to plain data with a source map, and every way a file can be unreadable."""
import textwrap

import pytest
import yaml

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import build_model

NESTED = textwrap.dedent("""\
    awsarch: 1
    name: shop
    components:
      api:
        type: function
        uses:
          db: connect
          files: read
    """)


def codes(exc_info) -> list[str]:
    return [d.code for d in exc_info.value.diagnostics]


def load(text: str):
    return loader.load_text(textwrap.dedent(text), "arch.yaml")


def test_plain_data_comes_back():
    data, _ = loader.load_text(NESTED, "arch.yaml")
    assert data == {"awsarch": 1, "name": "shop",
                    "components": {"api": {"type": "function", "uses": {"db": "connect", "files": "read"}}}}


def test_nested_values_and_keys_are_located():
    _, source = loader.load_text(NESTED, "arch.yaml")
    assert source.values[("components", "api", "uses", "db")] == (7, 11)
    assert source.keys[("components", "api", "uses", "db")] == (7, 7)
    assert source.keys[("components", "api", "uses", "files")] == (8, 7)
    assert source.values[("components", "api", "type")] == (5, 11)
    assert source.key_position(("components", "api")) == (4, 3)


def test_unknown_paths_fall_back_to_the_nearest_parent():
    _, source = loader.load_text(NESTED, "arch.yaml")
    assert source.position(("components", "api", "uses", "nothing", "deeper")) == \
        source.values[("components", "api", "uses")]
    assert source.line_text(7).strip() == "db: connect"
    assert source.line_text(99) is None


def test_list_items_are_located_by_index():
    _, source = load("""\
        awsarch: 1
        tags:
          list:
            - first
            - second
        """)
    assert source.values[("tags", "list", 1)] == (5, 7)


def test_merge_keys_copy_the_anchor_and_explicit_keys_win():
    data, _ = load("""\
        base: &base {type: bucket, versioned: false, encryption: kms}
        components:
          one:
            <<: *base
            versioned: true
          two:
            <<: [*base]
        """)
    assert data["components"]["one"] == {"type": "bucket", "versioned": True, "encryption": "kms"}
    assert data["components"]["two"] == {"type": "bucket", "versioned": False, "encryption": "kms"}


def test_merge_key_must_name_a_mapping():
    with pytest.raises(ArchError) as exc:
        load("""\
            items: &items [1, 2]
            thing:
              <<: *items
            """)
    assert set(codes(exc)) == {"E111"}
    assert "merge key" in exc.value.diagnostics[0].message


def test_yaml_scalars_keep_their_types_and_dates_stay_strings():
    data, _ = load("""\
        count: 3
        ratio: 0.5
        flag: true
        nothing: null
        when: 2024-01-02
        quoted: "16"
        """)
    assert data == {"count": 3, "ratio": 0.5, "flag": True, "nothing": None, "when": "2024-01-02", "quoted": "16"}


def test_numeric_keys_become_strings_but_complex_keys_are_rejected():
    data, _ = load("""\
        tiers: {80: http}
        """)
    assert data == {"tiers": {"80": "http"}}
    with pytest.raises(ArchError) as exc:
        load("""\
            ? [a, b]
            : value
            """)
    assert codes(exc) == ["E104"]


def test_several_bad_keys_are_reported_together():
    with pytest.raises(ArchError) as exc:
        load("""\
            a: 1
            a: 2
            b: !Ref X
            c: !!python/name:os.system
            """)
    assert codes(exc) == ["E103", "E105", "E105"]
    assert [d.line for d in exc.value.diagnostics] == [2, 3, 4]


def test_deep_nesting_is_bounded():
    text = "a: " + "[" * (loader.MAX_DEPTH + 5) + "]" * (loader.MAX_DEPTH + 5) + "\n"
    with pytest.raises(ArchError) as exc:
        loader.load_text(text, "deep.yaml")
    assert codes(exc) == ["E107"]


def test_alias_bomb_fails_with_e106_instead_of_expanding():
    """Nine levels of ten aliases would be 10**9 nodes; the bound stops the walk long before."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(ArchError) as exc:
        loader.load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert codes(exc) == ["E106"]
    assert exc.value.diagnostics[0].line is not None


def test_modest_alias_reuse_is_fine():
    data, _ = load("""\
        common: &tags {Team: web}
        one: *tags
        two: *tags
        """)
    assert data["one"] == data["two"] == {"Team": "web"}


def test_oversized_file_is_rejected_before_parsing(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"awsarch: 1\n" + b"# padding padding padding padding padding padding padding\n" * 55_000)
    assert big.stat().st_size > 3_000_000

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an oversized file must be rejected before YAML parsing")

    monkeypatch.setattr(yaml, "compose_all", must_not_parse)
    with pytest.raises(ArchError) as exc:
        loader.load_file(big)
    assert codes(exc) == ["E102"]
    assert "limit" in exc.value.diagnostics[0].message


def test_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("awsarch: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ArchError) as exc:
        loader.load_file(path)
    diag = exc.value.diagnostics[0]
    assert (diag.code, diag.line, diag.col) == ("E101", 2, 10)
    assert "0xe9" in diag.message


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffawsarch: 1\nname: shop\n".encode("utf-8"))
    data, _ = loader.load_file(path)
    assert data == {"awsarch": 1, "name": "shop"}


def test_missing_file_is_e109(tmp_path):
    with pytest.raises(ArchError) as exc:
        loader.load_file(tmp_path / "absent.yaml")
    assert codes(exc) == ["E109"]


@pytest.mark.parametrize("text,code", [
    ("", "E108"),
    ("# only a comment\n\n", "E108"),
    ("a: 1\n---\nb: 2\n", "E112"),
    ("- a\n- b\n", "E113"),
    ("just a string\n", "E113"),
    ("a: [1, 2\n", "E100"),
    ("a:\n\tb: 1\n", "E100"),
])
def test_unusable_documents(text, code):
    with pytest.raises(ArchError) as exc:
        loader.load_text(text, "bad.yaml")
    assert codes(exc) == [code]
    assert exc.value.diagnostics[0].line is not None


def test_tab_gets_a_specific_hint():
    with pytest.raises(ArchError) as exc:
        loader.load_text("a:\n\tb: 1\n", "tabs.yaml")
    diag = exc.value.diagnostics[0]
    assert "tab" in diag.message and "spaces" in diag.hint


def test_several_schema_errors_are_reported_in_one_run():
    data, source = load("""\
        awsarch: 2
        name: Shop
        components:
          files:
            type: bucket
            versoned: true
            encryption: sse
        """)
    with pytest.raises(ArchError) as exc:
        build_model(data, source)
    found = {(d.code, d.line) for d in exc.value.diagnostics}
    assert len(exc.value.diagnostics) >= 4, exc.value
    assert ("E201", 6) in found  # unknown key
    assert ("E204", 7) in found  # enum
    assert any(line == 1 for _, line in found)  # version
    assert any(line == 2 for _, line in found)  # name pattern
    assert all(d.file == "arch.yaml" for d in exc.value.diagnostics)
