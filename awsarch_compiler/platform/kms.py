"""Customer-managed KMS keys (``encryption: kms``): rotation on, policy scoped to the account.

The key policy lets the account's IAM policies grant use of the key (the
standard root statement); each ``uses`` edge then grants exactly the key
actions its mode needs, on this key's ARN, to the user's role. Services that
must use the key themselves are named with a source-account condition.
"""
from __future__ import annotations

from awacs import kms as awacs_kms
from awacs.aws import (
    Allow,
    Condition,
    PolicyDocument,
    Principal,
    Statement,
    StringEquals,
)
from troposphere import GetAtt, Sub, kms

from ..core.context import Context
from ..core.model import Component
from ..core.naming import logical_id

DECRYPT = (awacs_kms.Decrypt,)
ENCRYPT = (awacs_kms.Encrypt, awacs_kms.GenerateDataKey, awacs_kms.Decrypt)


def key_id(component: str) -> str:
    return logical_id(component, "Key")


def key_arn(component: str):
    return GetAtt(key_id(component), "Arn")


def add_key(ctx: Context, logical: str, description: str, alias: str, statements=(),
            component: Component | None = None, layer: str | None = None, path: tuple | None = None):
    """A rotated, retained key whose policy lets the account's IAM grant its use, plus
    ``statements`` for the services that use it themselves, and its ``alias/...``."""
    policy = [Statement(
        Sid="AccountAdministersKey", Effect=Allow,
        Principal=Principal("AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
        Action=[awacs_kms.Action("*")], Resource=["*"]), *statements]
    key = ctx.add(kms.Key(
        logical, Description=description, EnableKeyRotation=True, PendingWindowInDays=30,
        KeyPolicy=PolicyDocument(Version="2012-10-17", Statement=policy),
    ), component, layer=layer, path=path)
    key.DeletionPolicy = "Retain"
    key.UpdateReplacePolicy = "Retain"
    ctx.add(kms.Alias(logical + "Alias", AliasName=alias, TargetKeyId=GetAtt(key, "Arn")),
            component, layer=layer, tags=False, path=path)
    return key


def customer_key(ctx: Context, component: Component, services: tuple[str, ...] = (), layer: str | None = None) -> str:
    """Create ``<Name>Key`` and its alias; returns the key's logical ID."""
    statements = []
    if services:
        statements.append(Statement(
            Sid="ServicesUseKey", Effect=Allow, Principal=Principal("Service", list(services)),
            Action=[awacs_kms.Decrypt, awacs_kms.GenerateDataKey],
            Resource=["*"], Condition=Condition(StringEquals("aws:SourceAccount", Sub("${AWS::AccountId}")))))
    key = add_key(ctx, key_id(component.name), f"{ctx.arch.name} {component.name}: encryption key",
                  f"alias/{ctx.arch.name}/{component.name}", statements, component, layer)
    return key.title


def use_statement(component: str, actions) -> Statement:
    return Statement(Effect=Allow, Action=list(actions), Resource=[key_arn(component)])
