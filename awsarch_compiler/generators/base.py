"""What every component type provides. One subclass per DSL type, registered by name.

A component type knows its model dataclass (``spec``), its layer (the nested
stack it lands in), its default tier, the traffic port others connect to,
the access modes it offers as a ``uses`` target (and exactly what each
grants), its alarm metrics, its own semantic checks, and how it expands to
CloudFormation resources (``generate``, SAM's ``to_cloudformation``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..core.context import Context, Grant
from ..core.diagnostics import Diagnostic
from ..core.model import Architecture, Component


@dataclass(frozen=True)
class Metric:
    """A friendly alarm metric: ``cpu`` -> AWS/EC2 CPUUtilization, Average, > threshold."""

    namespace: str
    name: str
    dimensions: Callable  # (component, ctx) -> dict of dimension name -> value
    statistic: str = "Average"  # or an extended statistic such as p95
    comparison: str = "GreaterThanOrEqualToThreshold"
    unit_scale: float = 1.0  # DSL threshold x scale = CloudWatch threshold (GiB -> bytes)
    period: int = 60
    description: str = ""


@dataclass(frozen=True)
class AccessMode:
    """A ``uses`` mode offered by a target type, documented in the README table."""

    description: str  # what it grants, in one line
    env: tuple = ()  # the environment value suffixes it yields, such as ("HOST", "PORT")


# The AWS API a ``uses`` target is reached through, as a ``network.endpoints`` name. KMS-encrypted
# targets need no kms endpoint: S3, SQS, SNS, DynamoDB and Secrets Manager call KMS themselves.
USES_ENDPOINTS = {"bucket": "s3", "database": "secretsmanager", "function": "lambda", "queue": "sqs",
                  "secret": "secretsmanager", "table": "dynamodb", "topic": "sns"}


def uses_endpoints(component: Component, arch: Architecture) -> tuple[str, ...]:
    """Endpoints the component's ``uses`` targets are called through (a database's secret: secretsmanager)."""
    found = (USES_ENDPOINTS.get(arch.components[t].type) for t in component.uses if t in arch.components)
    return tuple(dict.fromkeys(e for e in found if e))


class ComponentType:
    type_name: str = ""
    spec: type = Component
    layer: str = "compute"
    in_vpc: bool = False  # needs the network (and has a security group)
    access: dict = {}  # mode -> AccessMode when used as a ``uses`` target
    metrics: dict = {}  # friendly metric name -> Metric
    egress: str = "all"  # security-group egress: all | none

    def default_tiers(self, component: Component) -> tuple[str, ...]:
        """Tier kinds to place the component in, first match wins; () = not in a VPC."""
        return ("private", "isolated") if self.needs_vpc(component) else ()

    def needs_vpc(self, component: Component) -> bool:
        return self.in_vpc

    def has_security_group(self, component: Component) -> bool:
        return self.needs_vpc(component)

    def port(self, component: Component) -> Optional[int]:
        """The TCP port ``uses: connect`` opens on this component's security group."""
        return getattr(component, "port", None)

    def target_type(self, component: Component) -> str:
        """A load balancer target group's TargetType for this component: instance | ip | lambda."""
        return "instance"

    def aws_services(self, component: Component, arch: Architecture) -> tuple[str, ...]:
        """The AWS API endpoints (``network.endpoints`` names) the component calls from its subnets."""
        return uses_endpoints(component, arch)

    def metric_names(self, component: Component) -> tuple[str, ...]:
        """The friendly metric names that exist for this component (a queue without a DLQ has no dlq_depth)."""
        return tuple(self.metrics)

    def metric(self, component: Component, name: str) -> Metric:
        """The Metric behind friendly name ``name`` (a key of ``metrics``) for this component."""
        return self.metrics[name]

    def check(self, component: Component, arch: Architecture) -> Iterable[Diagnostic]:
        return ()

    def grant(self, mode: str, source: Component, target: Component, ctx: Context) -> Grant:
        raise NotImplementedError(f"{self.type_name} offers no access modes")

    def generate(self, component: Component, ctx: Context) -> None:
        raise NotImplementedError


    def alias_target(self, component: Component, ctx: Context):
        """(DNS name, hosted zone ID, supports IPv6) for a Route 53 alias record."""
        raise NotImplementedError(f"a {self.type_name} cannot be a DNS record target")

    def cloudfront_origin(self, component: Component, ctx: Context):
        """(origin domain name, origin path, origin protocol policy) for static-site ``routes``."""
        raise NotImplementedError(f"a {self.type_name} cannot be a static-site route target")
