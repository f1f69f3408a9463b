"""``repository``: an ECR repository — scan on push, immutable tags, encrypted, lifecycle.

Access modes grant exactly the ECR actions on this repository's ARN, plus
``ecr:GetAuthorizationToken``, which AWS only allows on ``*``.
"""
from __future__ import annotations

from ..base import ComponentType
from . import resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .model import TYPE_NAME, Repository


class RepositoryType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Repository
    summary = "ECR, scan on push, immutable tags, lifecycle"
    layer = "data"
    access = MODES

    def grant(self, mode, source, target: Repository, ctx):
        return grant_for(mode, source, target)

    def generate(self, comp: Repository, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = RepositoryType()
