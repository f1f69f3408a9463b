"""Cost-optimization rules: a budget, development environments sized as such, cheaper storage."""
from __future__ import annotations

from . import facts
from .rules import Finding, component_finding, rule

RULES: list = []


@rule(RULES, "WA-COST-001", "The architecture has a budget", "medium",
      """A misconfigured function or a forgotten instance runs up hundreds of dollars before the monthly
      bill shows it. A budget alert says so within a day.""",
      """Add monitoring.budget: {monthly_usd: N, alert_at_percent: 80} and monitoring.notify (awsarch-compile
      cost estimates N).""")
def no_budget(arch, ctx):
    if arch.components and arch.monitoring.budget is None:
        yield Finding("monitoring.budget is not set", ("monitoring",))


@rule(RULES, "WA-COST-002", "Development environments share one NAT gateway", "low",
      """A NAT gateway costs about $33 a month before any traffic. A development environment rarely needs
      to survive an AZ outage, so one per AZ doubles that cost for little.""",
      """Set network.nat_gateways: single in the development environment's overlay.""")
def nat_per_az_in_development(arch, ctx):
    net = arch.network
    if facts.development(arch) and net is not None and net.nat_gateways == "per-az":
        yield Finding(f"{net.availability_zones} NAT gateways (nat_gateways: per-az) in a development profile",
                      ("network", "nat_gateways"))


@rule(RULES, "WA-COST-003", "Development databases run in one Availability Zone", "low",
      """Multi-AZ doubles a database's instance cost, and Aurora readers cost as much as the writer; a
      development database seldom needs them.""",
      """Set multi_az: false (Aurora: instances: 1) in the development environment's overlay.""")
def multi_az_in_development(arch, ctx):
    if not facts.development(arch):
        return
    for db in facts.of(arch, "database"):
        if db.multi_az or (db.instances or 1) > 1:
            yield component_finding(db, f"database '{db.name}' is Multi-AZ in a development profile", "multi_az")


@rule(RULES, "WA-COST-004", "Block storage is gp3", "low",
      """gp3 volumes cost about 20 % less than gp2 and give 3,000 IOPS and 125 MiB/s at any size, where gp2
      ties performance to size. io1 is rarely worth its price over gp3 with provisioned IOPS.""",
      """Set storage: {type: gp3} on databases and root_volume: {type: gp3} on instance groups.""")
def not_gp3(arch, ctx):
    for comp in facts.of(arch, "database", "instance-group"):
        volume = getattr(comp, "storage", None) if comp.type == "database" else comp.root_volume
        field = "storage" if comp.type == "database" else "root_volume"
        if volume is not None and volume.type in ("gp2", "io1", "standard"):
            yield component_finding(comp, f"'{comp.name}' uses {volume.type} volumes", field, "type")


@rule(RULES, "WA-COST-005", "Old object versions expire", "low",
      """A versioned bucket keeps every overwritten and deleted object's old versions, and bills them, for
      ever, unless a lifecycle rule expires them.""",
      """Add lifecycle: [{expire_noncurrent_after_days: 30}] to the bucket.""")
def versions_kept_forever(arch, ctx):
    for bucket in facts.of(arch, "bucket"):
        expiring = any(r.expire_noncurrent_after_days or r.expire_after_days for r in bucket.lifecycle)
        if bucket.versioned and not expiring:
            yield component_finding(bucket, f"bucket '{bucket.name}' keeps old object versions for ever", "lifecycle")
