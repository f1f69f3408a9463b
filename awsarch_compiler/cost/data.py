"""Databases, caches, tables, buckets, file systems, repositories, queues, topics, streams, secrets."""
from __future__ import annotations

from ..core.naming import logical_id
from .lines import Job

MYSQL_FAMILY = ("mysql", "mariadb")


def _instances_of(job: Job) -> list[dict]:
    """Properties of the component's RDS DB instances."""
    return [e.resource.to_dict()["Properties"] for e in job.ctx.entries.values()
            if e.component == job.owner and e.resource.resource_type == "AWS::RDS::DBInstance"]


def _acu(job: Job) -> float:
    cluster = next((e.resource.to_dict()["Properties"] for e in job.ctx.entries.values()
                    if e.component == job.owner and e.resource.resource_type == "AWS::RDS::DBCluster"), {})
    low = float(cluster.get("ServerlessV2ScalingConfiguration", {}).get("MinCapacity", 0.5))
    return job.value("average_count", low, "average ACUs per instance: the cluster's min_acu")


def db_instance(job: Job) -> None:
    klass, engine = job.props.get("DBInstanceClass", "db.t4g.micro"), job.props.get("Engine", "postgres")
    if klass == "db.serverless":
        acu = _acu(job)
        job.add(f"Aurora Serverless v2 {acu:g} ACU", acu * job.hours, "ACU-hours", job.prices.get("aurora", "acu_hour"))
        return
    multi = 2 if job.props.get("MultiAZ") else 1
    if job.props.get("DBClusterIdentifier") is not None:
        job.add(f"Aurora {klass}", job.hours, "instance-hours", job.prices.size("aurora_instances", klass))
        return
    table = "rds_mysql" if engine in MYSQL_FAMILY else "rds_postgres"
    az = "Multi-AZ" if multi == 2 else "Single-AZ"
    job.add(f"RDS {klass} {engine} {az}", job.hours * multi, "instance-hours", job.prices.size(table, klass))
    kind, size = job.props.get("StorageType", "gp3"), float(job.props.get("AllocatedStorage", 20))
    job.add(f"RDS {kind} storage {size:g} GB{' x2' if multi == 2 else ''}", size * multi, "GB-months",
            job.prices.get("rds", f"{kind}_gb" if f"{kind}_gb" in job.prices.services["rds"] else "gp3_gb"))
    if job.props.get("Iops") and kind == "io1":
        job.add("RDS provisioned IOPS", float(job.props["Iops"]) * multi, "IOPS-months", job.prices.get("rds", "io1_iops"))


def db_cluster(job: Job) -> None:
    storage = job.value("storage_gb", 10, "GB of Aurora storage")
    io = job.value("requests_per_month", 10_000_000, "Aurora I/O requests")
    job.add("Aurora storage", storage, "GB-months", job.prices.get("aurora", "storage_gb"))
    job.add("Aurora I/O", io / 1e6, "million requests", job.prices.get("aurora", "per_million_io"))


def db_proxy(job: Job) -> None:
    instances = _instances_of(job)
    if any(p.get("DBInstanceClass") == "db.serverless" for p in instances):
        units = max(job.prices.get("rds", "proxy_acu_min"), _acu(job) * len(instances))
        job.add(f"RDS Proxy ({units:g} ACU, minimum 8)", units * job.hours, "ACU-hours",
                job.prices.get("rds", "proxy_vcpu_hour"))
        return
    vcpus = sum(job.prices.vcpus(p.get("DBInstanceClass", "db.t4g.micro")) * (2 if p.get("MultiAZ") else 1)
                for p in instances)
    vcpus = max(vcpus, job.prices.get("rds", "proxy_min_vcpus"))
    job.add(f"RDS Proxy ({vcpus:g} vCPU)", vcpus * job.hours, "vCPU-hours", job.prices.get("rds", "proxy_vcpu_hour"))


def cache(job: Job) -> None:
    node = job.props.get("CacheNodeType", "cache.t4g.micro")
    nodes = float(job.props.get("NumCacheClusters") or job.props.get("NumCacheNodes") or 1)
    price = job.prices.size("elasticache", node)
    engine = job.props.get("Engine", "redis")
    if price is not None and engine == "valkey":
        price *= job.prices.get("elasticache", "valkey_factor")
    job.add(f"ElastiCache {node} {engine} x{nodes:g}", nodes * job.hours, "node-hours", price)


def table(job: Job) -> None:
    p = job.prices
    if job.props.get("BillingMode") == "PROVISIONED":
        throughput = job.props.get("ProvisionedThroughput", {})
        job.add("DynamoDB write capacity", float(throughput.get("WriteCapacityUnits", 1)) * job.hours, "WCU-hours",
                p.get("dynamodb", "wcu_hour"))
        job.add("DynamoDB read capacity", float(throughput.get("ReadCapacityUnits", 1)) * job.hours, "RCU-hours",
                p.get("dynamodb", "rcu_hour"))
    else:
        writes = job.value("writes_per_month", 1_000_000, "writes per month")
        reads = job.value("reads_per_month", 5_000_000, "reads per month")
        job.add("DynamoDB on-demand writes", writes / 1e6, "million write units", p.get("dynamodb", "per_million_writes"))
        job.add("DynamoDB on-demand reads", reads / 1e6, "million read units", p.get("dynamodb", "per_million_reads"))
    storage = job.value("storage_gb", 1, "GB stored")
    job.add("DynamoDB storage", storage, "GB-months", p.get("dynamodb", "storage_gb"))
    if job.props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
        job.add("DynamoDB point-in-time recovery", storage, "GB-months", p.get("dynamodb", "pitr_gb"))


def bucket(job: Job) -> None:
    mine = job.component is not None and job.logical_id == logical_id(job.component.name, "Bucket")
    of = "" if mine else f" of {job.logical_id}"
    storage = job.value("storage_gb", 10 if mine else 1, "GB stored" + of)
    gets = job.value("reads_per_month", 1_000_000 if mine else 10_000, "GET requests" + of)
    puts = job.value("writes_per_month", 100_000 if mine else 10_000, "PUT requests" + of)
    job.add("S3 Standard storage", storage, "GB-months", job.prices.get("s3", "standard_gb"))
    job.add("S3 PUT/LIST requests", puts / 1000, "thousand requests", job.prices.get("s3", "per_thousand_puts"))
    job.add("S3 GET requests", gets / 1000, "thousand requests", job.prices.get("s3", "per_thousand_gets"))


def file_system(job: Job) -> None:
    storage = job.value("storage_gb", 10, "GB stored")
    transfer = job.value("transfer_gb", 10, "GB read and written")
    job.add("EFS Standard storage", storage, "GB-months", job.prices.get("efs", "standard_gb"))
    job.add("EFS elastic throughput (reads)", transfer / 2, "GB", job.prices.get("efs", "read_gb"))
    job.add("EFS elastic throughput (writes)", transfer / 2, "GB", job.prices.get("efs", "write_gb"))


def repository(job: Job) -> None:
    job.add("ECR storage", job.value("storage_gb", 1, "GB of images"), "GB-months", job.prices.get("ecr", "storage_gb"))


def queue(job: Job) -> None:
    if job.logical_id.endswith("DeadLetterQueue"):
        return  # a dead-letter queue's few requests
    fifo = bool(job.props.get("FifoQueue"))
    requests = job.value("requests_per_month", 1_000_000, "requests (send, receive, delete)")
    job.add(f"SQS {'FIFO' if fifo else 'standard'} requests", requests / 1e6, "million requests",
            job.prices.get("sqs", "fifo_per_million" if fifo else "standard_per_million"))


def topic(job: Job) -> None:
    if job.component is None or job.component.type != "topic":
        return  # the alarm topic: a handful of notifications
    publishes = job.value("requests_per_month", 1_000_000, "messages published")
    job.add("SNS publishes", publishes / 1e6, "million requests", job.prices.get("sns", "per_million_publishes"))


def stream(job: Job) -> None:
    p = job.prices
    if job.props.get("StreamModeDetails", {}).get("StreamMode") == "ON_DEMAND":
        job.add("Kinesis on-demand stream", job.hours, "stream-hours", p.get("kinesis", "on_demand_stream_hour"))
        job.add("Kinesis on-demand ingest", job.value("transfer_gb", 10, "GB written"), "GB",
                p.get("kinesis", "on_demand_ingest_gb"))
        return
    shards = float(job.props.get("ShardCount", 1))
    job.add(f"Kinesis {shards:g} shards", shards * job.hours, "shard-hours", p.get("kinesis", "shard_hour"))
    job.add("Kinesis PUT payload units", job.value("requests_per_month", 1_000_000, "records written") / 1e6,
            "million units", p.get("kinesis", "per_million_put_units"))


def secret(job: Job) -> None:
    job.add("Secrets Manager secret", 1, "secret-months", job.prices.get("secretsmanager", "secret_month"))


def managed_master_secret(job: Job) -> None:
    if job.props.get("ManageMasterUserPassword"):
        job.add("Secrets Manager secret (RDS-managed master password)", 1, "secret-months",
                job.prices.get("secretsmanager", "secret_month"))


def backup_vault(job: Job) -> None:
    job.add("AWS Backup warm storage", job.value("storage_gb", 10, "GB of backups"), "GB-months",
            job.prices.get("backup", "warm_gb"))


HANDLERS = {
    "AWS::RDS::DBInstance": db_instance, "AWS::RDS::DBCluster": db_cluster, "AWS::RDS::DBProxy": db_proxy,
    "AWS::ElastiCache::ReplicationGroup": cache, "AWS::ElastiCache::CacheCluster": cache,
    "AWS::DynamoDB::Table": table, "AWS::S3::Bucket": bucket, "AWS::EFS::FileSystem": file_system,
    "AWS::ECR::Repository": repository, "AWS::SQS::Queue": queue, "AWS::SNS::Topic": topic,
    "AWS::Kinesis::Stream": stream, "AWS::SecretsManager::Secret": secret, "AWS::Backup::BackupVault": backup_vault,
}
EXTRA = {"AWS::RDS::DBInstance": managed_master_secret, "AWS::RDS::DBCluster": managed_master_secret}
