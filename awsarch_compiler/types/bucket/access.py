"""What ``uses: {bucket: read | write | read-write}`` grants: exactly the S3 actions on this bucket."""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref, Sub

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import Bucket, bucket_id

READ = (awacs_s3.GetObject, awacs_s3.GetObjectVersion)
WRITE = (awacs_s3.PutObject, awacs_s3.DeleteObject, awacs_s3.AbortMultipartUpload)
MODES = {
    "read": AccessMode("s3:GetObject, s3:GetObjectVersion on its objects; s3:ListBucket on it (+ kms:Decrypt)", ("BUCKET",)),
    "write": AccessMode("s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload on its objects (+ kms:GenerateDataKey, kms:Encrypt)", ("BUCKET",)),
    "read-write": AccessMode("read and write together", ("BUCKET",)),
}


def grant_for(mode, source, target: Bucket) -> Grant:
    logical = bucket_id(target.name)
    objects = Sub(f"${{{logical}.Arn}}/*")
    statements = []
    if mode in ("read", "read-write"):
        statements.append(Statement(Effect=Allow, Action=list(READ), Resource=[objects]))
        statements.append(Statement(Effect=Allow, Action=[awacs_s3.ListBucket], Resource=[GetAtt(logical, "Arn")]))
    if mode in ("write", "read-write"):
        statements.append(Statement(Effect=Allow, Action=list(WRITE), Resource=[objects]))
    if target.encryption == "kms":
        actions = kms.ENCRYPT if mode != "read" else kms.DECRYPT
        statements.append(kms.use_statement(target.name, actions))
    return Grant(source.name, target.name, mode, statements=tuple(statements),
                 env=((f"{env_prefix(target.name)}_BUCKET", Ref(logical)),))
