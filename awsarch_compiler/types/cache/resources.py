"""The ElastiCache resources of a ``cache``: subnet group, replication group or Memcached cluster,
and the AUTH token kept in Secrets Manager."""
from __future__ import annotations

from troposphere import Ref, Sub, elasticache, secretsmanager

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import kms
from .model import Cache, cluster_id, group_id, port_of, token_id


def generate(comp: Cache, ctx: Context) -> None:
    tier = ctx.tier_of(comp)
    subnet_group = ctx.add(elasticache.SubnetGroup(
        logical_id(comp.name, "SubnetGroup"),
        Description=f"{ctx.arch.name} {comp.name}: {tier.name} subnets",
        SubnetIds=ctx.subnet_refs(tier),
    ), comp)
    if comp.replicated:
        _replication_group(comp, ctx, subnet_group)
    else:
        _memcached(comp, ctx, subnet_group)
    if comp.replicated and not comp.failover:
        if comp.multi_az is False:
            why = "multi_az: false"
        else:
            why = "replicas_per_shard: 0" if comp.cluster_mode else f"nodes: {comp.nodes}"
        ctx.note(f"components.{comp.name}.{why} — no automatic failover to a replica in another AZ")
    elif not comp.replicated and comp.nodes < 2:
        ctx.note(f"components.{comp.name}.nodes: 1 — a single cache node in one AZ")
    if not comp.uses_token and comp.replicated:
        ctx.note(f"components.{comp.name}.auth: none — clients connect without an AUTH token")


def _replication_group(comp: Cache, ctx: Context, subnet_group) -> None:
    multi_az = comp.failover
    group = elasticache.ReplicationGroup(
        group_id(comp.name),
        ReplicationGroupDescription=f"{ctx.arch.name} {comp.name} ({comp.engine})",
        Engine=comp.engine,
        EngineVersion=comp.engine_version,
        CacheNodeType=comp.node_type,
        AutomaticFailoverEnabled=multi_az,
        MultiAZEnabled=multi_az,
        Port=port_of(comp),
        CacheSubnetGroupName=Ref(subnet_group),
        SecurityGroupIds=[ctx.security_group(comp.name)],
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        AutoMinorVersionUpgrade=True,
        SnapshotRetentionLimit=comp.snapshot_retention_days,
    )
    _shape(comp, group)
    if comp.encryption == "kms":
        group.KmsKeyId = Ref(kms.customer_key(ctx, comp))
    if comp.uses_token:
        secret = _token_secret(comp, ctx)
        group.AuthToken = Sub(f"{{{{resolve:secretsmanager:${{{secret}}}:SecretString}}}}")
    else:
        ctx.suppress(group, "CKV_AWS_31", ("AUTH turned off in the architecture (auth: none)" if comp.auth else
                                           "default for a cache without replicas: no AUTH token (auth: token adds one)")
                     + "; traffic is still encrypted in transit")
    group.DeletionPolicy = "Snapshot"
    group.UpdateReplacePolicy = "Snapshot"
    ctx.add(group, comp)
    if comp.snapshot_retention_days == 0:
        ctx.note(f"components.{comp.name}.snapshot_retention_days: 0 — no daily snapshots")


def _shape(comp: Cache, group) -> None:
    """Nodes (cluster mode off) or shards and replicas (cluster mode on), data tiering, snapshot window."""
    if comp.cluster_mode:
        group.NumNodeGroups = comp.shards
        group.ReplicasPerNodeGroup = comp.replicas_per_shard
        group.ClusterMode = "enabled"
        group.AutomaticFailoverEnabled = True  # required in cluster mode, replicas or not
        group.CacheParameterGroupName = cluster_parameter_group(comp)
    else:
        group.NumCacheClusters = comp.nodes
    if comp.data_tiering:
        group.DataTieringEnabled = True
    if comp.snapshot_window:
        group.SnapshotWindow = comp.snapshot_window


def cluster_parameter_group(comp: Cache) -> str:
    """ElastiCache's default parameter group with cluster mode on for the engine's major version."""
    major = comp.engine_version.split(".")[0]
    family = f"{comp.engine}{major}" + (".x" if comp.engine == "redis" and int(major) < 7 else "")
    return f"default.{family}.cluster.on"


def _token_secret(comp: Cache, ctx: Context) -> str:
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


def _memcached(comp: Cache, ctx: Context, subnet_group) -> None:
    cluster = elasticache.CacheCluster(
        cluster_id(comp.name),
        Engine="memcached",
        EngineVersion=comp.engine_version,
        CacheNodeType=comp.node_type,
        NumCacheNodes=comp.nodes,
        AZMode="cross-az" if comp.nodes >= 2 else "single-az",
        Port=port_of(comp),
        CacheSubnetGroupName=Ref(subnet_group),
        VpcSecurityGroupIds=[ctx.security_group(comp.name)],
        TransitEncryptionEnabled=True,
        AutoMinorVersionUpgrade=True,
    )
    ctx.add(cluster, comp)
    ctx.note(f"components.{comp.name}: Memcached keeps data in memory only (no encryption at rest, "
             "no snapshots, no AUTH)")
