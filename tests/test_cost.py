"""The offline cost estimate: the dated, sourced price table, one test per priced resource type,
the figures of the architecture documents (and the corrected one), environments and the CLI."""
import json
import textwrap

import pytest

from awsarch_compiler import inspection
from awsarch_compiler.cli import main
from awsarch_compiler.core import loader
from awsarch_compiler.cost import prices
from awsarch_compiler.cost.estimate import HANDLERS, estimate
from awsarch_compiler.cost.lines import Job

from conftest import EXAMPLES, ROOT, example_ids

COST = ROOT / "tests" / "cost"
NETWORK = """network:
  nat_gateways: {nat}
  subnets:
    public: {{type: public, size: 24}}
    app: {{type: private, size: 24}}
    db: {{type: isolated, size: 24}}
"""
FN = "{type: function, runtime: python3.12, handler: app.handler, code: src"


def priced(components: str, top: str = "", region: str = "us-east-1", nat: str = "none", env=None):
    body = textwrap.indent(textwrap.dedent(components).strip("\n"), "  ")
    text = f"awsarch: 1\nname: cost\n{NETWORK.format(nat=nat)}components:\n{body}\n{textwrap.dedent(top)}"
    data, source = loader.load_text(text, "cost.yaml")
    arch, ctx = inspection.load_data(data, source, env)
    return estimate(arch, ctx, region, env)


def monthly(est, component: str, item: str) -> float:
    found = [l.monthly for l in est.lines if l.component == component and item in l.item]
    assert found, [(l.component, l.item) for l in est.lines]
    return sum(found)


def near(value: float, expected: float, tolerance: float = 0.01) -> bool:
    return abs(value - expected) <= tolerance * max(abs(expected), 0.01)


def test_the_price_table_is_dated_sourced_and_covers_the_regions():
    doc = prices.document()
    assert doc["date"] and doc["source"].startswith("AWS public on-demand list prices") and doc["provenance"]
    assert {"us-east-1", "eu-west-1", "eu-north-1", "us-west-2"} <= set(prices.regions())
    for region in prices.regions():
        table = prices.for_region(region)
        assert table.size("ec2", "t3.medium") and table.size("rds_postgres", "db.t3.micro")
        assert table.size("elasticache", "cache.t3.micro") and table.get("nat", "hour") > 0


def test_regions_differ_where_aws_prices_differ():
    east, ireland = prices.for_region("us-east-1"), prices.for_region("eu-west-1")
    assert east.size("ec2", "t3.medium") == 0.0416 and ireland.size("ec2", "t3.medium") > 0.0416
    assert ireland.get("nat", "hour") == 0.048 and east.get("nat", "hour") == 0.045
    assert east.get("lambda", "gb_second") == ireland.get("lambda", "gb_second")


# -- the architecture documents' figures -------------------------------------------------------------------
def file_estimate(name: str, region: str = "us-east-1"):
    arch, ctx, _ = inspection.load(str(COST / name))
    return estimate(arch, ctx, region)


def test_two_t3_medium_cost_729_a_year_not_1456():
    est = file_estimate("two-t3-medium.yaml")
    ec2 = monthly(est, "app", "EC2 t3.medium x2")
    assert near(ec2, 2 * 0.0416 * 730)
    assert 729 * 0.75 <= ec2 * 12 <= 729 * 1.25
    assert not 1456 * 0.75 <= ec2 * 12 <= 1456 * 1.25


def test_the_saas_mvp_is_about_50_a_month_before_the_load_balancer_and_nat():
    est = file_estimate("saas-mvp.yaml")
    lb = est.by_component()["lb"]
    nat = sum(l.monthly for l in est.lines if l.item.startswith(("NAT gateway", "public IPv4 address (Elastic IP)")))
    before = est.total - lb - nat
    assert 50 * 0.75 <= before <= 50 * 1.25, before
    assert 20 <= lb <= 30 and 35 <= nat <= 40  # what they add: ALB with two IPv4 addresses; NAT gateway with its IP
    assert near(monthly(est, "db", "RDS db.t3.micro"), 13, 0.25)
    assert near(monthly(est, "cache", "ElastiCache cache.t3.micro"), 13, 0.25)
    assert near(monthly(est, "app-secrets", "Secrets Manager"), 0.40)
    assert near(monthly(est, "(architecture)", "Route 53 hosted zone"), 0.50)


# -- one test per priced resource type ----------------------------------------------------------------------
def test_ec2_instances_and_their_volumes():
    est = priced("web: {type: instance-group, instance_type: t3.small, capacity: {min: 3, max: 4}, "
                 "root_volume: {size: 30, type: gp3}}")
    assert near(monthly(est, "web", "EC2 t3.small x3"), 3 * 0.0208 * 730)
    assert near(monthly(est, "web", "EBS gp3 30 GB x3"), 90 * 0.08)


def test_usage_overrides_the_count_and_hours():
    est = priced("web: {type: instance-group, instance_type: t3.small, usage: {average_count: 1.5, hours_per_month: 200}}")
    assert near(monthly(est, "web", "EC2 t3.small"), 1.5 * 200 * 0.0208)
    assert "web" not in est.assumptions or not any("hours_per_month" in a for a in est.assumptions["web"])


def test_fargate_tasks():
    est = priced("api: {type: container-service, image: public.ecr.aws/nginx/nginx:1, cpu: 1024, memory: 2048, "
                 "architecture: arm64, capacity: {min: 2, max: 2}}", nat="single")
    assert near(monthly(est, "api", "x2: vCPU"), 2 * 1 * 730 * 0.03238)
    assert near(monthly(est, "api", "x2: memory"), 2 * 2 * 730 * 0.00356)


def test_lambda_requests_and_gb_seconds():
    est = priced(f"f: {FN}, memory: 512, usage: {{requests_per_month: 3000000, duration_ms: 200}}}}")
    assert near(monthly(est, "f", "Lambda requests"), 3 * 0.20)
    assert near(monthly(est, "f", "compute"), 3e6 * 0.2 * 0.5 * 0.0000166667)


def test_nat_gateway_hours_processed_gb_and_its_address():
    est = priced("web: {type: instance-group, usage: {transfer_gb: 100}}", nat="per-az")
    assert near(monthly(est, "(architecture)", "NAT gateway hours"), 2 * 730 * 0.045)
    assert near(monthly(est, "(architecture)", "NAT gateway data processed"), 100 * 0.045)
    assert near(monthly(est, "(architecture)", "Elastic IP"), 2 * 730 * 0.005)


def test_load_balancer_hours_capacity_units_and_addresses():
    est = priced("lb: {type: load-balancer, plain_http: true, listeners: [{port: 80, routes: [{target: web}]}], "
                 "usage: {transfer_gb: 1460, requests_per_month: 0}}\nweb: {type: instance-group, port: 80}")
    assert near(monthly(est, "lb", "ALB hours"), 730 * 0.0225)
    assert near(monthly(est, "lb", "LCU"), 2 * 730 * 0.008)  # 2 GB per hour processed
    assert near(monthly(est, "lb", "public IPv4"), 2 * 730 * 0.005)


def test_rds_instance_storage_multi_az_and_its_secret():
    est = priced("db: {type: database, engine: postgres, instance_class: db.t3.micro, storage: {size: 50}}")
    assert near(monthly(est, "db", "RDS db.t3.micro postgres Multi-AZ"), 2 * 730 * 0.018)
    assert near(monthly(est, "db", "storage 50 GB x2"), 100 * 0.115)
    assert near(monthly(est, "db", "RDS-managed master password"), 0.40)


def test_aurora_instances_storage_io_and_proxy():
    est = priced("db: {type: database, engine: aurora-postgresql, instances: 2, proxy: true, "
                 "usage: {storage_gb: 100, requests_per_month: 50000000}}")
    assert near(monthly(est, "db", "Aurora db.t4g.medium"), 2 * 730 * 0.073)
    assert near(monthly(est, "db", "Aurora storage"), 100 * 0.10)
    assert near(monthly(est, "db", "Aurora I/O"), 50 * 0.20)
    assert near(monthly(est, "db", "RDS Proxy (4 vCPU)"), 4 * 730 * 0.015)


def test_aurora_serverless_acu_hours_and_proxy_minimum():
    est = priced("db: {type: database, engine: aurora-postgresql, serverless: {min_acu: 1, max_acu: 4}, proxy: true}")
    assert near(monthly(est, "db", "Aurora Serverless v2 1 ACU"), 2 * 730 * 0.12)
    assert near(monthly(est, "db", "RDS Proxy (8 ACU"), 8 * 730 * 0.015)


def test_elasticache_nodes_valkey_below_redis():
    valkey = priced("c: {type: cache, node_type: cache.t4g.small, nodes: 2}")
    redis = priced("c: {type: cache, engine: redis, node_type: cache.t4g.small, nodes: 2}")
    assert near(monthly(redis, "c", "ElastiCache"), 2 * 730 * 0.032)
    assert near(monthly(valkey, "c", "ElastiCache"), 2 * 730 * 0.032 * 0.8)


def test_dynamodb_on_demand_storage_and_pitr():
    est = priced("t: {type: table, partition_key: {name: id}, usage: {reads_per_month: 8000000, "
                 "writes_per_month: 2000000, storage_gb: 10}}")
    assert near(monthly(est, "t", "on-demand writes"), 2 * 0.625)
    assert near(monthly(est, "t", "on-demand reads"), 8 * 0.125)
    assert near(monthly(est, "t", "DynamoDB storage"), 10 * 0.25)
    assert near(monthly(est, "t", "point-in-time"), 10 * 0.20)


def test_s3_storage_and_requests():
    est = priced("b: {type: bucket, usage: {storage_gb: 100, reads_per_month: 2000000, writes_per_month: 200000}}")
    assert near(monthly(est, "b", "S3 Standard storage"), 100 * 0.023)
    assert near(monthly(est, "b", "S3 GET"), 2000 * 0.0004)
    assert near(monthly(est, "b", "S3 PUT"), 200 * 0.005)


def test_cloudfront_transfer_requests_and_waf():
    est = priced("site: {type: static-site, waf: true, usage: {transfer_gb: 200, requests_per_month: 5000000}}")
    assert near(monthly(est, "site", "CloudFront data transfer"), 200 * 0.085)
    assert near(monthly(est, "site", "CloudFront HTTPS requests"), 500 * 0.01)
    assert near(monthly(est, "site", "WAF web ACL"), 5.0)
    assert monthly(est, "site", "WAF rules") >= 1.0 and near(monthly(est, "site", "WAF requests"), 5 * 0.60)


def test_api_gateway_requests():
    http = priced(f"api: {{type: api, routes: {{'GET /': f}}, usage: {{requests_per_month: 4000000}}}}\nf: {FN}}}")
    rest = priced(f"api: {{type: api, protocol: rest, routes: {{'GET /': f}}, usage: {{requests_per_month: 4000000}}}}\nf: {FN}}}")
    assert near(monthly(http, "api", "HTTP API requests"), 4 * 1.00)
    assert near(monthly(rest, "api", "REST API requests"), 4 * 3.50)


def test_route53_zone_secrets_and_kms_keys():
    est = priced("s: {type: secret, encryption: kms}", "dns: {zone: example.com}")
    assert near(monthly(est, "(architecture)", "Route 53 hosted zone"), 0.50)
    assert near(monthly(est, "s", "Secrets Manager secret"), 0.40)
    assert near(monthly(est, "s", "KMS customer managed key"), 1.00)


def test_cloudwatch_alarms_dashboards_logs_and_the_trail():
    est = priced(f"f: {FN}, usage: {{log_gb: 10}}}}", "monitoring: {notify: [a@b.co], dashboard: true, audit_trail: true, "
                 "alarms: [{component: f, metric: errors, threshold: 1}]}")
    assert near(monthly(est, "(architecture)", "CloudWatch alarm"), 0.10)
    assert near(monthly(est, "(architecture)", "CloudWatch dashboard"), 3.00)
    assert near(monthly(est, "f", "CloudWatch Logs ingestion"), 10 * 0.50)
    assert monthly(est, "(architecture)", "CloudTrail") == 0.0


def test_interface_endpoints_per_az():
    arch_text = NETWORK.format(nat="none").replace("  subnets:", "  endpoints: [sqs]\n  subnets:")
    data, source = loader.load_text("awsarch: 1\nname: ep\n" + arch_text + "components:\n  q: {type: queue}\n", "ep.yaml")
    arch, ctx = inspection.load_data(data, source)
    priced_ep = estimate(arch, ctx, "us-east-1")
    assert near(monthly(priced_ep, "(architecture)", "interface endpoint sqs x2 AZ"), 2 * 730 * 0.01)


def test_efs_ecr_sqs_sns_and_kinesis():
    est = priced("fs: {type: file-system, usage: {storage_gb: 20, transfer_gb: 10}}\nr: {type: repository, usage: {storage_gb: 5}}\n"
                 "q: {type: queue, fifo: true, usage: {requests_per_month: 2000000}}\nt: {type: topic}\n"
                 "s: {type: stream, mode: provisioned, shards: 2}")
    assert near(monthly(est, "fs", "EFS Standard storage"), 20 * 0.30)
    assert near(monthly(est, "fs", "EFS elastic"), 5 * 0.03 + 5 * 0.06)
    assert near(monthly(est, "r", "ECR storage"), 5 * 0.10)
    assert near(monthly(est, "q", "SQS FIFO"), 2 * 0.50)
    assert near(monthly(est, "t", "SNS publishes"), 0.50)
    assert near(monthly(est, "s", "Kinesis 2 shards"), 2 * 730 * 0.015)


def test_backup_vaults_are_priced_by_their_storage():
    job = Job("BackupVault", "AWS::Backup::BackupVault", {}, None, prices.for_region("us-east-1"), None)
    HANDLERS["AWS::Backup::BackupVault"](job)
    assert near(job.lines[0].monthly, 10 * 0.05) and job.assumptions


def test_an_unknown_instance_type_is_listed_unpriced():
    est = priced("web: {type: instance-group, instance_type: u-6tb1.metal}")
    assert [l.item for l in est.unpriced()] == ["EC2 u-6tb1.metal x1"]


# -- environments, the CLI ----------------------------------------------------------------------------------
ENVS = """environments:
  dev: {components: {db: {multi_az: false}}}
"""


def test_environments_are_estimated_and_compared(tmp_path, capsys):
    path = tmp_path / "arch.yaml"
    path.write_text("awsarch: 1\nname: envs\n" + NETWORK.format(nat="none") +
                    "components:\n  db: {type: database, engine: postgres, instance_class: db.t3.micro}\n" + ENVS)
    assert main(["cost", str(path), "--compare", "dev", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert near(out["components"]["db"]["difference"], -(730 * 0.018 + 20 * 0.115), 0.02)
    assert main(["cost", str(path), "--env", "dev"]) == 0
    table = capsys.readouterr().out
    assert "--env dev" in table and "RDS db.t3.micro postgres Single-AZ" in table and "assumptions:" in table
    assert main(["cost", str(path), "--compare", "dev"]) == 0
    assert "difference" in capsys.readouterr().out


def test_the_cli_prices_other_regions_and_refuses_an_unpriced_one(tmp_path, capsys):
    path = COST / "two-t3-medium.yaml"
    assert main(["cost", str(path), "--region", "eu-north-1", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["region"] == "eu-north-1" and out["prices_date"] == prices.document()["date"]
    assert main(["cost", str(path), "--region", "ap-south-2"]) == 2
    assert "no prices for ap-south-2" in capsys.readouterr().err


@pytest.mark.parametrize("path", EXAMPLES, ids=example_ids(EXAMPLES))
def test_every_example_is_priced_completely(path):
    arch, ctx, _ = inspection.load(str(path))
    est = estimate(arch, ctx, "us-east-1")
    assert est.total > 0 and est.unpriced() == []


def test_the_refresh_script_reads_price_list_offers():
    import importlib.util
    spec = importlib.util.spec_from_file_location("refresh_prices", ROOT / "scripts" / "refresh_prices.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    offer = {"products": {
        "A": {"productFamily": "Compute Instance", "attributes": {"instanceType": "t3.medium", "operatingSystem": "Linux",
                                                                  "tenancy": "Shared", "preInstalledSw": "NA",
                                                                  "capacitystatus": "Used"}},
        "B": {"productFamily": "Compute Instance", "attributes": {"instanceType": "t3.medium", "operatingSystem": "Windows",
                                                                  "tenancy": "Shared", "preInstalledSw": "NA",
                                                                  "capacitystatus": "Used"}}},
        "terms": {"OnDemand": {
            "A": {"A.1": {"priceDimensions": {"A.1.1": {"unit": "Hrs", "pricePerUnit": {"USD": "0.0500000000"}}}}},
            "B": {"B.1": {"priceDimensions": {"B.1.1": {"unit": "Hrs", "pricePerUnit": {"USD": "0.0600000000"}}}}}}}}
    assert script.hourly_prices(offer, "Compute Instance", script.SOURCES["ec2"][2]) == {"t3.medium": 0.05}
    table = {"date": "old", "regions": {"us-east-1": {"ec2": {"t3.medium": 0.0416}}}}
    changes = script.refresh(table, load=lambda offer_name, region: offer if offer_name == "AmazonEC2" else {})
    assert changes == ["us-east-1 ec2 t3.medium: 0.0416 -> 0.05"] and table["date"] != "old"
