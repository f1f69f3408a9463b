"""``cache``: ElastiCache (Valkey, Redis OSS or Memcached), encrypted in transit and at rest.

Valkey and Redis OSS become a replication group (cluster mode off): one
primary plus ``nodes - 1`` replicas, Multi-AZ with automatic failover from two
nodes, at-rest and in-transit encryption, an AUTH token generated in Secrets
Manager and handed to ElastiCache through a dynamic reference (the token never
appears in a template). Memcached becomes a cache cluster with in-transit
encryption (Memcached has no at-rest encryption and no AUTH). The subnet
group lies in the isolated tier (else private); the security group has no
egress and one ingress rule per ``uses: connect`` edge.
"""
from __future__ import annotations

from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import TYPE_NAME, Cache, port_of


class CacheType(ComponentType):
    type_name = TYPE_NAME
    parameter_fields = ("node_type",)  # passed into one property as is: may be {param: NAME}
    code_block = BLOCK
    codes = CODES
    spec = Cache
    summary = "ElastiCache Redis/Valkey/Memcached, encrypted in transit and at rest"
    layer = "data"
    in_vpc = True
    stateful = True
    egress = "none"
    access = MODES
    metrics = METRICS

    def default_tiers(self, component):
        return ("isolated", "private")

    def port(self, comp: Cache) -> int:
        return port_of(comp)

    def check(self, comp: Cache, arch):
        return checks.check(comp, arch)

    def grant(self, mode, source, target: Cache, ctx):
        return grant_for(mode, source, target)

    def recovery_problem(self, comp, arch):
        return "its contents are not replicated to another region (ElastiCache global datastores are not generated); a cache is rebuilt from its source"

    def generate(self, comp: Cache, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = CacheType()
