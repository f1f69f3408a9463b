"""``user-pool``: a Cognito user pool and an app client for browser and API sign-in.

Secure defaults: a 12-character password policy with every character class,
MFA with authenticator apps offered to every user, verified e-mail/phone,
account recovery through verified channels only, user-existence errors
hidden, token revocation on, deletion protection on and the pool retained
when its stack is deleted (it holds the users). The app client has no
secret (browsers and mobile apps cannot keep one) and allows only SRP
password sign-in and refresh tokens.
"""
from __future__ import annotations

from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .model import TYPE_NAME, UserPool


class UserPoolType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = UserPool
    summary = "Cognito user pool and app client"
    layer = "data"
    access = MODES

    def check(self, comp: UserPool, arch):
        return checks.check(comp, arch)

    def grant(self, mode, source, target: UserPool, ctx):
        return grant_for(mode, source, target)

    def recovery_problem(self, comp, arch):
        return "Cognito user pools have no cross-region replication; the users and their passwords would not be in the secondary"

    def generate(self, comp: UserPool, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = UserPoolType()
