"""What ``uses: {fn: invoke}`` grants: lambda:InvokeFunction on exactly this function."""
from __future__ import annotations

from awacs import awslambda as awacs_lambda
from awacs.aws import Allow, Statement
from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import Function, deployed, function_arn, function_id, invoke_arn

MODES = {"invoke": AccessMode("lambda:InvokeFunction on it", ("FUNCTION_NAME",))}


def grant_for(mode, source, target: Function, arch) -> Grant:
    """Invoke the function; when a pipeline shifts its traffic, its alias (the name given is the alias ARN)."""
    if deployed(target.name, arch):
        resource, name = invoke_arn(target.name, arch), invoke_arn(target.name, arch)
    else:
        resource, name = function_arn(target.name), Ref(function_id(target.name))
    statement = Statement(Effect=Allow, Action=[awacs_lambda.InvokeFunction], Resource=[resource])
    return Grant(source.name, target.name, mode, statements=(statement,),
                 env=((f"{env_prefix(target.name)}_FUNCTION_NAME", name),))
