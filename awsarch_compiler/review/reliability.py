"""Reliability rules: redundancy across AZs, failure paths of asynchronous work, backups, reachability."""
from __future__ import annotations

from ..types.database.model import instance_count, is_aurora
from . import facts
from .rules import Finding, component_finding, rule

RULES: list = []
RTO_ONE_REGION = 240  # minutes: below this, redeploying into another region and restoring cannot make it


@rule(RULES, "WA-REL-001", "A consumed queue has a dead-letter queue", "medium",
      """A message its consumer cannot process comes back after every visibility timeout until the
      retention period deletes it: the poison message blocks or slows the queue and is lost in the end,
      without anyone knowing what it was.""",
      """Add dead_letter: {max_receive: 5} to the queue; failed messages then move to a dead-letter queue
      after five receives, where they can be inspected and redriven.""")
def queue_without_dead_letter(arch, ctx):
    for queue in facts.of(arch, "queue"):
        consumed = arch.edges_from(queue.name, "trigger") or any(m == "consume" for _, m in arch.users_of(queue.name))
        if consumed and getattr(queue, "dead_letter", None) is None:
            yield component_finding(queue, f"queue '{queue.name}' is consumed but has no dead-letter queue")


@rule(RULES, "WA-REL-002", "Someone is told when a dead-letter queue fills", "medium",
      """A dead-letter queue nobody watches only moves the failure out of sight: the messages sit there
      until their retention ends, and the work they stood for never happens.""",
      """Add an alarm on the queue's dlq_depth metric to monitoring.alarms, such as
      {component: jobs, metric: dlq_depth, threshold: 1, minutes: 5}, and an address under notify.""")
def dead_letter_without_alarm(arch, ctx):
    for queue in facts.of(arch, "queue"):
        if getattr(queue, "dead_letter", None) is not None and not facts.alarmed(arch, queue.name, "dlq_depth"):
            yield component_finding(queue, f"nothing alarms on the dead-letter queue of '{queue.name}'",
                                    "dead_letter")


def _single_az_data(comp) -> str | None:
    if comp.type == "database":
        if is_aurora(comp):
            return "one instance, no reader to fail over to" if instance_count(comp) < 2 else None
        return None if comp.multi_az else "multi_az is false"
    if comp.type == "cache" and getattr(comp, "nodes", 2) < 2:
        return f"{comp.nodes} node"
    return None


@rule(RULES, "WA-REL-003", "Production databases and caches span two Availability Zones", "high",
      """An Availability Zone fails now and then. A database or cache with its only node in one AZ is
      down for as long as that AZ is, and a database may need a restore from backup afterwards.""",
      """Set multi_az: true on the database (Aurora: instances: 2 or more), nodes: 2 or more on the cache,
      or, where one AZ is acceptable, suppress the rule on the component with the reason.""")
def single_az_data(arch, ctx):
    if not facts.production(arch):
        return
    for comp in facts.of(arch, "database", "cache"):
        why = _single_az_data(comp)
        if why:
            yield component_finding(comp, f"{comp.type} '{comp.name}' runs in one Availability Zone ({why})")


@rule(RULES, "WA-REL-004", "Production private tiers do not share one NAT gateway", "medium",
      """With nat_gateways: single every private subnet sends its internet traffic through a NAT gateway
      in one AZ: when that AZ fails, compute in the other AZs loses its way out too.""",
      """Set network.nat_gateways: per-az in production (one NAT gateway per AZ, each private subnet
      routed to the one in its own AZ).""")
def single_nat(arch, ctx):
    net = arch.network
    if facts.production(arch) and net is not None and net.nat_gateways == "single" \
            and any(t.type == "private" for t in net.tiers):
        yield Finding("every private subnet routes through one NAT gateway (nat_gateways: single)",
                      ("network", "nat_gateways"))


@rule(RULES, "WA-REL-005", "Asynchronous function invocations have a failure destination", "medium",
      """Buckets, topics and schedules invoke a function asynchronously, and stream triggers retry a batch
      a few times: an event that still fails is dropped, and nothing records that it ever happened.""",
      """Set dead_letter: QUEUE on a function invoked by a bucket, topic or schedule, and
      failure_destination: QUEUE on its stream triggers.""")
def async_without_destination(arch, ctx):
    for fn in facts.of(arch, "function"):
        for source, trigger, i in facts.function_triggers(arch, fn):
            kind = source.type if source is not None else "schedule"
            if kind == "stream" and getattr(trigger, "failure_destination", None) is None:
                yield component_finding(fn, f"the stream trigger of '{fn.name}' has no failure_destination",
                                        "triggers", i)
            elif (kind in facts.ASYNC_SOURCES or kind == "schedule") and not getattr(fn, "dead_letter", None):
                yield component_finding(fn, f"'{fn.name}' is invoked asynchronously by {kind} "
                                            f"{'' if source is None else repr(source.name) + ' '}"
                                            "and has no dead_letter", "triggers", i)


def _no_backup(comp) -> str | None:
    checks = {"table": ("point_in_time_recovery", False, "point_in_time_recovery is false"),
              "file-system": ("backup", False, "backup is false"),
              "bucket": ("versioned", False, "versioned is false: an overwrite or delete cannot be undone")}
    if comp.type in checks:
        field, bad, why = checks[comp.type]
        return why if getattr(comp, field, not bad) == bad else None
    if comp.type == "cache" and comp.engine != "memcached" and comp.snapshot_retention_days == 0:
        return "snapshot_retention_days is 0"
    return None


@rule(RULES, "WA-REL-006", "Stateful components keep backups or point-in-time recovery", "high",
      """A bad deploy, a mistaken delete or corrupt writes destroy data as surely as a failure does. Without
      backups, point-in-time recovery or object versions there is nothing to restore from.""",
      """Keep point_in_time_recovery: true on tables, backup: true on file systems, versioned: true on
      buckets and snapshot_retention_days above 0 on caches, or suppress the rule where the data can be
      rebuilt from elsewhere.""")
def no_backups(arch, ctx):
    for comp in facts.of(arch, "table", "file-system", "bucket", "cache"):
        why = _no_backup(comp)
        if why:
            yield component_finding(comp, f"{comp.type} '{comp.name}' keeps no backup ({why})")


@rule(RULES, "WA-REL-007", "A declared RTO is one a single region can meet", "medium",
      """The compiled architecture lives in one region. When the region is impaired, recovery means
      deploying the templates into another region and restoring data there, which takes hours: a recovery
      time objective shorter than that cannot be met.""",
      """Compile the file for a second region and keep it as a pilot light or warm standby with replicated
      data and DNS failover, or state the RTO that one region can meet (review: {rto_minutes: 240}).""")
def rto_single_region(arch, ctx):
    rto = arch.review.rto_minutes
    if rto is not None and rto < RTO_ONE_REGION:
        yield Finding(f"a {rto}-minute RTO with every component in one region", ("review", "rto_minutes"))
