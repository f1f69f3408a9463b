"""Logical IDs are stable: adding a component, or removing one nothing references, renames
nothing else; renaming a component renames only its own resources."""
import copy

import pytest

from awsarch_compiler import loader
from awsarch_compiler.naming import pascal
from awsarch_compiler.pipeline import build_model, generate

from conftest import EXAMPLES, example_ids


def ownership(data, source) -> dict:
    """component name (None: network and shared resources) -> {(logical ID, resource type)}."""
    ctx = generate(build_model(copy.deepcopy(data), source))
    owned: dict = {}
    for logical, entry in ctx.entries.items():
        owned.setdefault(entry.component, set()).add((logical, entry.resource.resource_type))
    return owned


def mentions(value, name) -> bool:
    if isinstance(value, dict):
        return any(k == name or mentions(v, name) for k, v in value.items())
    if isinstance(value, list):
        return any(mentions(v, name) for v in value)
    return isinstance(value, str) and (value == name or value.startswith(name + ":"))


def unreferenced(data) -> list[str]:
    """Components whose name appears nowhere else in the file (no uses, routes, records, alarms...)."""
    components = data.get("components") or {}
    rest = {k: v for k, v in data.items() if k not in ("components", "environments")}
    out = []
    for name in components:
        others = {n: c for n, c in components.items() if n != name}
        if not mentions(others, name) and not mentions(rest, name):
            out.append(name)
    return out


@pytest.fixture(params=EXAMPLES, ids=example_ids(EXAMPLES))
def example(request):
    data, source = loader.load_file(request.param)
    return data, source, ownership(data, source)


def assert_unchanged(before: dict, after: dict, skip=()):
    for name, ids in before.items():
        if name is None or name in skip:
            continue
        assert after.get(name) == ids, f"component '{name}' changed its resources: " \
            f"lost {sorted(ids - after.get(name, set()))}, gained {sorted(after.get(name, set()) - ids)}"


def test_adding_a_component_renames_nothing(example):
    data, source, before = example
    changed = copy.deepcopy(data)
    name = "zz-added-files"
    changed.setdefault("components", {})[name] = {"type": "bucket"}
    after = ownership(changed, source)
    assert after[name], "the added component must produce resources"
    assert_unchanged(before, after)
    assert before.get(None, set()) <= after.get(None, set()), "shared resources were renamed or lost"


def test_removing_an_unreferenced_component_renames_nothing(example):
    data, source, before = example
    candidates = unreferenced(data)
    if not candidates:
        pytest.skip("every component of this example is referenced by another")
    for name in candidates:
        changed = copy.deepcopy(data)
        del changed["components"][name]
        after = ownership(changed, source)
        assert name not in after
        assert_unchanged(before, after, skip=(name,))
        assert after.get(None, set()) <= before.get(None, set()), f"removing '{name}' renamed shared resources"


def test_renaming_a_component_renames_only_its_resources(example):
    data, source, before = example
    candidates = [n for n in unreferenced(data) if before.get(n)]
    if not candidates:
        pytest.skip("every component of this example is referenced by another")
    old = candidates[0]
    new = old + "-renamed"
    changed = copy.deepcopy(data)
    changed["components"] = {(new if n == old else n): c for n, c in data["components"].items()}
    after = ownership(changed, source)
    assert_unchanged(before, after, skip=(old,))
    expected = {(pascal(new) + logical[len(pascal(old)):] if logical.startswith(pascal(old)) else logical, kind)
                for logical, kind in before[old]}
    assert after[new] == expected
    old_ids = {logical for logical, _ in before[old] if logical.startswith(pascal(old))}
    assert old_ids, f"'{old}' owns no resource named after it"
    still_there = old_ids & {logical for ids in after.values() for logical, _ in ids}
    assert not still_there, f"renaming '{old}' left {sorted(still_there)} behind"
