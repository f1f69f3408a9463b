"""Generated architectures of any size: a repeating mix of load balancers, services, databases,
queues, functions and buckets joined by ``uses:`` edges, for the scale benchmark and the tests.

    .venv/bin/python benchmarks/archgen.py 1000 > big.yaml

Every group of ten components is one load balancer routing to two services (an instance group
and a Fargate service), each connecting to the group's database and reading and writing one of
its buckets, and two functions, each consuming one of the group's queues and reading a bucket.
Names carry the component's number (``svc-0042``), so the file for N is the file for N - 1 with
one component more at the end. No component names a ``stack:``.
"""
from __future__ import annotations

import sys

import yaml

KINDS = ("lb", "web", "app", "db", "jobs", "events", "worker", "handler", "assets", "reports")
SUPPRESS = {
    "WA-COST-001": "a generated architecture: budgets are the account's",
    "WA-REL-004": "a generated architecture: one NAT gateway keeps it small",
}


def name(kind: str, group: int) -> str:
    return f"{kind}-{group:04d}"


def component(kind: str, group: int) -> dict:
    """The component of ``kind`` in group ``group``."""
    db, assets, reports = name("db", group), name("assets", group), name("reports", group)
    if kind == "lb":
        return {"type": "load-balancer", "scheme": "internal",
                "listeners": [{"port": 80, "protocol": "HTTP", "routes": [
                    {"target": name("web", group), "paths": ["/web/*"]},
                    {"target": name("app", group)}]}]}
    if kind == "web":
        return {"type": "instance-group", "image": "al2023", "instance_type": "t3.small", "port": 8080,
                "capacity": {"min": 1, "desired": 1, "max": 2},
                "uses": {db: "connect", assets: "read-write"}}
    if kind == "app":
        return {"type": "container-service", "launch": "fargate", "port": 3000, "cpu": 256, "memory": 512,
                "image": "public.ecr.aws/docker/library/node:22-alpine",
                "uses": {db: "connect", reports: "read-write"}}
    if kind == "db":
        return {"type": "database", "engine": "postgres", "instance_class": "db.t3.micro", "multi_az": False}
    if kind in ("jobs", "events"):
        return {"type": "queue", "dead_letter": {"max_receive": 3}}
    if kind in ("worker", "handler"):
        queue, bucket = (name("jobs", group), assets) if kind == "worker" else (name("events", group), reports)
        return {"type": "function", "runtime": "python3.12", "handler": "app.handler",
                "code": "s3://artifacts-bucket/handler.zip", "triggers": [{"queue": queue}],
                "uses": {bucket: "read"}}
    return {"type": "bucket"}


def architecture(n: int, arch_name: str = "estate") -> dict:
    """The first ``n`` components of the repeating mix, as a loaded architecture document."""
    components = {}
    for i in range(n):
        group, kind = divmod(i, len(KINDS))
        entry = component(KINDS[kind], group)
        entry["uses"] = {t: m for t, m in entry.get("uses", {}).items() if _index(t) < n}
        if not entry["uses"]:
            del entry["uses"]
        if "listeners" in entry:
            for listener in entry["listeners"]:
                listener["routes"] = [r for r in listener["routes"] if _index(r["target"]) < n]
            if not entry["listeners"][0]["routes"]:
                continue
        if "triggers" in entry and _index(entry["triggers"][0]["queue"]) >= n:
            del entry["triggers"]
        components[name(KINDS[kind], group)] = entry
    return {"awsarch": 1, "name": arch_name, "description": f"A generated estate of {n} components",
            "review": {"suppress": dict(SUPPRESS)},
            "network": {"cidr": "10.0.0.0/16", "availability_zones": 2, "nat_gateways": "single",
                        "subnets": {"public": {"type": "public", "size": 24}, "app": {"type": "private", "size": 22},
                                    "data": {"type": "isolated", "size": 24}}},
            "components": components}


def _index(component_name: str) -> int:
    kind, group = component_name.rsplit("-", 1)
    return int(group) * len(KINDS) + KINDS.index(kind)


def to_yaml(document: dict) -> str:
    return yaml.safe_dump(document, sort_keys=False, width=120)


if __name__ == "__main__":
    sys.stdout.write(to_yaml(architecture(int(sys.argv[1]) if len(sys.argv) > 1 else 100)))
