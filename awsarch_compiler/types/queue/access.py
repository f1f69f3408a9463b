"""What ``uses: {q: send | consume}`` grants: exactly the SQS actions on this queue (and its key)."""
from __future__ import annotations

from awacs import kms as awacs_kms
from awacs import sqs as awacs_sqs
from awacs.aws import Allow, Statement
from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import Queue, queue_arn, queue_id

SEND = (awacs_sqs.SendMessage, awacs_sqs.GetQueueAttributes)
KMS_SEND = (awacs_kms.GenerateDataKey, awacs_kms.Decrypt)  # what SQS needs to encrypt a message for the sender
CONSUME = (awacs_sqs.ReceiveMessage, awacs_sqs.DeleteMessage, awacs_sqs.ChangeMessageVisibility,
           awacs_sqs.GetQueueAttributes)
MODES = {
    "send": AccessMode("sqs:SendMessage, sqs:GetQueueAttributes on it (+ kms:GenerateDataKey, kms:Decrypt "
                       "with encryption: kms)", ("QUEUE_URL", "QUEUE_ARN")),
    "consume": AccessMode("sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility, "
                          "sqs:GetQueueAttributes on it (+ kms:Decrypt)", ("QUEUE_URL", "QUEUE_ARN")),
}


def grant_for(mode, source, target: Queue) -> Grant:
    actions = SEND if mode == "send" else CONSUME
    statements = [Statement(Effect=Allow, Action=list(actions), Resource=[queue_arn(target.name)])]
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, KMS_SEND if mode == "send" else kms.DECRYPT))
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, statements=tuple(statements),
                 env=((f"{prefix}_QUEUE_URL", Ref(queue_id(target.name))),
                      (f"{prefix}_QUEUE_ARN", queue_arn(target.name))))
