"""``secret``: a Secrets Manager secret with a generated value, optionally rotated by a function.

``uses: read`` grants ``secretsmanager:GetSecretValue`` and ``DescribeSecret``
on exactly this secret (and ``kms:Decrypt`` on its customer key), hands over
``<NAME>_SECRET_ARN`` and puts the ARN in the grant's secrets so that
container services inject the value through the task definition.
``read-write`` adds what a rotation function needs: ``PutSecretValue`` and
``UpdateSecretVersionStage``. ``rotation: {function: NAME, days: N}`` schedules
that function; it must use the secret with ``read-write``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping, Optional

from awacs import secretsmanager as awacs_sm
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref, awslambda, secretsmanager

from ..check import reference_errors
from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component, empty
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import register
from .base import AccessMode, ComponentType

READ = (awacs_sm.GetSecretValue, awacs_sm.DescribeSecret)
ROTATE = (awacs_sm.PutSecretValue, awacs_sm.UpdateSecretVersionStage)


@dataclass(frozen=True, kw_only=True)
class Generate:
    length: int = 32
    exclude_punctuation: bool = False
    exclude_characters: Optional[str] = None
    include_space: bool = False
    require_each_included_type: bool = True
    key: Optional[str] = None
    template: Mapping[str, str] = empty()


@dataclass(frozen=True, kw_only=True)
class Rotation:
    function: str
    days: int = 30


@dataclass(frozen=True, kw_only=True)
class Secret(Component):
    generate: Optional[Generate] = None
    encryption: str = "aws"
    rotation: Optional[Rotation] = None


def secret_id(name: str) -> str:
    return logical_id(name, "Secret")


def function_id(name: str) -> str:
    return logical_id(name, "Function")


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


@register
class SecretType(ComponentType):
    type_name = "secret"
    spec = Secret
    layer = "data"
    access = {
        "read": AccessMode("secretsmanager:GetSecretValue, DescribeSecret on exactly the secret (+ kms:Decrypt); "
                           "the value is injected as <NAME>_SECRET where the runtime supports it",
                           ("SECRET_ARN",)),
        "read-write": AccessMode("read, plus secretsmanager:PutSecretValue, UpdateSecretVersionStage on exactly the "
                                 "secret (+ kms:Encrypt, GenerateDataKey) — what a rotation function needs",
                                 ("SECRET_ARN",)),
    }

    def check(self, comp: Secret, arch):
        path = ("components", comp.name)
        gen = comp.generate
        if gen is not None and gen.template and not gen.key:
            yield error("E393", "generate.template needs generate.key (the field the generated value goes in)",
                        path + ("generate", "template"), "add key: password")
        if comp.rotation is None:
            return
        fn = comp.rotation.function
        rpath = path + ("rotation", "function")
        wrong = reference_errors(arch, fn, rpath, ("function",), "rotation function", code="E394")
        if wrong:
            yield from wrong
        elif arch.components[fn].uses.get(comp.name) != "read-write":
            yield error("E394", f"rotation function '{fn}' must use '{comp.name}' with read-write", rpath,
                        f"add to {fn}:  uses: {{{comp.name}: read-write}}")

    def grant(self, mode, source, target: Secret, ctx) -> Grant:
        arn = Ref(secret_id(target.name))
        statements = [Statement(Effect=Allow, Action=list(READ), Resource=[arn])]
        if mode == "read-write":
            statements.append(Statement(Effect=Allow, Action=list(ROTATE), Resource=[arn]))
        if target.encryption == "kms":
            statements.append(kms.use_statement(target.name, kms.ENCRYPT if mode == "read-write" else kms.DECRYPT))
        prefix = env_prefix(target.name)
        return Grant(source.name, target.name, mode, statements=tuple(statements),
                     env=((f"{prefix}_SECRET_ARN", arn),), secrets=((f"{prefix}_SECRET", arn),))

    def generate(self, comp: Secret, ctx: Context) -> None:
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
            self._rotation(comp, ctx)

    def _rotation(self, comp: Secret, ctx: Context) -> None:
        fn = ctx.component(comp.rotation.function)
        layer = ctx.layer_of(fn)  # the function's stack: the schedule must not point to a later stack
        permission = ctx.add(awslambda.Permission(
            logical_id(comp.name, "RotationPermission"),
            FunctionName=GetAtt(function_id(fn.name), "Arn"), Action="lambda:InvokeFunction",
            Principal="secretsmanager.amazonaws.com", SourceArn=Ref(secret_id(comp.name)),
        ), comp, layer=layer, tags=False)
        schedule = secretsmanager.RotationSchedule(
            logical_id(comp.name, "RotationSchedule"), SecretId=Ref(secret_id(comp.name)),
            RotationLambdaARN=GetAtt(function_id(fn.name), "Arn"),
            RotationRules=secretsmanager.RotationRules(AutomaticallyAfterDays=comp.rotation.days),
            DependsOn=[permission.title])
        ctx.add(schedule, comp, layer=layer, tags=False)
