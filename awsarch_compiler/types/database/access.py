"""What ``uses: {db: connect}`` grants: the port (or the proxy's), the managed master secret, the endpoint."""
from __future__ import annotations

from awacs import secretsmanager as awacs_sm
from awacs.aws import Allow, Statement
from troposphere import GetAtt

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import (
    Database,
    cluster_id,
    engine_of,
    instance_count,
    is_aurora,
    port_of,
    primary_id,
    proxy_id,
    proxy_name,
    replica_id,
    secret_arn,
)

SECRET_READ = (awacs_sm.GetSecretValue, awacs_sm.DescribeSecret)
MODES = {
    "connect": AccessMode(
        "TCP on the database's port (the proxy's with proxy: true) from the user's security group; "
        "secretsmanager:GetSecretValue, DescribeSecret on its managed master secret (+ kms:Decrypt with encryption: kms); "
        "NAME with database_name, READER_HOST for Aurora with readers and no proxy, or the first of read_replicas; the secret itself as <NAME>_SECRET",
        ("HOST", "PORT", "SECRET_ARN", "NAME", "READER_HOST")),
}


def grant_for(mode, source, target: Database) -> Grant:
    prefix = env_prefix(target.name)
    statements = [Statement(Effect=Allow, Action=list(SECRET_READ), Resource=[secret_arn(target)])]
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, kms.DECRYPT))
    if target.proxy:
        host, port = GetAtt(proxy_id(target), "Endpoint"), engine_of(target).port
    else:
        host, port = GetAtt(primary_id(target), "Endpoint.Address"), port_of(target)
    env = [(f"{prefix}_HOST", host), (f"{prefix}_PORT", str(port)), (f"{prefix}_SECRET_ARN", secret_arn(target))]
    if target.database_name:
        env.append((f"{prefix}_NAME", target.database_name))
    if is_aurora(target) and not target.proxy and instance_count(target) > 1:
        env.append((f"{prefix}_READER_HOST", GetAtt(cluster_id(target.name), "ReadEndpoint.Address")))
    elif target.read_replicas:
        env.append((f"{prefix}_READER_HOST", GetAtt(replica_id(target, 0), "Endpoint.Address")))
    return Grant(source.name, target.name, mode, port=port, statements=tuple(statements), env=tuple(env),
                 secrets=((f"{prefix}_SECRET", secret_arn(target)),),
                 security_group_target=proxy_name(target) if target.proxy else None)
