"""Load balancers, CloudFront, API Gateway, WAF and Cognito."""
from __future__ import annotations

from .lines import Job

SECONDS = 3600
ALB_CONNECTIONS_PER_LCU = 25  # new connections per second in one LCU
NLB_CONNECTIONS_PER_LCU = 800


def load_balancer(job: Job) -> None:
    network = job.props.get("Type") == "network"
    kind = "nlb" if network else "alb"
    hours = job.hours
    job.add(f"{'NLB' if network else 'ALB'} hours", hours, "LB-hours", job.prices.get(kind, "hour"))
    gb = job.value("transfer_gb", 10, "GB processed")
    requests = job.value("requests_per_month", 1_000_000, "requests, each a new connection")
    per_lcu = NLB_CONNECTIONS_PER_LCU if network else ALB_CONNECTIONS_PER_LCU
    lcu = max(gb / hours if hours else 0.0, requests / (hours * SECONDS) / per_lcu if hours else 0.0)
    job.add(f"{'NLCU' if network else 'LCU'} ({lcu:.3f} average)", lcu * hours, "LCU-hours", job.prices.get(kind, "lcu_hour"))
    if job.props.get("Scheme", "internet-facing") == "internet-facing":
        azs = len(job.props.get("Subnets", [])) or 2
        job.add(f"public IPv4 addresses x{azs}", azs * hours, "address-hours", job.prices.get("public_ipv4", "hour"))


def distribution(job: Job) -> None:
    gb = job.value("transfer_gb", 10, "GB served to viewers")
    requests = job.value("requests_per_month", 1_000_000, "viewer requests")
    job.add("CloudFront data transfer out", gb, "GB", job.prices.get("cloudfront", "transfer_gb"))
    job.add("CloudFront HTTPS requests", requests / 10_000, "10k requests", job.prices.get("cloudfront", "per_10k_https_requests"))


def http_api(job: Job) -> None:
    if job.props.get("ProtocolType", "HTTP") != "HTTP":
        return
    requests = job.value("requests_per_month", 1_000_000, "API requests")
    job.add("API Gateway HTTP API requests", requests / 1e6, "million requests", job.prices.get("apigateway", "http_per_million"))


def rest_api(job: Job) -> None:
    requests = job.value("requests_per_month", 1_000_000, "API requests")
    job.add("API Gateway REST API requests", requests / 1e6, "million requests", job.prices.get("apigateway", "rest_per_million"))


def web_acl(job: Job) -> None:
    rules = len(job.props.get("Rules", []))
    requests = job.value("requests_per_month", 1_000_000, "requests inspected")
    job.add("WAF web ACL", 1, "ACL-months", job.prices.get("waf", "web_acl_month"))
    job.add(f"WAF rules x{rules}", rules, "rule-months", job.prices.get("waf", "rule_month"))
    job.add("WAF requests", requests / 1e6, "million requests", job.prices.get("waf", "per_million_requests"))


def user_pool(job: Job) -> None:
    job.add(f"Cognito user pool (first {job.prices.get('cognito', 'mau_free'):,.0f} monthly active users free)",
            1, "pools", 0.0)


HANDLERS = {
    "AWS::ElasticLoadBalancingV2::LoadBalancer": load_balancer,
    "AWS::CloudFront::Distribution": distribution,
    "AWS::ApiGatewayV2::Api": http_api,
    "AWS::ApiGateway::RestApi": rest_api,
    "AWS::WAFv2::WebACL": web_acl,
    "AWS::Cognito::UserPool": user_pool,
}
