"""``repository``: an ECR repository — scan on push, immutable tags, encrypted, lifecycle.

Access modes grant exactly the ECR actions on this repository's ARN, plus
``ecr:GetAuthorizationToken``, which AWS only allows on ``*``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from awacs import ecr as awacs_ecr
from awacs.aws import Allow, Statement
from troposphere import GetAtt, ecr

from ..core.context import Context, Grant
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import register
from .base import AccessMode, ComponentType

PULL = (awacs_ecr.BatchCheckLayerAvailability, awacs_ecr.BatchGetImage, awacs_ecr.GetDownloadUrlForLayer)
PUSH = (awacs_ecr.CompleteLayerUpload, awacs_ecr.InitiateLayerUpload, awacs_ecr.PutImage, awacs_ecr.UploadLayerPart)


@dataclass(frozen=True, kw_only=True)
class Repository(Component):
    scan_on_push: bool = True
    immutable_tags: bool = True
    encryption: str = "aws-kms"
    keep_images: int = 30


def repository_id(name: str) -> str:
    return logical_id(name, "Repository")


def repository_arn(name: str):
    return GetAtt(repository_id(name), "Arn")


def repository_uri(name: str):
    return GetAtt(repository_id(name), "RepositoryUri")


def authorization_statement() -> Statement:
    # ecr:GetAuthorizationToken has no resource-level permissions: AWS requires "*" here.
    return Statement(Effect=Allow, Action=[awacs_ecr.GetAuthorizationToken], Resource=["*"])


def pull_statements(repository_arns) -> list[Statement]:
    """Pull images from exactly these repositories."""
    return [Statement(Effect=Allow, Action=list(PULL), Resource=list(repository_arns)), authorization_statement()]


def lifecycle_text(keep: int) -> str:
    return json.dumps({"rules": [{
        "rulePriority": 1, "description": f"Keep the newest {keep} images",
        "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": keep},
        "action": {"type": "expire"},
    }]}, sort_keys=True)


@register
class RepositoryType(ComponentType):
    type_name = "repository"
    spec = Repository
    layer = "data"
    access = {
        "read": AccessMode("pull: ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability "
                           "on it; ecr:GetAuthorizationToken (account-wide by AWS design)", ("REPOSITORY_URI",)),
        "read-write": AccessMode("pull and push: read plus ecr:PutImage, ecr:InitiateLayerUpload, "
                                 "ecr:UploadLayerPart, ecr:CompleteLayerUpload on it", ("REPOSITORY_URI",)),
    }

    def grant(self, mode, source, target: Repository, ctx) -> Grant:
        actions = list(PULL) + (list(PUSH) if mode == "read-write" else [])
        statements = (Statement(Effect=Allow, Action=actions, Resource=[repository_arn(target.name)]),
                      authorization_statement())
        return Grant(source.name, target.name, mode, statements=statements,
                     env=((f"{env_prefix(target.name)}_REPOSITORY_URI", repository_uri(target.name)),))

    def generate(self, comp: Repository, ctx: Context) -> None:
        if comp.encryption == "kms":
            encryption = ecr.EncryptionConfiguration(EncryptionType="KMS", KmsKey=GetAtt(kms.customer_key(ctx, comp), "Arn"))
        elif comp.encryption == "aws-kms":
            encryption = ecr.EncryptionConfiguration(EncryptionType="KMS")
        else:
            encryption = ecr.EncryptionConfiguration(EncryptionType="AES256")
        repo = ecr.Repository(
            repository_id(comp.name),
            RepositoryName=f"{ctx.arch.name}/{comp.name}",
            ImageScanningConfiguration=ecr.ImageScanningConfiguration(ScanOnPush=comp.scan_on_push),
            ImageTagMutability="IMMUTABLE" if comp.immutable_tags else "MUTABLE",
            EncryptionConfiguration=encryption,
            LifecyclePolicy=ecr.LifecyclePolicy(LifecyclePolicyText=lifecycle_text(comp.keep_images)),
        )
        repo.DeletionPolicy = "Retain"
        repo.UpdateReplacePolicy = "Retain"
        ctx.add(repo, comp)
        if not comp.immutable_tags:
            ctx.suppress(repo, "CKV_AWS_51", "mutable tags chosen in the architecture (immutable_tags: false)")
            ctx.note(f"components.{comp.name}.immutable_tags: false — image tags can be overwritten")
        if comp.encryption == "aes256":
            ctx.suppress(repo, "CKV_AWS_136", "AES-256 server-side encryption chosen in the architecture (encryption: aes256)")
            ctx.note(f"components.{comp.name}.encryption: aes256 — images encrypted with ECR-managed AES-256, not KMS")
        if not comp.scan_on_push:
            ctx.suppress(repo, "CKV_AWS_163", "scan on push turned off in the architecture (scan_on_push: false)")
            ctx.note(f"components.{comp.name}.scan_on_push: false — pushed images are not scanned")
