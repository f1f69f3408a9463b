"""Logical IDs are stable: adding a component, or removing one nothing references, renames
nothing else; renaming a component renames only its own resources."""
import copy
import re

import pytest

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.core.naming import pascal
from awsarch_compiler.pipeline import build_model, generate

from conftest import SINGLE_REGION, example_ids


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
    """Components no other component names (in uses, routes, triggers, targets...).

    DNS records and alarms may name them: those lines go or are renamed with the component.
    """
    components = data.get("components") or {}
    rest = {k: v for k, v in data.items() if k not in ("components", "environments", "dns", "monitoring")}
    out = []
    for name in components:
        others = {n: c for n, c in components.items() if n != name}
        if not mentions(others, name) and not mentions(rest, name):
            out.append(name)
    return out


def _entry(entry: dict, old: str, new: str | None) -> dict:
    return {k: (new if k in ("target", "health_check") and v == old else v) for k, v in entry.items()}


def _records(records: dict, old: str, new: str | None, gone_checks: set) -> dict:
    """DNS records (host -> target, or a list of routed entries) following component ``old``."""
    out = {}
    for host, target in records.items():
        if isinstance(target, list):
            entries = [_entry(e, old, new) for e in target
                       if (new or e.get("target") != old) and e.get("health_check") not in gone_checks]
            if entries:
                out[host] = entries
        elif target != old:
            out[host] = target
        elif new:
            out[host] = new
    return out


def edited(data, old: str, new: str | None):
    """The file with component ``old`` renamed to ``new`` (None: removed), with the DNS records,
    health checks and alarms that name it renamed or removed with it."""
    out = copy.deepcopy(data)
    out["components"] = {(new if n == old else n): c for n, c in data["components"].items() if new or n != old}
    dns = out.get("dns") or {}
    checks = dns.get("health_checks") or {}
    gone = {n for n, c in checks.items() if c.get("component") == old and not new}
    if checks:
        # a check named after the component (``blue: {component: blue}``) is renamed with it
        dns["health_checks"] = {(new if n == old else n): ({**c, "component": new} if c.get("component") == old else c)
                                for n, c in checks.items() if n not in gone}
    if dns.get("records"):
        dns["records"] = _records(dns["records"], old, new, gone)
    monitoring = out.get("monitoring") or {}
    if monitoring.get("alarms"):
        monitoring["alarms"] = [{**a, "component": new} if a.get("component") == old else a
                                for a in monitoring["alarms"] if new or a.get("component") != old]
    return out


@pytest.fixture(params=SINGLE_REGION, ids=example_ids(SINGLE_REGION))
def example(request):
    data, source = loader.load_file(request.param)
    return data, source, ownership(data, source)


def naming(name: str):
    """Matches ``name``'s PascalCase form as a whole word of a logical ID (``Alb`` in ``WebFromAlbIngress``)."""
    return re.compile(rf"{re.escape(pascal(name))}(?=[A-Z0-9]|$)")


def assert_unchanged(before: dict, after: dict, skip=(), edge_of=None, renamed_to=None, may_gain=False,
                     may_lose=()):
    """Every other component keeps exactly its (logical ID, type) pairs.

    Resources of an edge to ``edge_of`` (an ingress rule ``WebFromAlbIngress`` owned by ``web``)
    follow that component: they go when it goes and are renamed with it, and nothing else is.
    """
    pattern = naming(edge_of) if edge_of else None
    for name, ids in before.items():
        if name is None or name in skip:
            continue
        expected = set(ids)
        if pattern is not None:
            edges = {(lid, kind) for lid, kind in ids if pattern.search(lid[len(pascal(name)):])}
            expected -= edges
            if renamed_to:
                expected |= {(lid[:len(pascal(name))] + pattern.sub(pascal(renamed_to), lid[len(pascal(name)):]), kind)
                             for lid, kind in edges}
        now = after.get(name, set())
        if name in may_lose:  # a target of the removed component: what served that edge goes with it
            expected &= now
        if may_gain:  # a rule that stood in for the removed component may appear; nothing is renamed
            now = now & expected
        assert now == expected, f"component '{name}' changed its resources: " \
            f"lost {sorted(expected - now)}, gained {sorted(now - expected)}"


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
    tried = 0
    for name in candidates:
        try:
            after = ownership(edited(data, name, None), source)
        except ArchError:
            continue  # another component needs it (e.g. scaling on its requests): not removable alone
        tried += 1
        assert name not in after
        targets = [n for n in data["components"] if n != name and mentions(data["components"][name], n)]
        assert_unchanged(before, after, skip=(name,), edge_of=name, may_gain=True, may_lose=targets)
        assert after.get(None, set()) <= before.get(None, set()), f"removing '{name}' renamed shared resources"
    if not tried:
        pytest.skip("no component of this example can be removed on its own")


def test_renaming_a_component_renames_only_its_resources(example):
    data, source, before = example
    candidates = [n for n in unreferenced(data) if before.get(n)]
    if not candidates:
        pytest.skip("every component of this example is referenced by another")
    old = candidates[0]
    new = old + "-renamed"
    after = ownership(edited(data, old, new), source)
    assert_unchanged(before, after, skip=(old,), edge_of=old, renamed_to=new)
    # its own resources (WebWebAcl -> WebRenamedWebAcl), and edge rules it owns that are named
    # after their target (ApiFromWeb8080Ingress -> ApiFromWebRenamed8080Ingress), carry the new name
    expected = {(pascal(new) + logical[len(pascal(old)):] if logical.startswith(pascal(old))
                 else naming(old).sub(pascal(new), logical), kind) for logical, kind in before[old]}
    assert after[new] == expected
    old_ids = {logical for logical, _ in before[old] if logical.startswith(pascal(old))}
    assert old_ids, f"'{old}' owns no resource named after it"
    still_there = old_ids & {logical for ids in after.values() for logical, _ in ids}
    assert not still_there, f"renaming '{old}' left {sorted(still_there)} behind"
