"""Operational-excellence rules: alarms on entry points, someone to tell, logs kept, traces."""
from __future__ import annotations

from . import facts
from .rules import Finding, component_finding, rule

RULES: list = []
MIN_LOG_DAYS = 30
TRACEABLE = ("function", "api", "container-service", "instance-group")


@rule(RULES, "WA-OPS-001", "Every internet entry point has an alarm", "medium",
      """The entry points are where users feel a failure first. Without an alarm on their errors or
      latency the team learns of an outage from its users.""",
      """Add an alarm on the entry point to monitoring.alarms: http_5xx or target_5xx for a load balancer,
      5xx for an API, error_rate_5xx for a static site.""")
def entry_without_alarm(arch, ctx):
    for comp in facts.entry_points(arch):
        if not facts.alarmed(arch, comp.name):
            yield component_finding(comp, f"no alarm watches the entry point '{comp.name}'")


@rule(RULES, "WA-OPS-002", "Alarms reach a person", "medium",
      """Alarms that notify nobody change nothing: the alarm state flips in the console while the outage
      goes on.""",
      """Add monitoring.notify: [team@example.com] and alarms on the components that matter.""")
def nobody_notified(arch, ctx):
    if facts.production(arch) and arch.components and not arch.monitoring.notify:
        yield Finding("monitoring.notify is empty: no alarm reaches anyone", ("monitoring",))


def _log_days(arch):
    for comp in arch.components.values():
        days = getattr(comp, "log_retention_days", None)
        if days is not None:
            yield comp, days, ("components", comp.name, "log_retention_days")


@rule(RULES, "WA-OPS-003", "Log groups keep their logs long enough to investigate", "low",
      """Logs are the evidence of an incident, and incidents are often found weeks later. A log group
      without retention keeps (and bills) everything forever; one with a few days' retention has deleted
      the evidence before anyone looks.""",
      """Keep log_retention_days at 30 or more in production (the default is 365), and do not remove a
      log group's RetentionInDays with overrides.""")
def short_log_retention(arch, ctx):
    if facts.production(arch):
        for comp, days, path in _log_days(arch):
            if days < MIN_LOG_DAYS:
                yield Finding(f"'{comp.name}' keeps its logs {days} days", path, comp.name)
    for logical, entry in sorted((ctx.entries if ctx is not None else {}).items()):
        if entry.resource.resource_type == "AWS::Logs::LogGroup" and "RetentionInDays" not in entry.resource.properties:
            yield Finding(f"log group {logical} keeps its logs forever", entry.dsl_path, entry.component)


@rule(RULES, "WA-OPS-004", "Requests are traced across components", "low",
      """With functions, APIs and services calling one another, a slow or failing request can only be
      followed end to end with distributed tracing.""",
      """Set monitoring.tracing: true (X-Ray on functions, APIs, container services and instances).""")
def no_tracing(arch, ctx):
    traceable = [c for c in arch.components.values() if c.type in TRACEABLE]
    if facts.production(arch) and len(traceable) > 1 and not arch.monitoring.tracing:
        yield Finding("monitoring.tracing is off", ("monitoring",))


@rule(RULES, "WA-OPS-005", "A component is used by something", "low",
      """A component that nothing uses, triggers, routes to or names in DNS is either left over or wired
      up by hand outside the file: both deserve a look before they cost money or confuse the next reader.""",
      """Add the uses:, route or trigger that reaches it, or remove it.""")
def unused_component(arch, ctx):
    entries = {c.name for c in facts.entry_points(arch)}
    for comp in arch.components.values():
        if comp.name in entries or comp.type == "load-balancer":
            continue  # internal load balancers: WA-REL-009
        if comp.type == "function":
            reached = arch.edges_to(comp.name) or any(t.source is None for t in comp.triggers)
        else:
            reached = facts.referenced(arch, comp.name)
        if not reached and comp.name not in facts.dns_targets(arch):
            yield component_finding(comp, f"nothing uses, triggers or routes to '{comp.name}'")
