"""What ``uses: {fn: invoke}`` grants: lambda:InvokeFunction on exactly this function."""
from __future__ import annotations

from awacs import awslambda as awacs_lambda
from awacs.aws import Allow, Statement
from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import Function, function_arn, function_id

MODES = {"invoke": AccessMode("lambda:InvokeFunction on it", ("FUNCTION_NAME",))}


def grant_for(mode, source, target: Function) -> Grant:
    statement = Statement(Effect=Allow, Action=[awacs_lambda.InvokeFunction], Resource=[function_arn(target.name)])
    return Grant(source.name, target.name, mode, statements=(statement,),
                 env=((f"{env_prefix(target.name)}_FUNCTION_NAME", Ref(function_id(target.name))),))
