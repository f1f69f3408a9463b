"""``database``: an RDS instance or an Aurora cluster, optionally behind an RDS Proxy.

Secure by default: in the isolated tier (else private), not publicly
accessible, storage encrypted, TLS required by a parameter group, the master
password generated and kept in Secrets Manager by RDS, backups, Multi-AZ,
deletion protection and a snapshot on delete or replacement, IAM database
authentication, CloudWatch log exports and Enhanced Monitoring.

``uses: {db: connect}`` opens the database's port (or the proxy's) to exactly
the user's security group, grants read of exactly the managed master secret
and hands over ``<NAME>_HOST``, ``<NAME>_PORT``, ``<NAME>_SECRET_ARN`` (and
``<NAME>_NAME``).
"""
from __future__ import annotations

from troposphere import GetAtt

from ...core.backup import BackupScope
from ...platform import kms
from ..base import ComponentType
from ...core.recovery import BACKUP_EVERY_MINUTES
from . import aurora, checks, instance, proxy, recovery
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import AURORA_FREE_STORAGE, METRICS
from .model import TYPE_NAME, Database, cluster_id, instance_id, is_aurora, port_of


class DatabaseType(ComponentType):
    type_name = TYPE_NAME
    parameter_fields = ("instance_class",)  # passed into one property as is: may be {param: NAME}
    code_block = BLOCK
    codes = CODES
    spec = Database
    summary = ("RDS instance or Aurora cluster, subnet group, managed master secret, encryption, backups, "
               "Multi-AZ, snapshot on delete, optional RDS Proxy")
    layer = "data"
    in_vpc = True
    stateful = True
    egress = "none"
    metrics = METRICS
    access = MODES
    api_endpoint = "secretsmanager"
    backup_service = "RDS"

    def backup_scope(self, component: Database) -> BackupScope:
        if is_aurora(component):
            return BackupScope("Aurora", (GetAtt(cluster_id(component.name), "DBClusterArn"),))
        return BackupScope("RDS", (GetAtt(instance_id(component), "DBInstanceArn"),))

    def default_tiers(self, component):
        return ("isolated", "private")

    def port(self, component: Database) -> int:
        return port_of(component)

    def metric(self, component: Database, name: str):
        """Aurora volumes grow by themselves: its free_storage is the instances' local storage."""
        if name == "free_storage" and is_aurora(component):
            return AURORA_FREE_STORAGE
        return self.metrics[name]

    def metric_names(self, component: Database) -> tuple[str, ...]:
        """Replica lag exists for Aurora only, ACU utilisation for Aurora Serverless v2 only."""
        absent = set()
        if not is_aurora(component):
            absent |= {"replica_lag", "acu_utilization"}
        elif not component.serverless:
            absent.add("acu_utilization")
        return tuple(m for m in self.metrics if m not in absent)

    def check(self, comp: Database, arch):
        return checks.check_database(comp, arch)

    def grant(self, mode, source, target: Database, ctx):
        return grant_for(mode, source, target)

    def data_recovery(self, comp: Database, arch, strategy: str):
        return recovery.data_recovery(comp, strategy, BACKUP_EVERY_MINUTES)

    def recovery_checks(self, comp: Database, arch):
        return recovery.checks(comp, arch)

    def recover(self, comp: Database, ctx, plan) -> None:
        recovery.recover(comp, ctx, plan)

    def generate(self, comp: Database, ctx) -> None:
        key = kms.customer_key(ctx, comp) if comp.encryption == "kms" else None
        if is_aurora(comp):
            aurora.generate_cluster(comp, ctx, key)
        else:
            instance.generate_instance(comp, ctx, key)
        if comp.proxy:
            proxy.generate_proxy(comp, ctx, key)


TYPE = DatabaseType()
