"""The Secrets Manager secret of a ``secret`` component, and its rotation schedule."""
from __future__ import annotations

import json

from troposphere import GetAtt, Ref, awslambda, secretsmanager

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import kms
from ..function.model import invoke_arn
from .model import Generate, Secret, secret_id


def _generate(spec: Generate) -> secretsmanager.GenerateSecretString:
    out = secretsmanager.GenerateSecretString(
        PasswordLength=spec.length, ExcludePunctuation=spec.exclude_punctuation,
        IncludeSpace=spec.include_space, RequireEachIncludedType=spec.require_each_included_type)
    if spec.exclude_characters:
        out.ExcludeCharacters = spec.exclude_characters
    if spec.key:
        out.GenerateStringKey = spec.key
        out.SecretStringTemplate = json.dumps(dict(spec.template), sort_keys=True, separators=(",", ":"))
    return out


def generate(comp: Secret, ctx: Context) -> None:
    secret = secretsmanager.Secret(secret_id(comp.name), Description=comp.description or
                                   f"{ctx.arch.name} {comp.name}")
    if comp.generate is not None:
        secret.GenerateSecretString = _generate(comp.generate)
    else:
        ctx.note(f"components.{comp.name}: created empty — put its value with "
                 f"aws secretsmanager put-secret-value")
    if comp.encryption == "kms":
        secret.KmsKeyId = GetAtt(kms.customer_key(ctx, comp), "Arn")
    else:
        ctx.suppress(secret, "CKV_AWS_149", "encrypted with the AWS managed key aws/secretsmanager; "
                                            "a customer managed key is opt-in with encryption: kms")
    if comp.rotation is None:
        ctx.suppress(secret, "CKV2_AWS_57", "no rotation function in the architecture; add "
                                            "rotation: {function: NAME} to rotate the value")
    ctx.add(secret, comp)
    if comp.rotation is not None:
        _rotation(comp, ctx)


def _rotation(comp: Secret, ctx: Context) -> None:
    fn = ctx.component(comp.rotation.function)
    layer = ctx.layer_of(fn)  # the function's stack: the schedule must not point to a later stack
    permission = ctx.add(awslambda.Permission(
        logical_id(comp.name, "RotationPermission"),
        FunctionName=invoke_arn(fn.name, ctx.arch), Action="lambda:InvokeFunction",
        Principal="secretsmanager.amazonaws.com", SourceArn=Ref(secret_id(comp.name)),
    ), comp, layer=layer, tags=False)
    schedule = secretsmanager.RotationSchedule(
        logical_id(comp.name, "RotationSchedule"), SecretId=Ref(secret_id(comp.name)),
        RotationLambdaARN=invoke_arn(fn.name, ctx.arch),
        RotationRules=secretsmanager.RotationRules(AutomaticallyAfterDays=comp.rotation.days),
        DependsOn=[permission.title])
    ctx.add(schedule, comp, layer=layer, tags=False)
