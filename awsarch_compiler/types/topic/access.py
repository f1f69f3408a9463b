"""What ``uses: {topic: publish}`` grants: sns:Publish on exactly this topic (and its key)."""
from __future__ import annotations

from awacs import sns as awacs_sns
from awacs.aws import Allow, Statement
from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import Topic, topic_id

MODES = {
    "publish": AccessMode("sns:Publish on it (+ kms:GenerateDataKey, kms:Decrypt with encryption: kms)",
                          ("TOPIC_ARN",)),
}


def grant_for(mode, source, target: Topic) -> Grant:
    statements = [Statement(Effect=Allow, Action=[awacs_sns.Publish], Resource=[Ref(topic_id(target.name))])]
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, (kms.ENCRYPT[1], kms.ENCRYPT[2])))
    return Grant(source.name, target.name, mode, statements=tuple(statements),
                 env=((f"{env_prefix(target.name)}_TOPIC_ARN", Ref(topic_id(target.name))),))
