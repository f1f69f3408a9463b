"""Reliability rules, continued: single instances, unreachable components, protection, loops, egress."""
from __future__ import annotations

from . import facts
from .rules import component_finding, rule

RULES: list = []


@rule(RULES, "WA-REL-008", "Production compute behind a load balancer runs at least two", "medium",
      """One instance or task behind a load balancer is one failure, one AZ outage or one deploy away from
      serving errors: there is nothing for the load balancer to send traffic to meanwhile.""",
      """Set capacity: {min: 2, max: ...} so that each AZ holds a copy.""")
def single_instance(arch, ctx):
    if not facts.production(arch):
        return
    for comp in facts.of(arch, *facts.RUNNERS):
        if arch.edges_to(comp.name, "forward") and comp.capacity.min < 2:
            yield component_finding(comp, f"'{comp.name}' serves a load balancer with capacity min "
                                          f"{comp.capacity.min}", "capacity", "min")


@rule(RULES, "WA-REL-009", "An internal load balancer has someone who can reach it", "medium",
      """An internal load balancer admits only the security groups of components that use it. With none,
      it compiles and deploys, costs money, and answers nobody.""",
      """Add uses: {LB: connect} to the components that call it (or route an API to it), or remove it.""")
def unreachable_internal_lb(arch, ctx):
    for lb in facts.of(arch, "load-balancer"):
        if facts.internet_facing(lb):
            continue
        if not arch.users_of(lb.name) and not arch.edges_to(lb.name, "route", "origin", "forward"):
            yield component_finding(lb, f"nothing uses the internal load balancer '{lb.name}'")


@rule(RULES, "WA-REL-010", "Production databases are protected from deletion", "medium",
      """Deletion protection is what stands between a stack deletion or a replacement and the loss of the
      database; a snapshot on delete helps only when the deletion was meant.""",
      """Keep deletion_protection: true on production databases.""")
def unprotected_database(arch, ctx):
    if facts.production(arch):
        for db in facts.of(arch, "database"):
            if not db.deletion_protection:
                yield component_finding(db, f"database '{db.name}' has deletion_protection: false",
                                        "deletion_protection")


@rule(RULES, "WA-REL-011", "A function does not write to the bucket that triggers it", "high",
      """A function invoked by a bucket's object events that writes into the same bucket, with no prefix or
      suffix to tell its output from its input, invokes itself again for every object it writes: a loop
      that runs until a limit or the bill stops it.""",
      """Give the trigger a prefix (uploads/) or suffix (.jpg) that the function's output does not match,
      or write the output to another bucket.""")
def recursive_bucket_trigger(arch, ctx):
    for fn in facts.of(arch, "function"):
        for source, trigger, i in facts.function_triggers(arch, fn):
            writes = source is not None and fn.uses.get(source.name) in ("write", "read-write")
            if source is not None and source.type == "bucket" and writes \
                    and not (trigger.prefix or trigger.suffix):
                yield component_finding(fn, f"'{fn.name}' writes to bucket '{source.name}', whose every "
                                            "new object invokes it", "triggers", i)


@rule(RULES, "WA-REL-012", "Compute without a route out calls nothing on the internet", "high",
      """A component in an isolated tier, or a private tier without NAT, has no route to the internet. An
      internet-facing load balancer or an API Gateway endpoint it uses is an internet address: every call
      times out.""",
      """Place the component in a tier with a NAT gateway, or call the target privately: use an internal
      load balancer, or invoke the functions behind the API directly.""")
def internet_target_without_egress(arch, ctx):
    for comp in arch.components.values():
        if not comp.uses or facts.routes_out(arch, comp):
            continue
        for target in comp.uses:
            other = arch.components.get(target)
            if other is not None and (other.type == "api" or facts.internet_facing(other)):
                yield component_finding(comp, f"'{comp.name}' has no route out of its tier and uses "
                                              f"{other.type} '{target}', an internet endpoint", "uses", target)
