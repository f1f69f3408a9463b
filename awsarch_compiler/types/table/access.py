"""What ``uses: {table: read | write | read-write}`` grants, after the AWS SAM DynamoDB connector profiles."""
from __future__ import annotations

from awacs import dynamodb as ddb
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref, Sub

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import Table, table_id

READ = (ddb.GetItem, ddb.BatchGetItem, ddb.Query, ddb.Scan, ddb.ConditionCheckItem, ddb.DescribeTable,
        ddb.PartiQLSelect)
WRITE = (ddb.PutItem, ddb.UpdateItem, ddb.DeleteItem, ddb.BatchWriteItem, ddb.ConditionCheckItem,
         ddb.PartiQLInsert, ddb.PartiQLUpdate, ddb.PartiQLDelete)
MODES = {
    "read": AccessMode("dynamodb:GetItem, BatchGetItem, Query, Scan, ConditionCheckItem, DescribeTable, "
                       "PartiQLSelect on the table and its indexes (+ kms:Decrypt)", ("TABLE", "TABLE_ARN")),
    "write": AccessMode("dynamodb:PutItem, UpdateItem, DeleteItem, BatchWriteItem, ConditionCheckItem, "
                        "PartiQLInsert/Update/Delete on the table (+ kms:Encrypt, GenerateDataKey, Decrypt)",
                        ("TABLE", "TABLE_ARN")),
    "read-write": AccessMode("read and write together", ("TABLE", "TABLE_ARN")),
}


def grant_for(mode, source, target: Table) -> Grant:
    logical = table_id(target.name)
    table_arn = GetAtt(logical, "Arn")
    statements = []
    if mode in ("read", "read-write"):
        statements.append(Statement(Effect=Allow, Action=list(READ),
                                    Resource=[table_arn, Sub(f"${{{logical}.Arn}}/index/*")]))
    if mode in ("write", "read-write"):
        statements.append(Statement(Effect=Allow, Action=list(WRITE), Resource=[table_arn]))
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, kms.DECRYPT if mode == "read" else kms.ENCRYPT))
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, statements=tuple(statements),
                 env=((f"{prefix}_TABLE", Ref(logical)), (f"{prefix}_TABLE_ARN", table_arn)))
