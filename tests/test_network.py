"""The network plan: explicit CIDRs are checked, sized tiers are carved deterministically."""
import ipaddress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsarch_compiler.platform.network.plan import plan


def network(cidr="10.0.0.0/16", azs=2, **tiers):
    return {"cidr": cidr, "availability_zones": azs, "subnets": tiers}


def cidrs(tiers) -> dict:
    return {t.name: list(t.cidrs) for t in tiers}


def codes(diags) -> list[str]:
    return [d.code for d in diags]


def test_sized_tiers_are_carved_in_declaration_order_lowest_block_first():
    tiers, diags = plan(network(public={"type": "public", "size": 24}, app={"type": "private", "size": 24},
                                data={"type": "isolated", "size": 26}))
    assert diags == []
    assert cidrs(tiers) == {"public": ["10.0.0.0/24", "10.0.1.0/24"], "app": ["10.0.2.0/24", "10.0.3.0/24"],
                            "data": ["10.0.4.0/26", "10.0.4.64/26"]}
    assert [(t.name, t.type, t.size) for t in tiers] == [("public", "public", 24), ("app", "private", 24),
                                                         ("data", "isolated", 26)]


def test_explicit_cidrs_are_kept_and_sized_tiers_fill_around_them():
    tiers, diags = plan(network(public={"type": "public", "cidrs": ["10.0.0.0/24", "10.0.2.0/24"]},
                                app={"type": "private", "size": 24}))
    assert diags == []
    assert cidrs(tiers) == {"public": ["10.0.0.0/24", "10.0.2.0/24"], "app": ["10.0.1.0/24", "10.0.3.0/24"]}


def test_mixed_sizes_stay_aligned():
    tiers, diags = plan(network(small={"type": "public", "size": 28}, big={"type": "private", "size": 20}))
    assert diags == []
    for cidr in cidrs(tiers)["big"]:
        assert ipaddress.IPv4Network(cidr)  # strict: aligned on its own size
    assert cidrs(tiers)["big"] == ["10.0.16.0/20", "10.0.32.0/20"]


@pytest.mark.parametrize("net,code,path", [
    (network(cidr="10.0.0.1/16", app={"type": "private", "size": 24}), "E310", ("network", "cidr")),
    (network(cidr="10.0.0.0/8", app={"type": "private", "size": 24}), "E324", ("network", "cidr")),
    (network(cidr="not-a-cidr", app={"type": "private", "size": 24}), "E310", ("network", "cidr")),
    (network(app={"type": "private", "cidrs": ["10.0.1.0/24", "10.1.0.0/24"]}), "E314",
     ("network", "subnets", "app", "cidrs", 1)),
    (network(app={"type": "private", "cidrs": ["10.0.1.0/24", "10.0.1.128/25"]}), "E312",
     ("network", "subnets", "app", "cidrs", 1)),
    (network(azs=3, app={"type": "private", "cidrs": ["10.0.1.0/24", "10.0.2.0/24"]}), "E313",
     ("network", "subnets", "app", "cidrs")),
    (network(app={"type": "private", "cidrs": ["10.0.1.0/24", "10.0.2.0/29"]}), "E311",
     ("network", "subnets", "app", "cidrs", 1)),
    (network(cidr="10.0.0.0/20", app={"type": "private", "size": 18}), "E315",
     ("network", "subnets", "app", "size")),
    (network(cidr="10.0.0.0/24", a={"type": "public", "size": 25}, b={"type": "private", "size": 28}), "E316",
     ("network", "subnets", "b", "size")),
])
def test_bad_plans_get_a_located_error(net, code, path):
    tiers, diags = plan(net)
    assert tiers == []
    assert code in codes(diags)
    assert path in [d.path for d in diags if d.code == code]
    assert all(d.message for d in diags)


def test_host_bits_hint_names_the_network_address():
    _, diags = plan(network(cidr="10.0.3.7/16", app={"type": "private", "size": 24}))
    assert "10.0.0.0/16" in diags[0].hint


def test_every_error_of_the_plan_is_reported_together():
    _, diags = plan(network(azs=3, a={"type": "public", "cidrs": ["10.0.1.0/24", "10.9.0.0/24"]},
                            b={"type": "private", "cidrs": ["10.0.1.0/25", "10.0.5.0/24", "10.0.6.0/24"]}))
    assert {"E313", "E314", "E312"} <= set(codes(diags))


# -- property: any valid request carves disjoint subnets inside the VPC, one per AZ, or says why not ----

@st.composite
def requests(draw):
    prefix = draw(st.integers(min_value=16, max_value=28))
    first = draw(st.sampled_from([10, 172, 192]))
    base = {10: "10.0.0.0", 172: "172.16.0.0", 192: "192.168.0.0"}[first]
    span = max(0, min(prefix, 24) - {10: 8, 172: 12, 192: 16}[first])
    offset = draw(st.integers(min_value=0, max_value=(1 << span) - 1)) if span else 0
    address = int(ipaddress.IPv4Address(base)) + (offset << (32 - prefix) if prefix <= 24 else 0)
    vpc = ipaddress.IPv4Network((address, prefix), strict=False)
    azs = draw(st.integers(min_value=2, max_value=6))
    count = draw(st.integers(min_value=1, max_value=4))
    kinds = ["public", "private", "isolated"]
    tiers = {}
    for i in range(count):
        tiers[f"t{i}"] = {"type": draw(st.sampled_from(kinds)),
                          "size": draw(st.integers(min_value=16, max_value=28))}
    return {"cidr": str(vpc), "availability_zones": azs, "subnets": tiers}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_carving_is_sound_or_says_why_not(request):
    tiers, diags = plan(request)
    again = plan(request)
    assert (tiers, [d.message for d in diags]) == (again[0], [d.message for d in again[1]]), "not deterministic"
    vpc = ipaddress.IPv4Network(request["cidr"])
    if diags:
        assert tiers == []
        for diag in diags:
            assert diag.code in {"E324", "E315", "E316"}, diag
            assert diag.path[:2] == ("network", "cidr") or diag.path[:2] == ("network", "subnets")
            assert diag.message
        return
    assert [t.name for t in tiers] == list(request["subnets"])
    carved = []
    for tier in tiers:
        assert len(tier.cidrs) == request["availability_zones"], "one subnet per AZ"
        for text in tier.cidrs:
            net = ipaddress.IPv4Network(text)  # strict: no host bits
            assert net.prefixlen == request["subnets"][tier.name]["size"]
            assert net.subnet_of(vpc)
            carved.append(net)
    for i, a in enumerate(carved):
        for b in carved[i + 1:]:
            assert not a.overlaps(b), f"{a} overlaps {b}"
