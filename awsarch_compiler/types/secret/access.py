"""What ``uses: {secret: read | read-write}`` grants: exactly this secret (and its key)."""
from __future__ import annotations

from awacs import secretsmanager as awacs_sm
from awacs.aws import Allow, Statement
from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import Secret, secret_id

READ = (awacs_sm.GetSecretValue, awacs_sm.DescribeSecret)
ROTATE = (awacs_sm.PutSecretValue, awacs_sm.UpdateSecretVersionStage)
MODES = {
    "read": AccessMode("secretsmanager:GetSecretValue, DescribeSecret on exactly the secret (+ kms:Decrypt); "
                       "the value is injected as <NAME>_SECRET where the runtime supports it",
                       ("SECRET_ARN",)),
    "read-write": AccessMode("read, plus secretsmanager:PutSecretValue, UpdateSecretVersionStage on exactly the "
                             "secret (+ kms:Encrypt, GenerateDataKey) — what a rotation function needs",
                             ("SECRET_ARN",)),
}


def grant_for(mode, source, target: Secret) -> Grant:
    arn = Ref(secret_id(target.name))
    statements = [Statement(Effect=Allow, Action=list(READ), Resource=[arn])]
    if mode == "read-write":
        statements.append(Statement(Effect=Allow, Action=list(ROTATE), Resource=[arn]))
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, kms.ENCRYPT if mode == "read-write" else kms.DECRYPT))
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, statements=tuple(statements),
                 env=((f"{prefix}_SECRET_ARN", arn),), secrets=((f"{prefix}_SECRET", arn),))
