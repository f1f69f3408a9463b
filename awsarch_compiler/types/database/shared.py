"""What an RDS instance and an Aurora cluster share: subnet group, TLS parameter group,
Enhanced Monitoring, snapshot protection and the scanner notes of explicit opt-outs."""
from __future__ import annotations

from typing import Optional

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Sub, iam, rds

from ...core.context import Context
from ...core.naming import logical_id
from .model import Database, engine_of, is_aurora, version_of
from .settings import parameters_at


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
        Description=f"{ctx.arch.name} {comp.name}: TLS required" + (", engine parameters" if comp.parameters else ""),
        Family=engine.family(comp.engine, version_of(comp)),
        Parameters={**dict(engine.tls_parameters), **parameters_at(comp, "cluster" if engine.aurora else "instance")},
    ), comp)
    for name, value in engine.tls_parameters:
        if name in comp.parameters and str(comp.parameters[name]) != value:
            ctx.note(f"components.{comp.name}.parameters.{name}: {comp.parameters[name]} — the server no longer "
                     "requires TLS")
    return group.title


def monitoring_settings(comp: Database, role: Optional[str], key: Optional[str]) -> dict:
    """Enhanced Monitoring and Performance Insights properties of a DB instance."""
    props = {"MonitoringInterval": comp.monitoring_interval, "EnablePerformanceInsights": comp.performance_insights}
    if role:
        props["MonitoringRoleArn"] = GetAtt(role, "Arn")
    if comp.performance_insights:
        props["PerformanceInsightsRetentionPeriod"] = comp.performance_insights_retention_days
        if key:
            props["PerformanceInsightsKMSKeyId"] = GetAtt(key, "Arn")
    return props


def protect(resource, ctx: Context, comp: Database) -> None:
    """Snapshot on delete and on replacement; record the explicit opt-outs."""
    resource.DeletionPolicy = "Snapshot"
    resource.UpdateReplacePolicy = "Snapshot"
    if not comp.deletion_protection:
        ctx.note(f"components.{comp.name}.deletion_protection: false — the database can be deleted (a final snapshot is kept)")


def suppress_opt_outs(ctx: Context, db, comp: Database) -> None:
    """Scanner checks that the architecture explicitly turned off, with the DSL setting as the reason."""
    where = f"components.{comp.name}"
    if not is_aurora(comp) and not comp.multi_az:
        ctx.suppress(db, "CKV_AWS_157", f"single-AZ database chosen in the architecture ({where}.multi_az: false)")
        ctx.note(f"{where}.multi_az: false — no standby in a second availability zone")
    if not comp.monitoring_interval:
        ctx.suppress(db, "CKV_AWS_118", f"Enhanced Monitoring turned off in the architecture ({where}.monitoring_interval: 0)")
        ctx.note(f"{where}.monitoring_interval: 0 — no Enhanced Monitoring")
    if not comp.iam_authentication and not is_aurora(comp):
        ctx.suppress(db, "CKV_AWS_161", f"IAM database authentication turned off in the architecture ({where}.iam_authentication: false)")
    if comp.log_exports is not None and not comp.log_exports:
        ctx.suppress(db, "CKV_AWS_129", f"log exports turned off in the architecture ({where}.log_exports: [])")
        ctx.note(f"{where}.log_exports: [] — no database logs reach CloudWatch Logs")
    if not comp.auto_minor_upgrade:
        ctx.note(f"{where}.auto_minor_upgrade: false — minor engine upgrades are applied by hand")
