"""What every component type provides, and the hooks through which types meet.

One :class:`ComponentType` subclass per DSL type lives in its own package
under ``types/`` (the registry finds it there). A type knows its model
(``spec``, in the package's leaf ``model`` module), its layer (the nested
stack it lands in), where it is placed, the port others connect to, the
access modes it offers as a ``uses`` target (and exactly what each grants),
its alarm metrics, its own semantic checks, and how it expands to
CloudFormation resources (``generate``, SAM's ``to_cloudformation``).

A type never imports another type's generator. Where two types meet, the
shared code or the other type asks through a hook declared here:

- as a ``uses`` target: ``access``, ``grant``, ``port``, ``api_endpoint``;
- as a load-balancer target: ``target_type``, ``health_check``, ``ports``, ``target_registrations``
  (the load balancer declares ``forward`` edges whose detail is a :class:`Forward`);
- as a DNS alias target: ``dns_target``, ``alias_target``, ``alias_problem``;
- as a CloudFront origin: ``origin_target``, ``cloudfront_origin``;
- as an event source that triggers a function: ``trigger_access``,
  ``trigger_checks``, ``trigger_resources``, ``trigger_statements``; a trigger's schema branch is the
  package's ``trigger.json``;
- as a sender through a resource policy: ``delivery`` (who calls, with which
  source ARN), and as the receiver: ``delivery_arn``, ``delivery_problem``,
  ``event_target_options``, ``send_access``;
- as a pipeline's deploy target: ``deploy_strategies``, ``deploy_problem``, ``deploy_actions``,
  ``deploy_pulls`` (its hosts fetch the revision from the artifact store themselves); a pipeline
  declares ``deploy`` edges whose detail is its deploy entry, which the target reads to prepare
  itself (an agent, an alias, a deployment controller);
- as a grantor of access nobody wrote in ``uses``: ``implied_grants`` (a pipeline lets the hosts
  it deploys to read its artifacts);
- as something an AWS Backup plan protects: ``DataProtection`` (``types/protection.py``);
- facts: ``stateful``, ``in_vpc``/``needs_vpc``, ``traced``, ``public_ports``.

Each type also declares its block of diagnostic codes (``code_block``) and
their catalogue entries (``codes``), both from the package's ``codes.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from ..core.context import Context, Grant
from ..core.diagnostics import Diagnostic
from ..core.model import Architecture, Component, Edge, HealthCheck, build
from .protection import DataProtection
from .recovery import MultiRegion


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


@dataclass(frozen=True)
class Forward:
    """The detail of a ``forward`` edge: how the target registers with the load balancer."""

    target_group: str  # logical ID of the target group the target registers in
    routing: tuple  # logical IDs of the listeners and rules that forward there (registration waits for them)
    load_balancer: str  # logical ID of the load balancer (request-count scaling labels)
    application: bool  # an application load balancer: per-target request counts exist
    port: Optional[int] = None  # the target port the group forwards to (None: the target's own port)


@dataclass(frozen=True)
class Delivery:
    """A service that sends to a target through the target's resource policy."""

    service: str  # the service principal, such as events.amazonaws.com
    source_arn: Any  # what aws:SourceArn must equal
    sid: str  # the policy statement's Sid


@dataclass(frozen=True)
class DeployAction:
    """One action of a pipeline's deploy stage for a target, as the target's type describes it."""

    name: str  # the action's name, unique in its stage
    provider: str  # a CodePipeline deploy provider (S3, ECS, CodeDeploy, CodeDeployToECS), or "commands"
    configuration: Any = None  # the action's Configuration (CloudFormation values allowed)
    statements: tuple = ()  # what the pipeline's role needs for it (for "commands": the project's role)
    commands: tuple = ()  # "commands": shell commands a CodeBuild project of the pipeline runs
    environment: tuple = ()  # "commands": (NAME, value) environment values of that project
    timeout_minutes: int = 60  # "commands": how long the project's build may run


def uses_endpoints(component: Component, arch: Architecture) -> tuple[str, ...]:
    """Endpoints the component's ``uses`` targets are called through (a database's secret: secretsmanager)."""
    found = (arch.kind(t).api_endpoint for t in component.uses if t in arch.components)
    return tuple(dict.fromkeys(e for e in found if e))


class ComponentType(DataProtection, MultiRegion):
    type_name: str = ""
    spec: type = Component
    summary: str = ""  # what it becomes, one line (the README's type table)
    layer: str = "compute"
    in_vpc: bool = False  # needs the network (and has a security group)
    uses_others: bool = False  # has credentials or a network identity, so it may declare ``uses``
    stateful: bool = False  # holds data: never in a public tier
    egress: str = "all"  # security-group egress: all | none
    access: dict = {}  # mode -> AccessMode when used as a ``uses`` target
    metrics: dict = {}  # friendly metric name -> Metric
    api_endpoint: Optional[str] = None  # the AWS API its users call it through (a network.endpoints name)
    dns_target: bool = False  # can be the target of a dns.records alias
    target_health: bool = False  # as an alias target, Route 53 can evaluate its health (EvaluateTargetHealth)
    forward_target: bool = False  # a load balancer can forward to it (it has a target_type and a port)
    origin_target: bool = False  # can serve a static-site route
    trigger_spec: Optional[type] = None  # its Trigger subclass when it can trigger a function (trigger.json)
    trigger_access: Optional[str] = None  # the access mode a function it triggers needs on it (queue: consume)
    event_target: bool = False  # can receive deliveries (bucket events, topic messages)
    sns_protocol: Optional[str] = None  # the protocol a topic subscribes it with (sqs, lambda)
    send_access: Optional[str] = None  # the access mode that sends to it (a function's dead_letter)
    deploy_strategies: tuple = ()  # how a pipeline can deploy it (the first is the default); () = it cannot
    deploy_pulls: bool = False  # its hosts fetch a deployed revision from the pipeline's artifact store
    # Its diagnostic codes (the package's codes.py): every code raised inside the type's package is
    # E<block><nn> with the two-digit block below, and has its Code (meaning, fix) in ``codes``.
    parameter_fields: tuple = ()  # fields passed into one template property as written: may be {param: NAME}
    code_block: Optional[int] = None  # the package's BLOCK (bucket 10, queue 11, ...); None: raises no codes
    codes: dict = {}  # its CODES: "E1101" -> Code, in awsarch_compiler.catalogue and docs/errors.md

    # -- model ------------------------------------------------------------------
    def build(self, data: dict, name: str, kinds: dict) -> Component:
        """The component's model object from validated, defaulted data (``kinds``: the registry)."""
        return build(self.spec, data, name=name)

    def finish(self, component: Component, arch: Architecture) -> Component:
        """The component once the whole architecture is known: secure defaults that depend on other
        parts of the file (a load balancer's certificate from the dns records that name it)."""
        return component

    def edges(self, component: Component) -> Iterable[Edge]:
        """The references this component declares besides ``uses`` (routes, triggers, subscriptions)."""
        return ()

    def extend_schema(self, definition: dict, registry: dict) -> dict:
        """The type's schema definition, completed from other types where it depends on them."""
        return definition

    # -- placement and network ---------------------------------------------------
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

    def ports(self, component: Component) -> tuple[int, ...]:
        """Every TCP port the component serves on (a load-balancer route may pick one); the first is
        ``port``."""
        port = self.port(component)
        extra = tuple(getattr(component, "ports", ()) or ())
        return tuple(dict.fromkeys(((port,) if port is not None else ()) + extra))

    def public_ports(self, component: Component) -> tuple[int, ...]:
        """TCP ports the internet reaches this component on (network ACLs open them)."""
        return ()

    def aws_services(self, component: Component, arch: Architecture) -> tuple[str, ...]:
        """The AWS API endpoints (``network.endpoints`` names) the component calls from its subnets."""
        return uses_endpoints(component, arch)

    # -- as a load-balancer target --------------------------------------------------
    def target_type(self, component: Component) -> Optional[str]:
        """A target group's TargetType for this component (instance | ip | lambda); None: not routable."""
        return None

    def health_check(self, component: Component) -> HealthCheck:
        return getattr(component, "health_check", None) or HealthCheck()

    def target_registrations(self, component: Component, port: int, ctx: Context) -> tuple[list, list]:
        """(TargetDescriptions, DependsOn IDs) a target group lists for this target itself; ([], [])
        when the target registers on its own (an Auto Scaling group, an ECS service)."""
        return [], []

    # -- monitoring --------------------------------------------------------------------
    def metric_names(self, component: Component) -> tuple[str, ...]:
        """The friendly metric names that exist for this component (a queue without a DLQ has no dlq_depth)."""
        return tuple(self.metrics)

    def metric(self, component: Component, name: str) -> Metric:
        """The Metric behind friendly name ``name`` (a key of ``metrics``) for this component."""
        return self.metrics[name]

    def traced(self, component: Component, arch: Architecture) -> bool:
        """Whether the component sends AWS X-Ray traces when ``monitoring.tracing`` is on."""
        return False

    # -- checks, grants, resources -----------------------------------------------------
    def check(self, component: Component, arch: Architecture) -> Iterable[Diagnostic]:
        return ()

    def grant(self, mode: str, source: Component, target: Component, ctx: Context) -> Grant:
        raise NotImplementedError(f"{self.type_name} offers no access modes")

    def generate(self, component: Component, ctx: Context) -> None:
        raise NotImplementedError

    # -- as a DNS alias or CloudFront origin -------------------------------------------
    def alias_target(self, component: Component, ctx: Context):
        """(DNS name, hosted zone ID, supports IPv6) for a Route 53 alias record."""
        raise NotImplementedError(f"a {self.type_name} cannot be a DNS record target")

    def alias_problem(self, component: Component) -> Optional[str]:
        """Why a public DNS record cannot point at this component, or None."""
        return None

    def health_endpoint(self, component: Component, ctx: Context):
        """(host name, protocol HTTP|HTTPS, port) a Route 53 health check of this component requests."""
        raise NotImplementedError(f"a {self.type_name} has no public entry point to health-check")

    def cloudfront_origin(self, component: Component, ctx: Context):
        """(origin domain name, origin path, origin protocol policy) for static-site ``routes``."""
        raise NotImplementedError(f"a {self.type_name} cannot be a static-site route target")

    def web_acl_settings(self, component: Component):
        """The component's ``waf:`` settings (a :class:`~..core.waf.Waf`) when it has a web ACL, else None."""
        return None

    def origin_headers(self, component: Component, ctx: Context) -> list:
        """(name, value) of the headers CloudFront adds to its requests to this origin (a secret the
        origin checks, so that only the distribution reaches it)."""
        return []

    # -- as an event source that triggers a function -----------------------------------
    def trigger_checks(self, source: Component, function: Component, trigger: Any, arch: Architecture,
                       path: tuple) -> Iterable[Diagnostic]:
        """What this source's trigger of ``function`` (declared at ``path``) must satisfy."""
        return ()

    def trigger_resources(self, source: Component, function: Component, trigger: Any, ctx: Context,
                          function_id: str, path: tuple) -> None:
        """Resources the trigger needs on this source's side (an event source mapping, a subscription)."""

    def trigger_statements(self, source: Component, function: Component, trigger: Any, ctx: Context) -> list:
        """IAM statements the triggered function's role needs for this trigger: by default the
        ``trigger_access`` grant on the source, unless the function already ``uses`` it so."""
        mode = self.trigger_access
        if not mode or function.uses.get(source.name) == mode:
            return []
        return list(self.grant(mode, function, source, ctx).statements)

    # -- deliveries through resource policies --------------------------------------------
    def delivery(self, source: Component, edge: Edge) -> Optional[Delivery]:
        """Who delivers along ``edge`` (a ``deliver`` or ``trigger`` edge from this source), or None
        when the target pulls instead (a queue polled by its function)."""
        return None

    def delivery_arn(self, component: Component, arch: Optional[Architecture] = None):
        """The ARN a service delivers to (a queue, topic or function), for rules and subscriptions; with
        ``arch``, what that architecture makes of it (a function a pipeline shifts traffic on: its alias)."""
        raise NotImplementedError(f"a {self.type_name} cannot receive deliveries")

    def delivery_problem(self, component: Component, service: str) -> Optional[tuple[str, str, str]]:
        """(code, message, hint) when ``service`` cannot deliver to this component, else None."""
        return None

    def event_target_options(self, component: Component, source: str) -> dict:
        """Extra properties of an EventBridge rule target that delivers here (FIFO message groups)."""
        return {}

    # -- as a pipeline's deploy target -----------------------------------------------------
    def deploy_problem(self, component: Component, deploy: Any, arch: Architecture) -> Optional[tuple[str, str]]:
        """(message, hint) when ``deploy`` (a pipeline's deploy entry, strategy resolved) cannot work
        on this component as it is (blue/green without a load balancer), else None."""
        return None

    def deploy_actions(self, component: Component, deploy: Any, ctx: Context, pipeline: Component,
                       artifact: str) -> list[DeployAction]:
        """The deploy stage's actions for this target, from the build output named ``artifact``. Resources
        that exist for the deployment (a CodeDeploy application and group) are added owned by ``pipeline``."""
        raise NotImplementedError(f"a pipeline cannot deploy a {self.type_name}")

    def implied_grants(self, component: Component, ctx: Context) -> Iterable[Grant]:
        """Grants this component gives others without a ``uses`` line (resolved with the ``uses`` grants)."""
        return ()
