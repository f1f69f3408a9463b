"""``bucket``: a private, encrypted, TLS-only S3 bucket; its object events go out through
EventBridge (``notifications.py``) to queues, functions and topics."""
from __future__ import annotations

from troposphere import GetAtt

from ...core.backup import BackupScope
from ...core.model import Edge
from ..base import ComponentType, Delivery
from ...core.recovery import BACKUP_EVERY_MINUTES
from . import checks, recovery, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .model import TYPE_NAME, Bucket, BucketTrigger, bucket_id, rule_id
from .notifications import EVENTS


class BucketType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Bucket
    summary = "S3, public access blocked, encrypted, TLS-only policy, versioning, lifecycle, notifications"
    layer = "data"
    access = MODES
    api_endpoint = "s3"
    trigger_spec = BucketTrigger
    backup_service = "S3"

    def backup_scope(self, component: Bucket) -> BackupScope:
        return BackupScope("S3", (GetAtt(bucket_id(component.name), "Arn"),))

    def backup_problem(self, component: Bucket):
        if not component.versioned:
            return (f"bucket '{component.name}' keeps no object versions, which AWS Backup needs to back it up",
                    "set versioned: true on the bucket, or leave it out of the plan")
        return None

    def edges(self, comp: Bucket):
        for i, notification in enumerate(comp.notifications):
            yield Edge("deliver", comp.name, notification.target, ("components", comp.name, "notifications", i),
                       notification)
        for i, rule in enumerate(comp.replication):
            if rule.destination:
                yield Edge("replicate", comp.name, rule.destination, ("components", comp.name, "replication", i), rule)
        if comp.inventory is not None:
            yield Edge("inventory", comp.name, comp.inventory.destination, ("components", comp.name, "inventory"),
                       comp.inventory)

    def delivery(self, source: Bucket, edge) -> Delivery:
        rule = rule_id(source.name, edge.target)
        return Delivery(EVENTS, GetAtt(rule, "Arn"), f"From{rule}")

    def check(self, comp: Bucket, arch):
        return checks.check(comp, arch)

    def grant(self, mode, source, target: Bucket, ctx):
        return grant_for(mode, source, target)

    def data_recovery(self, comp: Bucket, arch, strategy: str):
        return recovery.data_recovery(comp, strategy, arch.disaster_recovery.replication_time_control,
                                      BACKUP_EVERY_MINUTES)

    def recovery_problem(self, comp: Bucket, arch):
        return recovery.problem(comp, arch)

    def recover(self, comp: Bucket, ctx, plan) -> None:
        recovery.recover(comp, ctx, plan)

    def generate(self, comp: Bucket, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = BucketType()
