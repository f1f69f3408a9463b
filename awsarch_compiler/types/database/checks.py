"""Semantic checks of ``database`` components.

What the schema cannot say: which options fit which engine, engine versions
RDS knows, instance classes Aurora offers, storage and capacity arithmetic,
and alarms on metrics this database does not publish.
"""
from __future__ import annotations

import re

from ...core.diagnostics import Diagnostic, did_you_mean, error
from ...core.naming import pascal
from . import settings_checks
from .model import Database, engine_of, instance_count, is_aurora, proxy_name
from .versions import deprecated_versions, is_known, known_versions, minors_of, newest_majors, resolve

AURORA_ONLY = ("instances", "serverless", "backtrack_hours")
AURORA_CLASS = re.compile(r"^db\.(serverless|t[34]g?\.(medium|large)|r[5-8][a-z]*\.[0-9]*x?large|x2[a-z]*\.[0-9]*x?large)$")
RESERVED_USERS = {"rdsadmin", "rdsrepladmin", "rdsproxyadmin", "rdstopmgr"}
RESERVED_DATABASES = {
    "POSTGRESQL": {"postgres", "template0", "template1", "rdsadmin"},
    "MYSQL": {"mysql", "sys", "information_schema", "performance_schema", "innodb", "tmp"},
}


def _options(comp: Database, path: tuple) -> list[Diagnostic]:
    out = []
    if is_aurora(comp):
        if comp.storage is not None:
            out.append(error("E1601", f"an {comp.engine} cluster has no 'storage' setting", path + ("storage",),
                             "Aurora storage grows by itself; remove 'storage'"))
        if comp.backtrack_hours and comp.engine != "aurora-mysql":
            out.append(error("E1602", f"{comp.engine} does not support backtracking", path + ("backtrack_hours",),
                             "backtrack_hours is for aurora-mysql; use point-in-time restore instead"))
        return out
    for key in AURORA_ONLY:
        if getattr(comp, key) is not None:
            out.append(error("E1603", f"'{key}' applies to Aurora clusters, not to a {comp.engine} instance",
                             path + (key,), f"use engine: aurora-{'mysql' if comp.engine != 'postgres' else 'postgresql'}, "
                                            f"or remove '{key}'"))
    return out


def _deprecated(comp: Database, resource: str, path: tuple) -> list[Diagnostic]:
    """A version RDS knows but no longer creates new databases with (a pinned old minor)."""
    if resolve(resource, comp.engine, comp.version) not in deprecated_versions(resource, comp.engine):
        return []
    major = ".".join(comp.version.split(".")[:2 if comp.engine in ("mysql", "mariadb", "aurora-mysql") else 1])
    current = minors_of(resource, comp.engine, major)
    hint = (f"use \"{major}\" (RDS picks its current minor) or \"{current[-1]}\"" if current else
            f"recent {comp.engine} versions: {newest_majors(resource, comp.engine)}")
    return [error("E1619", f"{comp.engine} {comp.version} is deprecated: RDS no longer creates new databases with it",
                  path + ("version",), hint)]


def _version(comp: Database, path: tuple) -> list[Diagnostic]:
    if comp.version is None:
        return []
    if "mysql_aurora" in comp.version and comp.engine != "aurora-mysql":
        return [error("E1604", f"'{comp.version}' is an aurora-mysql version, not a {comp.engine} one",
                      path + ("version",), "use the engine's own version such as \"18\" or \"8.4\"")]
    resource = "DBCluster" if is_aurora(comp) else "DBInstance"
    if is_known(resource, comp.engine, comp.version):
        return _deprecated(comp, resource, path)
    known = known_versions(resource, comp.engine) or ()
    hint = did_you_mean(comp.version, known) or f"recent {comp.engine} versions: {newest_majors(resource, comp.engine)}"
    return [error("E1605", f"{comp.engine} has no version '{comp.version}'", path + ("version",), hint)]


def _instance_class(comp: Database, path: tuple) -> list[Diagnostic]:
    cls = comp.instance_class
    where = path + ("instance_class",)
    if cls is None:
        return []
    if comp.serverless and cls != "db.serverless":
        return [error("E1606", f"a serverless cluster runs on db.serverless, not {cls}", where,
                      "remove instance_class (serverless sets db.serverless)")]
    if cls == "db.serverless" and not comp.serverless:
        return [error("E1607", "db.serverless needs a serverless capacity range", where,
                      "add serverless: {min_acu: 0.5, max_acu: 4} (Aurora engines only)")]
    if is_aurora(comp) and not AURORA_CLASS.match(cls):
        return [error("E1608", f"Aurora does not offer the instance class {cls}", where,
                      "use db.t4g.medium or larger, a db.r* class, or serverless")]
    return []


def _storage(comp: Database, path: tuple) -> list[Diagnostic]:
    s = comp.storage
    if s is None or is_aurora(comp):
        return []
    where = path + ("storage",)
    out = []
    if s.type in ("io1", "io2") and s.iops is None:
        out.append(error("E1609", f"{s.type} storage needs provisioned iops", where, "add iops: 3000 (or use type: gp3)"))
    if s.type == "gp2" and s.iops is not None:
        out.append(error("E1610", "gp2 storage has no provisioned IOPS", where + ("iops",), "use type: gp3 or io2, or remove iops"))
    if s.type == "gp3" and s.iops is not None and s.size < 400:
        out.append(error("E1611", f"gp3 IOPS can be set only at 400 GiB and up (size is {s.size})", where + ("iops",),
                         "remove iops (gp3 gives 3,000 IOPS below 400 GiB) or raise size"))
    if s.max_size is not None and s.max_size <= s.size:
        out.append(error("E1612", f"max_size ({s.max_size}) must be larger than size ({s.size})", where + ("max_size",),
                         f"raise max_size above {s.size}, or remove it to turn storage autoscaling off"))
    return out


def _capacity(comp: Database, path: tuple) -> list[Diagnostic]:
    out = []
    if comp.serverless and comp.serverless.min_acu > comp.serverless.max_acu:
        out.append(error("E1613", f"min_acu ({comp.serverless.min_acu:g}) is above max_acu ({comp.serverless.max_acu:g})",
                         path + ("serverless", "min_acu"), "min_acu must be at most max_acu"))
    if is_aurora(comp) and comp.multi_az and comp.instances == 1:
        out.append(error("E1614", "multi_az needs a reader in a second availability zone, but instances is 1",
                         path + ("instances",), "set instances: 2 or more, or multi_az: false"))
    return out


def _alarms(comp: Database, arch) -> list[Diagnostic]:
    out = []
    for i, alarm in enumerate(arch.monitoring.alarms):
        if alarm.component != comp.name:
            continue
        problem = _unpublished(comp, alarm.metric)
        if problem:
            out.append(error("E1615", f"database '{comp.name}' publishes no '{alarm.metric}' metric: {problem[0]}",
                             ("monitoring", "alarms", i, "metric"), problem[1]))
    return out


def _unpublished(comp: Database, metric: str) -> tuple[str, str] | None:
    """(why, what to do) when this database publishes no ``metric`` that other databases do."""
    if metric == "replica_lag" and (not is_aurora(comp) or instance_count(comp) < 2):
        return "it has no Aurora readers to lag", "replica_lag needs an Aurora engine with instances: 2 or more"
    if metric == "acu_utilization" and not comp.serverless:
        return "it is not Aurora Serverless v2", "acu_utilization needs serverless: {max_acu: N}"
    return None


def _names(comp: Database, arch, path: tuple) -> list[Diagnostic]:
    out = []
    family = engine_of(comp).proxy_family
    if comp.username.lower() in RESERVED_USERS:
        out.append(error("E1616", f"'{comp.username}' is reserved by RDS and cannot be the master user", path + ("username",),
                         "choose another name, such as dbadmin"))
    if comp.database_name and comp.database_name.lower() in RESERVED_DATABASES[family]:
        out.append(error("E1617", f"'{comp.database_name}' is a system database of {comp.engine}", path + ("database_name",),
                         "choose another name, such as app"))
    if comp.proxy:
        clash = next((n for n in arch.components if pascal(n) == pascal(proxy_name(comp))), None)
        if clash:
            out.append(error("E1618", f"the proxy of '{comp.name}' would share logical IDs with the component '{clash}'",
                             path + ("proxy",), f"rename '{clash}'"))
    return out


def check_database(comp: Database, arch) -> list[Diagnostic]:
    path = ("components", comp.name)
    version = _version(comp, path)
    settings = [] if version else settings_checks.check(comp)  # parameters are checked against a known family
    return (_options(comp, path) + version + _instance_class(comp, path) + _storage(comp, path)
            + _capacity(comp, path) + _alarms(comp, arch) + _names(comp, arch, path) + settings)
