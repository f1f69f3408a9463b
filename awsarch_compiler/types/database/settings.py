"""A database's engine settings: ``parameters`` (checked against the vendored parameter table,
``parameters.json``, refreshed with ``scripts/refresh_db_parameters.py``), option groups for the
engines that have them, and same-region read replicas of RDS instances."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Optional

from troposphere import GetAtt, GetAZs, Ref, Select, rds

from ...core.context import Context
from ...core.naming import logical_id
from .model import CA_CERTIFICATE, Database, engine_of, instance_class_of, instance_id, replica_id, version_of

DATA_FILE = "parameters.json"
# Options each engine's option groups offer (engines without option groups are absent).
OPTIONS = {"mysql": ("MARIADB_AUDIT_PLUGIN", "MEMCACHED"), "mariadb": ("MARIADB_AUDIT_PLUGIN",)}


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))


def family_of(comp: Database) -> str:
    return engine_of(comp).family(comp.engine, version_of(comp))


def known_parameters(comp: Database) -> Optional[dict]:
    """{level: names} the table knows for the database's family (else its engine), or None."""
    table = _table()
    return table["families"].get(family_of(comp)) or table["engines"].get(comp.engine)


def level_of(comp: Database, name: str) -> Optional[str]:
    """cluster | instance: the parameter group a parameter goes into (None: the table does not know it)."""
    known = known_parameters(comp)
    if known is None:
        return "cluster" if engine_of(comp).aurora else "instance"
    return next((level for level in ("cluster", "instance") if name in known.get(level, ())), None)


def value_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parameters_at(comp: Database, level: str) -> dict:
    return {name: value_text(v) for name, v in sorted(comp.parameters.items()) if level_of(comp, name) == level}


def instance_parameter_group(ctx: Context, comp: Database) -> Optional[str]:
    """Aurora: the instances' parameter group, when instance-level parameters are set."""
    values = parameters_at(comp, "instance")
    if not values:
        return None
    group = ctx.add(rds.DBParameterGroup(
        logical_id(comp.name, "InstanceParameterGroup"), Description=f"{ctx.arch.name} {comp.name}: instance parameters",
        Family=family_of(comp), Parameters=values), comp)
    return group.title


def major_version(comp: Database) -> str:
    return ".".join(version_of(comp).split(".")[:2])


def option_group(ctx: Context, comp: Database) -> Optional[str]:
    if not comp.options:
        return None
    configurations = []
    for option in comp.options:
        config = rds.OptionConfiguration(OptionName=option.name)
        if option.settings:
            config.OptionSettings = [rds.OptionSetting(Name=k, Value=v) for k, v in sorted(option.settings.items())]
        configurations.append(config)
    group = ctx.add(rds.OptionGroup(
        logical_id(comp.name, "OptionGroup"), EngineName=comp.engine, MajorEngineVersion=major_version(comp),
        OptionGroupDescription=f"{ctx.arch.name} {comp.name}: options", OptionConfigurations=configurations), comp)
    return group.title


def read_replicas(ctx: Context, comp: Database, primary: rds.DBInstance, extra: dict) -> None:
    """Same-region replicas: the primary's class, groups and monitoring; storage and encryption inherited."""
    azs = ctx.arch.network.availability_zones
    for index in range(comp.read_replicas):
        replica = rds.DBInstance(
            replica_id(comp, index), SourceDBInstanceIdentifier=Ref(instance_id(comp)), Engine=comp.engine,
            DBInstanceClass=instance_class_of(comp), AvailabilityZone=Select((index + 1) % azs, GetAZs("")),
            DBParameterGroupName=primary.DBParameterGroupName, VPCSecurityGroups=primary.VPCSecurityGroups,
            PubliclyAccessible=False, CACertificateIdentifier=CA_CERTIFICATE, CopyTagsToSnapshot=True,
            AutoMinorVersionUpgrade=comp.auto_minor_upgrade, DeletionProtection=comp.deletion_protection,
            EnableIAMDatabaseAuthentication=comp.iam_authentication,
            EnableCloudwatchLogsExports=primary.EnableCloudwatchLogsExports, **extra)
        if "OptionGroupName" in primary.properties:
            replica.OptionGroupName = primary.OptionGroupName
        replica.DeletionPolicy = "Delete"  # a replica holds no data of its own: the primary keeps the snapshots
        replica.UpdateReplacePolicy = "Delete"
        ctx.add(replica, comp)
        where = f"components.{comp.name}.read_replicas"
        ctx.suppress(replica, "CKV_AWS_16", f"a read replica inherits the primary's storage encryption ({where})")
        ctx.suppress(replica, "CKV_AWS_157", f"a read replica is the extra copy; the primary carries Multi-AZ ({where})")
