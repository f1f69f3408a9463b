"""The ``repository`` model, its logical IDs and the ECR statements other types grant with it."""
from __future__ import annotations

from dataclasses import dataclass

from awacs import ecr as awacs_ecr
from awacs.aws import Allow, Statement
from troposphere import GetAtt

from ...core.model import Component
from ...core.naming import logical_id

TYPE_NAME = "repository"
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
