"""The ``database`` model, engine facts and logical IDs (shared by its checks and generators)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Union

from troposphere import GetAtt

from ...core.model import Component, empty
from ...core.naming import logical_id
from .versions import resolve

TYPE_NAME = "database"
CA_CERTIFICATE = "rds-ca-rsa2048-g1"


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
class DbOption:
    """One ``options`` entry: an option of the engine's option group, with its settings."""

    name: str
    settings: Mapping[str, str] = empty()


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
    parameters: Mapping[str, Union[str, float]] = empty()
    options: tuple[DbOption, ...] = ()
    read_replicas: int = 0
    log_exports: Optional[tuple[str, ...]] = None
    performance_insights_retention_days: int = 7


# -- facts derived from the model, shared by the generators and the checks ---
def engine_of(comp: Database) -> Engine:
    return ENGINES[comp.engine]


def is_aurora(comp: Database) -> bool:
    return engine_of(comp).aurora


def version_of(comp: Database) -> str:
    """The EngineVersion to write: the given or default version, pinned when RDS retired its alias."""
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


def proxy_id(comp: Database) -> str:
    return logical_id(comp.name, "Proxy")


def replica_id(comp: Database, index: int) -> str:
    """A same-region read replica of an RDS instance: ``DbReplica1``, ..."""
    return logical_id(comp.name, "Replica", str(index + 1))


def log_exports_of(comp: Database) -> tuple:
    return engine_of(comp).logs if comp.log_exports is None else comp.log_exports
