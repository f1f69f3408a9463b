"""What ``uses: {repo: read | read-write}`` grants: exactly the ECR actions on this repository."""
from __future__ import annotations

from awacs.aws import Allow, Statement

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import (
    PULL,
    PUSH,
    Repository,
    authorization_statement,
    repository_arn,
    repository_uri,
)

MODES = {
    "read": AccessMode("pull: ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability "
                       "on it; ecr:GetAuthorizationToken (account-wide by AWS design)", ("REPOSITORY_URI",)),
    "read-write": AccessMode("pull and push: read plus ecr:PutImage, ecr:InitiateLayerUpload, "
                             "ecr:UploadLayerPart, ecr:CompleteLayerUpload on it", ("REPOSITORY_URI",)),
}


def grant_for(mode, source, target: Repository) -> Grant:
    actions = list(PULL) + (list(PUSH) if mode == "read-write" else [])
    statements = (Statement(Effect=Allow, Action=actions, Resource=[repository_arn(target.name)]),
                  authorization_statement())
    return Grant(source.name, target.name, mode, statements=statements,
                 env=((f"{env_prefix(target.name)}_REPOSITORY_URI", repository_uri(target.name)),))
