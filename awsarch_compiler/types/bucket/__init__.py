"""``bucket``: a private, encrypted, TLS-only S3 bucket; its object events go out through
EventBridge (``notifications.py``) to queues, functions and topics."""
from __future__ import annotations

from troposphere import GetAtt

from ...core.model import Edge
from ..base import ComponentType, Delivery
from ...core.recovery import BACKUP_EVERY_MINUTES
from . import checks, recovery, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .model import TYPE_NAME, Bucket, BucketTrigger, rule_id
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

    def edges(self, comp: Bucket):
        for i, notification in enumerate(comp.notifications):
            yield Edge("deliver", comp.name, notification.target, ("components", comp.name, "notifications", i),
                       notification)

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
