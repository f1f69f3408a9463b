"""What ``uses: {stream: read | write}`` grants: exactly the Kinesis actions on this stream (and its key)."""
from __future__ import annotations

from awacs import kinesis as awacs_kinesis
from awacs.aws import Allow, Statement
from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import Stream, stream_arn, stream_id

READ = (awacs_kinesis.DescribeStream, awacs_kinesis.DescribeStreamSummary, awacs_kinesis.GetRecords,
        awacs_kinesis.GetShardIterator, awacs_kinesis.ListShards, awacs_kinesis.SubscribeToShard)
WRITE = (awacs_kinesis.DescribeStreamSummary, awacs_kinesis.PutRecord, awacs_kinesis.PutRecords)
MODES = {
    "read": AccessMode("kinesis:GetRecords, GetShardIterator, DescribeStream, DescribeStreamSummary, ListShards, "
                       "SubscribeToShard on exactly the stream (+ kms:Decrypt with encryption: kms)",
                       ("STREAM_NAME", "STREAM_ARN")),
    "write": AccessMode("kinesis:PutRecord, PutRecords, DescribeStreamSummary on exactly the stream "
                        "(+ kms:GenerateDataKey with encryption: kms)", ("STREAM_NAME", "STREAM_ARN")),
}


def grant_for(mode, source, target: Stream) -> Grant:
    statements = [Statement(Effect=Allow, Action=list(READ if mode == "read" else WRITE),
                            Resource=[stream_arn(target.name)])]
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, kms.DECRYPT if mode == "read" else (kms.ENCRYPT[1],)))
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, statements=tuple(statements),
                 env=((f"{prefix}_STREAM_NAME", Ref(stream_id(target.name))),
                      (f"{prefix}_STREAM_ARN", stream_arn(target.name))))
