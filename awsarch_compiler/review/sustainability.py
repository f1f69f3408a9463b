"""Sustainability rules: Graviton processors and storage that moves to colder classes."""
from __future__ import annotations

import re

from . import facts
from .performance import sizes
from .rules import component_finding, rule

RULES: list = []
# Families with a Graviton (arm64) counterpart: t3 -> t4g, m5/m6i -> m7g, c5 -> c7g, r5 -> r7g ...
X86_WITH_ARM = re.compile(r"^(db\.|cache\.)?(t3|t3a|m5|m5a|m6i|m6a|m7i|c5|c5a|c6i|c7i|r5|r5a|r6i|r7i)\.")


@rule(RULES, "WA-SUS-001", "Compute runs on Graviton where it can", "low",
      """Graviton (arm64) instances use up to 60 % less energy than comparable x86 instances and cost about
      20 % less; Lambda and Fargate on arm64 are 20 % cheaper per GB-second.""",
      """Use architecture: arm64 on functions and Fargate services, and a Graviton type (t4g, m7g, c7g) with
      the al2023-arm64 image on instance groups; suppress the rule where a dependency has no arm64 build.""")
def compute_not_graviton(arch, ctx):
    for comp in facts.of(arch, "function", "container-service"):
        if comp.architecture == "x86_64" and not (comp.type == "container-service" and comp.launch != "fargate"):
            yield component_finding(comp, f"{comp.type} '{comp.name}' runs on x86_64", "architecture")
    for comp in facts.of(arch, "instance-group", "container-service"):
        for size, path in sizes(comp):
            if X86_WITH_ARM.match(size):
                yield component_finding(comp, f"'{comp.name}' runs on {size}, which has a Graviton counterpart",
                                        *path)


@rule(RULES, "WA-SUS-002", "Databases and caches run on Graviton classes", "low",
      """RDS, Aurora and ElastiCache on Graviton (db.t4g, db.r7g, cache.t4g, cache.r7g) give the same
      engine for less energy and about 10-20 % less money.""",
      """Use the g class of the same size: db.t4g.medium for db.t3.medium, cache.t4g.micro for
      cache.t3.micro.""")
def data_not_graviton(arch, ctx):
    for comp in facts.of(arch, "database", "cache"):
        for size, path in sizes(comp):
            if X86_WITH_ARM.match(size):
                yield component_finding(comp, f"'{comp.name}' runs on {size}, which has a Graviton counterpart",
                                        *path)


@rule(RULES, "WA-SUS-003", "Buckets move data they no longer read to colder storage", "low",
      """Most stored data is read rarely after its first weeks; keeping all of it in S3 Standard spends
      energy and money on readiness nobody uses.""",
      """Set intelligent_tiering: true, or add lifecycle rules with transition_after_days and a storage
      class; suppress the rule for buckets of short-lived or small data.""")
def bucket_without_tiering(arch, ctx):
    for bucket in facts.of(arch, "bucket"):
        moving = bucket.intelligent_tiering or any(r.transition_after_days or r.expire_after_days
                                                   for r in bucket.lifecycle)
        if not moving:
            yield component_finding(bucket, f"bucket '{bucket.name}' keeps every object in S3 Standard", "lifecycle")
