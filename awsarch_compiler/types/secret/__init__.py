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

from ...core.model import Edge
from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .model import TYPE_NAME, Secret


class SecretType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Secret
    summary = "Secrets Manager secret, generated value, optional rotation and customer KMS key"
    layer = "data"
    access = MODES
    api_endpoint = "secretsmanager"

    def edges(self, comp: Secret):
        if comp.rotation is not None:
            yield Edge("rotate", comp.name, comp.rotation.function, ("components", comp.name, "rotation", "function"))

    def check(self, comp: Secret, arch):
        return checks.check(comp, arch)

    def grant(self, mode, source, target: Secret, ctx):
        return grant_for(mode, source, target)

    def generate(self, comp: Secret, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = SecretType()
