"""Performance-efficiency rules: connection pooling, current instance generations, timeouts, scaling."""
from __future__ import annotations

import re

from . import facts
from .rules import component_finding, rule

RULES: list = []
PREVIOUS = re.compile(r"^(db\.|cache\.)?(t1|t2|m1|m2|m3|m4|c1|c3|c4|r3|r4|i2|d2|x1)\.")
API_LIMIT = {"http": 30, "rest": 29}  # seconds API Gateway waits for an integration


def sizes(comp) -> list[tuple[str, tuple]]:
    """(instance type or class, DSL path) a component runs on."""
    fields = {"instance-group": "instance_type", "container-service": "instance_type",
              "database": "instance_class", "cache": "node_type"}
    value = getattr(comp, fields.get(comp.type, ""), None)
    return [(value, (fields[comp.type],))] if value else []


@rule(RULES, "WA-PERF-001", "Functions reach databases through RDS Proxy", "medium",
      """Every concurrent function instance opens its own connections; a burst of invocations exhausts the
      database's connection limit and fails requests that a pool would have served.""",
      """Set proxy: true on the database (functions then connect to the proxy's endpoint).""")
def function_without_proxy(arch, ctx):
    for fn in facts.of(arch, "function"):
        for target, mode in fn.uses.items():
            db = arch.components.get(target)
            if db is not None and db.type == "database" and not db.proxy:
                yield component_finding(fn, f"function '{fn.name}' connects to database '{target}' without "
                                            "RDS Proxy", "uses", target)


@rule(RULES, "WA-PERF-002", "Instances are of a current generation", "medium",
      """Previous-generation instance types (t2, m4, c4, r4, ...) cost as much or more than their successors
      and deliver less; some are being retired.""",
      """Use the current generation of the same family: t3 or t4g for t2, m7g or m6i for m4, and so on.""")
def previous_generation(arch, ctx):
    for comp in arch.components.values():
        for size, path in sizes(comp):
            if PREVIOUS.match(size):
                yield component_finding(comp, f"'{comp.name}' runs on the previous-generation {size}", *path)


@rule(RULES, "WA-PERF-003", "Functions behind an API finish within its integration timeout", "medium",
      """API Gateway answers 504 after 29 seconds (REST) or 30 seconds (HTTP) while the function runs on:
      the caller sees an error, may retry, and the work happens twice.""",
      """Lower the function's timeout to the API's limit, or hand long work to a queue and answer at once.""")
def function_timeout_above_api(arch, ctx):
    for api in facts.of(arch, "api"):
        limit = API_LIMIT.get(api.protocol, 29)
        for target in dict.fromkeys(e.target for e in arch.edges_from(api.name, "route")):
            fn = arch.components.get(target)
            if fn is not None and fn.type == "function" and fn.timeout > limit:
                yield component_finding(fn, f"function '{fn.name}' may run {fn.timeout}s; API '{api.name}' waits "
                                            f"{limit}s", "timeout")


@rule(RULES, "WA-PERF-004", "Compute behind a load balancer scales with its load", "low",
      """A fixed fleet is either too big most of the time or too small at the peak. Target tracking adds
      instances or tasks as the load rises and removes them after.""",
      """Add scaling: {cpu_target: 60} (or request_count_target) and a capacity max above min.""")
def no_scaling(arch, ctx):
    for comp in facts.of(arch, *facts.RUNNERS):
        if arch.edges_to(comp.name, "forward") and comp.scaling is None:
            yield component_finding(comp, f"'{comp.name}' serves a load balancer with no scaling policy")
