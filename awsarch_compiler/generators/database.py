"""``database``: an RDS instance or an Aurora cluster, optionally behind an RDS Proxy.

Secure by default: in the isolated tier (else private), not publicly
accessible, storage encrypted, TLS required by a parameter group, the master
password generated and kept in Secrets Manager by RDS, backups, Multi-AZ,
deletion protection and a snapshot on delete or replacement, IAM database
authentication, CloudWatch log exports and Enhanced Monitoring.

``uses: {db: connect}`` opens the database's port (or the proxy's) to exactly
the user's security group, grants read of exactly the managed master secret
and hands over ``<NAME>_HOST``, ``<NAME>_PORT``, ``<NAME>_SECRET_ARN`` (and
``<NAME>_NAME``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from awacs import secretsmanager as awacs_sm
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, iam, rds

from ..core.context import Context, Grant
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import register
from .base import AccessMode, ComponentType, Metric

SECRET_READ = (awacs_sm.GetSecretValue, awacs_sm.DescribeSecret)
CA_CERTIFICATE = "rds-ca-rsa2048-g1"
GIB = 1024 ** 3


@dataclass(frozen=True)
class Engine:
    """What differs between engines: ports, default version, logs, TLS parameter."""

    port: int
    default_version: str
    logs: tuple
    proxy_family: str  # RDS Proxy EngineFamily
    aurora: bool
    tls_parameters: tuple  # (name, value) that make the server refuse plain-text connections
    proxy_client_auth: str  # how clients sign in to an RDS Proxy: the strongest scheme the engine's clients speak

    def family(self, engine: str, version: str) -> str:
        """Parameter group family: postgres17, mysql8.4, aurora-mysql8.0, ..."""
        parts = version.split(".")
        major = parts[0] if self.proxy_family == "POSTGRESQL" else ".".join(parts[:2])
        return f"{engine}{major}"


ENGINES = {
    "postgres": Engine(5432, "18", ("postgresql", "upgrade"), "POSTGRESQL", False, (("rds.force_ssl", "1"),),
                       "POSTGRES_SCRAM_SHA_256"),
    "mysql": Engine(3306, "8.4", ("error", "general", "slowquery"), "MYSQL", False,
                    (("require_secure_transport", "1"),), "MYSQL_CACHING_SHA2_PASSWORD"),
    "mariadb": Engine(3306, "11.8", ("audit", "error", "general", "slowquery"), "MYSQL", False,
                      (("require_secure_transport", "1"),), "MYSQL_NATIVE_PASSWORD"),
    "aurora-postgresql": Engine(5432, "18", ("postgresql",), "POSTGRESQL", True, (("rds.force_ssl", "1"),),
                                "POSTGRES_SCRAM_SHA_256"),
    "aurora-mysql": Engine(3306, "8.4", ("audit", "error", "slowquery"), "MYSQL", True,
                           (("require_secure_transport", "ON"), ("server_audit_logging", "1"),
                            ("server_audit_events", "CONNECT,QUERY_DCL,QUERY_DDL")), "MYSQL_CACHING_SHA2_PASSWORD"),
}


@dataclass(frozen=True, kw_only=True)
class Storage:
    size: int = 20
    type: str = "gp3"
    max_size: Optional[int] = None
    iops: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class Serverless:
    min_acu: float = 0.5
    max_acu: float


@dataclass(frozen=True, kw_only=True)
class Database(Component):
    engine: str
    version: Optional[str] = None
    instance_class: Optional[str] = None
    storage: Optional[Storage] = None
    multi_az: bool = True
    instances: Optional[int] = None
    serverless: Optional[Serverless] = None
    backtrack_hours: Optional[int] = None
    port: Optional[int] = None
    database_name: Optional[str] = None
    username: str = "dbadmin"
    encryption: str = "aws"
    backup_retention_days: int = 7
    deletion_protection: bool = True
    iam_authentication: bool = True
    auto_minor_upgrade: bool = True
    performance_insights: bool = False
    monitoring_interval: int = 60
    proxy: bool = False


# -- facts derived from the model, shared by the generators and the checks ---
def engine_of(comp: Database) -> Engine:
    return ENGINES[comp.engine]


def is_aurora(comp: Database) -> bool:
    return engine_of(comp).aurora


def version_of(comp: Database) -> str:
    """The EngineVersion to write: the given or default version, pinned when RDS retired its alias."""
    from .database_versions import resolve
    resource = "DBCluster" if is_aurora(comp) else "DBInstance"
    return resolve(resource, comp.engine, comp.version or engine_of(comp).default_version)


def port_of(comp: Database) -> int:
    return comp.port or engine_of(comp).port


def instance_class_of(comp: Database) -> str:
    if comp.instance_class:
        return comp.instance_class
    if comp.serverless:
        return "db.serverless"
    return "db.t4g.medium" if is_aurora(comp) else "db.t4g.micro"


def instance_count(comp: Database) -> int:
    if comp.instances:
        return comp.instances
    return 2 if comp.multi_az else 1


def proxy_name(comp: Database) -> str:
    """The component that owns the proxy's security group (``db-proxy`` -> ``DbProxySecurityGroup``)."""
    return f"{comp.name}-proxy"


def cluster_id(name: str) -> str:
    return logical_id(name, "Cluster")


def instance_id(comp: Database, index: int = 0) -> str:
    """``DbInstance`` for RDS; ``DbInstance1``..``DbInstanceN`` for the members of an Aurora cluster."""
    return logical_id(comp.name, "Instance", str(index + 1)) if is_aurora(comp) else logical_id(comp.name, "Instance")


def primary_id(comp: Database) -> str:
    """The resource that owns the endpoint and the master secret: the cluster or the instance."""
    return cluster_id(comp.name) if is_aurora(comp) else instance_id(comp)


def secret_arn(comp: Database):
    return GetAtt(primary_id(comp), "MasterUserSecret.SecretArn")


# -- shared pieces -------------------------------------------------------------
def subnet_group(ctx: Context, comp: Database) -> str:
    tier = ctx.tier_of(comp)
    group = ctx.add(rds.DBSubnetGroup(
        logical_id(comp.name, "SubnetGroup"),
        DBSubnetGroupDescription=f"{ctx.arch.name} {comp.name}: {tier.name} subnets",
        SubnetIds=ctx.subnet_refs(tier),
    ), comp)
    return group.title


def monitoring_role(ctx: Context, comp: Database) -> Optional[str]:
    """The Enhanced Monitoring role, when ``monitoring_interval`` > 0."""
    if not comp.monitoring_interval:
        return None
    role = ctx.add(iam.Role(
        logical_id(comp.name, "MonitoringRole"),
        Description=f"{ctx.arch.name} {comp.name}: RDS Enhanced Monitoring",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "monitoring.rds.amazonaws.com"), Action=[AssumeRole])]),
        ManagedPolicyArns=[Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")],
    ), comp)
    return role.title


def tls_parameter_group(ctx: Context, comp: Database) -> str:
    """A parameter group that makes the server refuse plain-text connections."""
    engine = engine_of(comp)
    cls = rds.DBClusterParameterGroup if engine.aurora else rds.DBParameterGroup
    group = ctx.add(cls(
        logical_id(comp.name, "ClusterParameterGroup" if engine.aurora else "ParameterGroup"),
        Description=f"{ctx.arch.name} {comp.name}: TLS required",
        Family=engine.family(comp.engine, version_of(comp)),
        Parameters=dict(engine.tls_parameters),
    ), comp)
    return group.title


def monitoring_settings(comp: Database, role: Optional[str], key: Optional[str]) -> dict:
    """Enhanced Monitoring and Performance Insights properties of a DB instance."""
    props = {"MonitoringInterval": comp.monitoring_interval, "EnablePerformanceInsights": comp.performance_insights}
    if role:
        props["MonitoringRoleArn"] = GetAtt(role, "Arn")
    if comp.performance_insights:
        props["PerformanceInsightsRetentionPeriod"] = 7
        if key:
            props["PerformanceInsightsKMSKeyId"] = GetAtt(key, "Arn")
    return props


def protect(resource, ctx: Context, comp: Database) -> None:
    """Snapshot on delete and on replacement; record the explicit opt-outs."""
    resource.DeletionPolicy = "Snapshot"
    resource.UpdateReplacePolicy = "Snapshot"
    if not comp.deletion_protection:
        ctx.note(f"components.{comp.name}.deletion_protection: false — the database can be deleted (a final snapshot is kept)")


# -- alarm metrics -------------------------------------------------------------
def _dimensions(comp: Database, ctx: Context) -> dict:
    if is_aurora(comp):
        return {"DBClusterIdentifier": Ref(cluster_id(comp.name))}
    return {"DBInstanceIdentifier": Ref(instance_id(comp))}


LOW = "LessThanOrEqualToThreshold"
METRICS = {
    "cpu": Metric("AWS/RDS", "CPUUtilization", _dimensions, description="CPU utilisation, percent"),
    "free_storage": Metric("AWS/RDS", "FreeStorageSpace", _dimensions, "Minimum", LOW, GIB,
                           description="free storage space, GiB (Aurora: free local storage for temporary data)"),
    "connections": Metric("AWS/RDS", "DatabaseConnections", _dimensions, "Maximum",
                          description="client connections, count"),
    "freeable_memory": Metric("AWS/RDS", "FreeableMemory", _dimensions, "Minimum", LOW, GIB,
                              description="freeable memory, GiB"),
    "read_latency": Metric("AWS/RDS", "ReadLatency", _dimensions, unit_scale=0.001,
                           description="average read I/O latency, milliseconds"),
    "write_latency": Metric("AWS/RDS", "WriteLatency", _dimensions, unit_scale=0.001,
                            description="average write I/O latency, milliseconds"),
    "replica_lag": Metric("AWS/RDS", "AuroraReplicaLagMaximum", _dimensions, "Maximum",
                          description="largest Aurora reader lag behind the writer, milliseconds (Aurora with readers)"),
    "acu_utilization": Metric("AWS/RDS", "ACUUtilization", _dimensions, "Maximum",
                              description="capacity used of max_acu, percent (Aurora Serverless v2)"),
}
AURORA_FREE_STORAGE = Metric("AWS/RDS", "FreeLocalStorage", _dimensions, "Minimum", LOW, GIB,
                             description="free local (temporary) storage of the Aurora instances, GiB")


@register
class DatabaseType(ComponentType):
    type_name = "database"
    spec = Database
    layer = "data"
    in_vpc = True
    egress = "none"
    metrics = METRICS
    access = {
        "connect": AccessMode(
            "TCP on the database's port (the proxy's with proxy: true) from the user's security group; "
            "secretsmanager:GetSecretValue, DescribeSecret on its managed master secret (+ kms:Decrypt with encryption: kms); "
            "NAME with database_name, READER_HOST for Aurora with readers and no proxy; the secret itself as <NAME>_SECRET",
            ("HOST", "PORT", "SECRET_ARN", "NAME", "READER_HOST")),
    }

    def default_tiers(self, component):
        return ("isolated", "private")

    def port(self, component: Database) -> int:
        return port_of(component)

    def metric(self, component: Database, name: str) -> Metric:
        """Aurora volumes grow by themselves: its free_storage is the instances' local storage."""
        if name == "free_storage" and is_aurora(component):
            return AURORA_FREE_STORAGE
        return self.metrics[name]

    def metric_names(self, component: Database) -> tuple[str, ...]:
        """Replica lag exists for Aurora only, ACU utilisation for Aurora Serverless v2 only."""
        absent = set()
        if not is_aurora(component):
            absent |= {"replica_lag", "acu_utilization"}
        elif not component.serverless:
            absent.add("acu_utilization")
        return tuple(m for m in self.metrics if m not in absent)

    def check(self, comp: Database, arch):
        from ..core.diagnostics import error
        from .database_checks import check_database
        yield from check_database(comp, arch)
        names = self.metric_names(comp)
        for i, alarm in enumerate(arch.monitoring.alarms):
            if alarm.component == comp.name and alarm.metric in self.metrics and alarm.metric not in names:
                yield error("E320", f"database '{comp.name}' publishes no '{alarm.metric}' metric",
                            ("monitoring", "alarms", i, "metric"),
                            f"{alarm.metric} applies to Aurora" + (" Serverless v2" if alarm.metric == "acu_utilization" else "")
                            + f"; metrics here: {', '.join(names)}")

    def grant(self, mode, source, target: Database, ctx) -> Grant:
        prefix = env_prefix(target.name)
        statements = [Statement(Effect=Allow, Action=list(SECRET_READ), Resource=[secret_arn(target)])]
        if target.encryption == "kms":
            statements.append(kms.use_statement(target.name, kms.DECRYPT))
        if target.proxy:
            from .database_proxy import proxy_id
            host, port = GetAtt(proxy_id(target), "Endpoint"), engine_of(target).port
        else:
            host, port = GetAtt(primary_id(target), "Endpoint.Address"), port_of(target)
        env = [(f"{prefix}_HOST", host), (f"{prefix}_PORT", str(port)), (f"{prefix}_SECRET_ARN", secret_arn(target))]
        if target.database_name:
            env.append((f"{prefix}_NAME", target.database_name))
        if is_aurora(target) and not target.proxy and instance_count(target) > 1:
            env.append((f"{prefix}_READER_HOST", GetAtt(cluster_id(target.name), "ReadEndpoint.Address")))
        return Grant(source.name, target.name, mode, port=port, statements=tuple(statements), env=tuple(env),
                     secrets=((f"{prefix}_SECRET", secret_arn(target)),),
                     security_group_target=proxy_name(target) if target.proxy else None)

    def generate(self, comp: Database, ctx: Context) -> None:
        key = kms.customer_key(ctx, comp) if comp.encryption == "kms" else None
        if is_aurora(comp):
            from .aurora import generate_cluster
            generate_cluster(comp, ctx, key)
        else:
            from .database_instance import generate_instance
            generate_instance(comp, ctx, key)
        if comp.proxy:
            from .database_proxy import generate_proxy
            generate_proxy(comp, ctx, key)
