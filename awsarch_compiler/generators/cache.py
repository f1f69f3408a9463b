"""``cache``: ElastiCache (Valkey, Redis OSS or Memcached), encrypted in transit and at rest.

Valkey and Redis OSS become a replication group (cluster mode off): one
primary plus ``nodes - 1`` replicas, Multi-AZ with automatic failover from two
nodes, at-rest and in-transit encryption, an AUTH token generated in Secrets
Manager and handed to ElastiCache through a dynamic reference (the token never
appears in a template). Memcached becomes a cache cluster with in-transit
encryption (Memcached has no at-rest encryption and no AUTH). The subnet
group lies in the isolated tier (else private); the security group has no
egress and one ingress rule per ``uses: connect`` edge.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from awacs import secretsmanager as awacs_sm
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref, Sub, elasticache, secretsmanager

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import register
from .base import AccessMode, ComponentType, Metric

DEFAULT_VERSIONS = {"valkey": "8.0", "redis": "7.1", "memcached": "1.6.22"}
DEFAULT_PORTS = {"valkey": 6379, "redis": 6379, "memcached": 11211}
MEMCACHED_TLS_FROM = (1, 6, 12)  # the first Memcached version with in-transit encryption


@dataclass(frozen=True, kw_only=True)
class Cache(Component):
    engine: str = "valkey"
    version: Optional[str] = None
    node_type: str = "cache.t4g.micro"
    nodes: int = 2
    port: Optional[int] = None
    auth: Optional[str] = None
    encryption: str = "aws"
    snapshot_retention_days: int = 7

    @property
    def replicated(self) -> bool:
        """Valkey and Redis OSS run as a replication group; Memcached as a cluster."""
        return self.engine != "memcached"

    @property
    def engine_version(self) -> str:
        return self.version or DEFAULT_VERSIONS[self.engine]

    @property
    def uses_token(self) -> bool:
        return (self.auth or ("token" if self.replicated else "none")) == "token"


def group_id(name: str) -> str:
    return logical_id(name, "ReplicationGroup")


def cluster_id(name: str) -> str:
    return logical_id(name, "Cluster")


def token_id(name: str) -> str:
    return logical_id(name, "AuthToken")


@lru_cache(maxsize=4)
def known_versions(engine: str) -> tuple[str, ...]:
    """The engine's ElastiCache versions, from the data of cfn-lint (the linter every compile runs)."""
    try:
        path = resources.files("cfnlint").joinpath("data", "schemas", "extensions",
                                                   "aws_elasticache_cachecluster", "engine_version.json")
        for clause in json.loads(path.read_text(encoding="utf-8"))["allOf"]:
            if clause["if"]["properties"]["Engine"].get("const") == engine:
                return tuple(clause["then"]["properties"]["EngineVersion"]["enum"])
    except (OSError, KeyError, ValueError, TypeError, ModuleNotFoundError):
        return ()
    return ()


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def _primary_node(comp, ctx):
    """Node 001 of the replication group (the first primary), or the Memcached cluster."""
    if comp.replicated:
        return {"CacheClusterId": Sub(f"${{{group_id(comp.name)}}}-001")}
    return {"CacheClusterId": Ref(cluster_id(comp.name))}


@register
class CacheType(ComponentType):
    type_name = "cache"
    spec = Cache
    layer = "data"
    in_vpc = True
    egress = "none"
    access = {
        "connect": AccessMode("TCP on the cache port from the user's security group; with an AUTH token, "
                              "secretsmanager:GetSecretValue on exactly the token's secret",
                              ("HOST", "PORT", "TLS", "AUTH_SECRET_ARN")),
    }
    metrics = {
        "cpu": Metric("AWS/ElastiCache", "CPUUtilization", _primary_node,
                      description="host CPU of the primary node, percent"),
        "memory": Metric("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", _primary_node,
                         description="share of the primary node's maxmemory in use, percent (valkey/redis)"),
        "evictions": Metric("AWS/ElastiCache", "Evictions", _primary_node, statistic="Sum",
                            description="keys evicted for lack of memory, per minute"),
        "connections": Metric("AWS/ElastiCache", "CurrConnections", _primary_node, statistic="Maximum",
                              description="client connections to the primary node"),
    }

    def default_tiers(self, component):
        return ("isolated", "private")

    def port(self, comp: Cache) -> int:
        return comp.port or DEFAULT_PORTS[comp.engine]

    def check(self, comp: Cache, arch):
        path = ("components", comp.name)
        if comp.engine == "memcached":
            if comp.auth == "token":
                yield error("E390", "Memcached has no AUTH token", path + ("auth",),
                            "use engine: valkey (or redis) for authenticated access, or remove auth")
            if comp.engine_version.count(".") == 2 and _version_tuple(comp.engine_version) < MEMCACHED_TLS_FROM:
                yield error("E390", f"Memcached {comp.engine_version} cannot encrypt in transit", path + ("version",),
                            "use Memcached 1.6.12 or later, such as \"1.6.22\"")
            if comp.encryption == "kms":
                yield error("E390", "Memcached has no encryption at rest, so a KMS key does not apply",
                            path + ("encryption",), "remove encryption, or use engine: valkey")
            for alarm in arch.monitoring.alarms:
                if alarm.component == comp.name and alarm.metric == "memory":
                    yield error("E390", "Memcached does not report DatabaseMemoryUsagePercentage",
                                ("monitoring", "alarms", arch.monitoring.alarms.index(alarm), "metric"),
                                "alarm on evictions instead")
        known = known_versions(comp.engine)
        if known and comp.engine_version not in known:
            yield error("E390", f"ElastiCache has no {comp.engine} version {comp.engine_version}",
                        path + ("version",),
                        f"{comp.engine} versions: {', '.join(known)}")

    def grant(self, mode, source, target: Cache, ctx) -> Grant:
        prefix = env_prefix(target.name)
        if target.replicated:
            host = GetAtt(group_id(target.name), "PrimaryEndPoint.Address")
        else:
            host = GetAtt(cluster_id(target.name), "ConfigurationEndpoint.Address")
        env = [(f"{prefix}_HOST", host), (f"{prefix}_PORT", str(self.port(target))), (f"{prefix}_TLS", "true")]
        statements, secrets = (), ()
        if target.uses_token:
            token = Ref(token_id(target.name))
            env.append((f"{prefix}_AUTH_SECRET_ARN", token))
            secrets = ((f"{prefix}_AUTH_TOKEN", token),)
            statements = (Statement(Effect=Allow, Action=[awacs_sm.GetSecretValue], Resource=[token]),)
        return Grant(source.name, target.name, mode, port=self.port(target), statements=statements,
                     env=tuple(env), secrets=secrets)

    def generate(self, comp: Cache, ctx: Context) -> None:
        tier = ctx.tier_of(comp)
        subnet_group = ctx.add(elasticache.SubnetGroup(
            logical_id(comp.name, "SubnetGroup"),
            Description=f"{ctx.arch.name} {comp.name}: {tier.name} subnets",
            SubnetIds=ctx.subnet_refs(tier),
        ), comp)
        if comp.replicated:
            self._replication_group(comp, ctx, subnet_group)
        else:
            self._memcached(comp, ctx, subnet_group)
        if comp.nodes < 2:
            ctx.note(f"components.{comp.name}.nodes: 1 — a single cache node, no failover to another AZ")
        if not comp.uses_token and comp.replicated:
            ctx.note(f"components.{comp.name}.auth: none — clients connect without an AUTH token")

    def _replication_group(self, comp: Cache, ctx: Context, subnet_group) -> None:
        multi_az = comp.nodes >= 2
        group = elasticache.ReplicationGroup(
            group_id(comp.name),
            ReplicationGroupDescription=f"{ctx.arch.name} {comp.name} ({comp.engine})",
            Engine=comp.engine,
            EngineVersion=comp.engine_version,
            CacheNodeType=comp.node_type,
            NumCacheClusters=comp.nodes,
            AutomaticFailoverEnabled=multi_az,
            MultiAZEnabled=multi_az,
            Port=self.port(comp),
            CacheSubnetGroupName=Ref(subnet_group),
            SecurityGroupIds=[ctx.security_group(comp.name)],
            AtRestEncryptionEnabled=True,
            TransitEncryptionEnabled=True,
            AutoMinorVersionUpgrade=True,
            SnapshotRetentionLimit=comp.snapshot_retention_days,
        )
        if comp.encryption == "kms":
            group.KmsKeyId = Ref(kms.customer_key(ctx, comp))
        if comp.uses_token:
            secret = self._token_secret(comp, ctx)
            group.AuthToken = Sub(f"{{{{resolve:secretsmanager:${{{secret}}}:SecretString}}}}")
        else:
            ctx.suppress(group, "CKV_AWS_31", "AUTH turned off in the architecture (auth: none); "
                                              "traffic is still encrypted in transit")
        group.DeletionPolicy = "Snapshot"
        group.UpdateReplacePolicy = "Snapshot"
        ctx.add(group, comp)
        if comp.snapshot_retention_days == 0:
            ctx.note(f"components.{comp.name}.snapshot_retention_days: 0 — no daily snapshots")

    def _token_secret(self, comp: Cache, ctx: Context) -> str:
        secret = secretsmanager.Secret(
            token_id(comp.name),
            Description=f"{ctx.arch.name} {comp.name}: {comp.engine} AUTH token",
            GenerateSecretString=secretsmanager.GenerateSecretString(
                PasswordLength=64, ExcludePunctuation=True, RequireEachIncludedType=True),
        )
        if comp.encryption == "kms":
            secret.KmsKeyId = kms.key_arn(comp.name)
        else:
            ctx.suppress(secret, "CKV_AWS_149", "encrypted with the AWS managed key aws/secretsmanager; "
                                                "a customer managed key is opt-in with encryption: kms")
        ctx.suppress(secret, "CKV2_AWS_57", "the AUTH token is set on the replication group by CloudFormation; "
                                            "rotating it needs a coordinated ModifyReplicationGroup")
        ctx.add(secret, comp)
        return secret.title

    def _memcached(self, comp: Cache, ctx: Context, subnet_group) -> None:
        cluster = elasticache.CacheCluster(
            cluster_id(comp.name),
            Engine="memcached",
            EngineVersion=comp.engine_version,
            CacheNodeType=comp.node_type,
            NumCacheNodes=comp.nodes,
            AZMode="cross-az" if comp.nodes >= 2 else "single-az",
            Port=self.port(comp),
            CacheSubnetGroupName=Ref(subnet_group),
            VpcSecurityGroupIds=[ctx.security_group(comp.name)],
            TransitEncryptionEnabled=True,
            AutoMinorVersionUpgrade=True,
        )
        ctx.add(cluster, comp)
        ctx.note(f"components.{comp.name}: Memcached keeps data in memory only (no encryption at rest, "
                 "no snapshots, no AUTH)")
