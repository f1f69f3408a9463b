"""What ``uses: {api: invoke}`` grants: execute-api:Invoke on this API, and its URL."""
from __future__ import annotations

from awacs.aws import Allow, Statement
from awacs.execute_api import Invoke
from troposphere import Sub

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import Api, api_id, stage_name
from .shared import execute_arn

MODES = {
    "invoke": AccessMode("execute-api:Invoke on this API (routes with auth: iam take its signed requests)", ("URL",)),
}


def grant_for(mode, source, target: Api, arch) -> Grant:
    logical = api_id(target)
    stage = stage_name(target, arch)
    stage = "" if stage == "$default" else stage + "/"
    url = Sub(f"https://${{{logical}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage}")
    statement = Statement(Effect=Allow, Action=[Invoke], Resource=[execute_arn(logical)])
    return Grant(source.name, target.name, mode, statements=(statement,),
                 env=((f"{env_prefix(target.name)}_URL", url),))
