"""What ``uses: {pool: read}`` grants: looking users up in exactly this pool."""
from __future__ import annotations

from awacs.aws import Allow, Statement
from awacs.cognito_idp import AdminGetUser, ListUsers
from troposphere import GetAtt, Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import UserPool, client_id, pool_id

MODES = {
    "read": AccessMode("cognito-idp:AdminGetUser and cognito-idp:ListUsers on exactly this pool",
                       ("USER_POOL_ID", "CLIENT_ID")),
}


def grant_for(mode, source, target: UserPool) -> Grant:
    prefix = env_prefix(target.name)
    statement = Statement(Effect=Allow, Action=[AdminGetUser, ListUsers],
                          Resource=[GetAtt(pool_id(target.name), "Arn")])
    return Grant(source.name, target.name, mode, statements=(statement,),
                 env=((f"{prefix}_USER_POOL_ID", Ref(pool_id(target.name))),
                      (f"{prefix}_CLIENT_ID", Ref(client_id(target.name)))))
