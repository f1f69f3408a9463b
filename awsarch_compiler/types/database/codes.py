"""The diagnostic codes of the ``database`` type: block 16, E1601 to E1699."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 16
CODES = {
    "E1601": Code("an Aurora cluster sets storage, which Aurora manages itself", "remove storage"),
    "E1602": Code("backtrack_hours is set on an engine other than aurora-mysql",
                  "remove backtrack_hours; use point-in-time restore"),
    "E1603": Code("an Aurora-only setting (instances, serverless, backtrack_hours) is set on an RDS instance",
                  "use an aurora-* engine, or remove the setting"),
    "E1604": Code("version is an aurora-mysql version and the engine is another one", "use the engine's own version"),
    "E1605": Code("RDS offers no such version of the engine", "use one of the versions the hint names"),
    "E1606": Code("a serverless cluster names an instance class other than db.serverless", "remove instance_class"),
    "E1607": Code("instance_class: db.serverless is set without a serverless capacity range",
                  "add serverless: {min_acu: 0.5, max_acu: 4} (Aurora engines only)"),
    "E1608": Code("Aurora does not offer the instance class",
                  "use db.t4g.medium or larger, a db.r* class, or serverless"),
    "E1609": Code("io1 or io2 storage has no provisioned iops", "add iops: 3000, or use type: gp3"),
    "E1610": Code("gp2 storage sets iops, which gp2 does not provision", "use type: gp3 or io2, or remove iops"),
    "E1611": Code("gp3 storage sets iops below 400 GiB, where IOPS are fixed",
                  "remove iops, or raise size to 400 or more"),
    "E1612": Code("storage max_size is not larger than size", "raise max_size above size, or remove it"),
    "E1613": Code("serverless min_acu is above max_acu", "make min_acu at most max_acu"),
    "E1614": Code("an Aurora cluster sets multi_az with a single instance",
                  "set instances: 2 or more, or multi_az: false"),
    "E1615": Code("an alarm names a database metric this database does not publish (replica lag, ACU utilisation)",
                  "alarm on a metric it publishes, or change the database as the hint says"),
    "E1616": Code("the master user name is reserved by RDS", "choose another username, such as dbadmin"),
    "E1617": Code("database_name is a system database of the engine", "choose another name, such as app"),
    "E1618": Code("the database's proxy would share logical IDs with another component", "rename that component"),
    "E1619": Code("the engine version is deprecated: RDS no longer creates new databases with it",
                  "use the major version alone, or a current minor version"),
    "E1670": Code("a database parameter the engine family does not have", "fix the name (see the did-you-mean) or remove it"),
    "E1672": Code("options are set on an engine without option groups (PostgreSQL, Aurora)",
                  "set the engine's parameters instead"),
    "E1673": Code("an option the engine's option groups do not offer", "use one of the options the hint lists"),
    "E1674": Code("read_replicas on an Aurora cluster, whose readers are its instances", "set instances: N instead"),
    "E1675": Code("log_exports names a log the engine does not have", "use the engine's logs the hint lists"),
    "E1676": Code("performance_insights_retention_days without Performance Insights", "add performance_insights: true"),
}
