"""``table``: a DynamoDB table — on-demand, point-in-time recovery, deletion protection, encrypted.

Access modes follow the AWS SAM DynamoDB connector profiles: ``read`` may
get, query and scan the table and its indexes; ``write`` may put, update and
delete items in the table; ``read-write`` both. A customer-managed key adds
exactly the key actions the mode needs.
"""
from __future__ import annotations

from troposphere import GetAtt

from ...core.backup import BackupScope
from ..base import ComponentType
from . import checks, resources, triggers
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import TYPE_NAME, Table, TableTrigger, table_id


class TableType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Table
    summary = "DynamoDB, on demand, point-in-time recovery, indexes, streams to function triggers, TTL, contributor insights"
    layer = "data"
    access = MODES
    metrics = METRICS
    api_endpoint = "dynamodb"
    backup_service = "DynamoDB"
    trigger_spec = TableTrigger

    def trigger_checks(self, source: Table, function, trigger, arch, path):
        return triggers.trigger_checks(source, function, trigger, arch, path)

    def trigger_resources(self, source: Table, function, trigger, ctx, function_id, path) -> None:
        triggers.trigger_resources(source, function, trigger, ctx, function_id, path)

    def trigger_statements(self, source: Table, function, trigger, ctx) -> list:
        return triggers.trigger_statements(source, function, trigger, ctx)

    def backup_scope(self, component: Table) -> BackupScope:
        return BackupScope("DynamoDB", (GetAtt(table_id(component.name), "Arn"),))

    def check(self, comp: Table, arch):
        return checks.check(comp, arch)

    def grant(self, mode, source, target: Table, ctx):
        return grant_for(mode, source, target)

    def generate(self, comp: Table, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = TableType()
