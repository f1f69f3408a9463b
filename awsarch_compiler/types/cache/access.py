"""What ``uses: {cache: connect}`` grants: the port, the endpoint and, with AUTH, exactly the token."""
from __future__ import annotations

from awacs import secretsmanager as awacs_sm
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import Cache, cluster_id, group_id, port_of, token_id

MODES = {
    "connect": AccessMode("TCP on the cache port from the user's security group (HOST: the configuration endpoint in "
                          "cluster mode); with an AUTH token, "
                          "secretsmanager:GetSecretValue on exactly the token's secret",
                          ("HOST", "PORT", "TLS", "AUTH_SECRET_ARN")),
}


def grant_for(mode, source, target: Cache) -> Grant:
    prefix = env_prefix(target.name)
    if target.cluster_mode:
        host = GetAtt(group_id(target.name), "ConfigurationEndPoint.Address")
    elif target.replicated:
        host = GetAtt(group_id(target.name), "PrimaryEndPoint.Address")
    else:
        host = GetAtt(cluster_id(target.name), "ConfigurationEndpoint.Address")
    env = [(f"{prefix}_HOST", host), (f"{prefix}_PORT", str(port_of(target))), (f"{prefix}_TLS", "true")]
    statements, secrets = (), ()
    if target.uses_token:
        token = Ref(token_id(target.name))
        env.append((f"{prefix}_AUTH_SECRET_ARN", token))
        secrets = ((f"{prefix}_AUTH_TOKEN", token),)
        statements = (Statement(Effect=Allow, Action=[awacs_sm.GetSecretValue], Resource=[token]),)
    return Grant(source.name, target.name, mode, port=port_of(target), statements=statements,
                 env=tuple(env), secrets=secrets)
