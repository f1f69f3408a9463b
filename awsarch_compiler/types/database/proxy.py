"""RDS Proxy in front of a ``database`` with ``proxy: true``.

The proxy has its own security group (``<Name>ProxySecurityGroup``, in the
security stack) that may only reach the database's port, the database's
group admits exactly the proxy, and users' ``connect`` rules land on the
proxy's group. TLS is required between clients and the proxy; the proxy
signs in with the database's managed master secret through its own role,
which may read exactly that secret.
"""
from __future__ import annotations

import re
from typing import Optional

from awacs import kms as awacs_kms
from awacs import secretsmanager as awacs_sm
from awacs.aws import (
    Allow,
    Condition,
    PolicyDocument,
    Principal,
    Statement,
    StringEquals,
)
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, iam, rds
from troposphere.ec2 import SecurityGroup, SecurityGroupRule

from ...core.context import Context
from ...core.naming import logical_id, security_group_id
from ...platform import connections, kms
from .aurora import member_ids
from .model import (
    Database,
    cluster_id,
    engine_of,
    instance_id,
    is_aurora,
    port_of,
    proxy_id,
    proxy_name,
    secret_arn,
)


def proxy_db_name(arch_name: str, comp: Database) -> str:
    """The proxy's name: letters, digits and single hyphens, at most 60 characters."""
    name = re.sub("-+", "-", f"{arch_name}-{comp.name}")[:60]
    return name.rstrip("-")


def _security_group(ctx: Context, comp: Database) -> str:
    group = SecurityGroup(
        security_group_id(proxy_name(comp)),
        GroupDescription=f"{comp.name} RDS Proxy",
        VpcId=ctx.vpc_ref(),
        SecurityGroupEgress=[SecurityGroupRule(
            IpProtocol="tcp", FromPort=port_of(comp), ToPort=port_of(comp),
            DestinationSecurityGroupId=ctx.security_group(comp.name),
            Description=f"{comp.name} RDS Proxy to the database only")],
    )
    ctx.add(group, comp, layer="security")
    connections.add_ingress(ctx, comp.name, proxy_name(comp), port_of(comp), f"{comp.name} RDS Proxy connects to {comp.name}")
    return group.title


def _role(ctx: Context, comp: Database, key: Optional[str]) -> str:
    statements = [Statement(Sid="ReadMasterSecret", Effect=Allow,
                            Action=[awacs_sm.GetSecretValue, awacs_sm.DescribeSecret], Resource=[secret_arn(comp)])]
    if key:
        statements.append(Statement(
            Sid="DecryptMasterSecret", Effect=Allow, Action=[awacs_kms.Decrypt], Resource=[kms.key_arn(comp.name)],
            Condition=Condition(StringEquals("kms:ViaService", Sub("secretsmanager.${AWS::Region}.amazonaws.com")))))
    role = ctx.add(iam.Role(
        logical_id(comp.name, "ProxyRole"),
        Description=f"{ctx.arch.name} {comp.name}: RDS Proxy reads the master secret",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "rds.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="read-master-secret",
                             PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=statements))],
    ), comp)
    return role.title


def generate_proxy(comp: Database, ctx: Context, key: Optional[str]) -> None:
    engine = engine_of(comp)
    group = _security_group(ctx, comp)
    auth = rds.AuthFormat(AuthScheme="SECRETS", SecretArn=secret_arn(comp), IAMAuth="DISABLED",
                          ClientPasswordAuthType=engine.proxy_client_auth,
                          Description=f"{comp.name} master user (managed by RDS)")
    proxy = ctx.add(rds.DBProxy(
        proxy_id(comp),
        DBProxyName=proxy_db_name(ctx.arch.name, comp), EngineFamily=engine.proxy_family,
        Auth=[auth], RoleArn=GetAtt(_role(ctx, comp, key), "Arn"),
        RequireTLS=True, IdleClientTimeout=1800, DebugLogging=False,
        VpcSubnetIds=ctx.subnet_refs(ctx.tier_of(comp)),
        VpcSecurityGroupIds=[GetAtt(group, "GroupId")],
    ), comp)
    target = rds.DBProxyTargetGroup(
        logical_id(comp.name, "ProxyTargetGroup"),
        DBProxyName=Ref(proxy), TargetGroupName="default",
        ConnectionPoolConfigurationInfo=rds.ConnectionPoolConfigurationInfoFormat(
            MaxConnectionsPercent=90, MaxIdleConnectionsPercent=50, ConnectionBorrowTimeout=120),
    )
    if is_aurora(comp):
        target.DBClusterIdentifiers = [Ref(cluster_id(comp.name))]
        target.DependsOn = member_ids(comp)
    else:
        target.DBInstanceIdentifiers = [Ref(instance_id(comp))]
    ctx.add(target, comp)
