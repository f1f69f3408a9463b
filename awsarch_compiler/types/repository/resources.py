"""The ECR repository of a ``repository`` component."""
from __future__ import annotations

import json

from troposphere import GetAtt, ecr

from ...core.context import Context
from ...platform import kms
from .model import Repository, repository_id


def lifecycle_text(keep: int) -> str:
    return json.dumps({"rules": [{
        "rulePriority": 1, "description": f"Keep the newest {keep} images",
        "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": keep},
        "action": {"type": "expire"},
    }]}, sort_keys=True)


def _encryption(comp: Repository, ctx: Context) -> ecr.EncryptionConfiguration:
    if comp.encryption == "kms":
        return ecr.EncryptionConfiguration(EncryptionType="KMS", KmsKey=GetAtt(kms.customer_key(ctx, comp), "Arn"))
    if comp.encryption == "aws-kms":
        return ecr.EncryptionConfiguration(EncryptionType="KMS")
    return ecr.EncryptionConfiguration(EncryptionType="AES256")


def generate(comp: Repository, ctx: Context) -> None:
    repo = ecr.Repository(
        repository_id(comp.name),
        RepositoryName=f"{ctx.arch.name}/{comp.name}",
        ImageScanningConfiguration=ecr.ImageScanningConfiguration(ScanOnPush=comp.scan_on_push),
        ImageTagMutability="IMMUTABLE" if comp.immutable_tags else "MUTABLE",
        EncryptionConfiguration=_encryption(comp, ctx),
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
