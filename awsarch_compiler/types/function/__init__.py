"""``function``: a Lambda function, its role, log group and triggers.

Triggers are generic over event sources: each entry of ``triggers`` names a
component by its type's key (``queue:``, ``bucket:``, ``topic:``, ...) or is
a ``schedule``. The source type contributes the trigger's schema branch
(its ``trigger.json``), its model (``trigger_spec``), its checks and the
resources on its side; services that invoke the function through its
resource policy (bucket events, topic messages) get one Lambda permission
each, scoped to their source ARN.
"""
from __future__ import annotations

from troposphere import elasticloadbalancingv2 as elb

from ...core.model import Edge, build
from .. import trigger_fragment
from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from . import deploy
from .model import TYPE_NAME, Function, ScheduleTrigger, function_arn, invoke_arn


class FunctionType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Function
    summary = "Lambda function, role, log group, optional VPC placement, triggers (any event-source type, or a schedule)"
    layer = "compute"
    uses_others = True
    event_target = True
    sns_protocol = "lambda"
    access = MODES
    metrics = METRICS
    api_endpoint = "lambda"
    deploy_strategies = deploy.STRATEGIES
    forward_target = True  # an application load balancer's route (a lambda target group)

    def build(self, data: dict, name: str, kinds: dict) -> Function:
        specs = {k.trigger_spec.key: k.trigger_spec for k in kinds.values() if k.trigger_spec}
        specs["schedule"] = ScheduleTrigger
        triggers = tuple(build(next(specs[key] for key in specs if key in t), t) for t in data.get("triggers", ()))
        return build(Function, data, name=name, triggers=triggers)

    def edges(self, fn: Function):
        for i, trigger in enumerate(fn.triggers):
            if trigger.source is not None:
                yield Edge("trigger", trigger.source, fn.name, ("components", fn.name, "triggers", i), trigger)
        if fn.dead_letter:
            yield Edge("dead-letter", fn.name, fn.dead_letter, ("components", fn.name, "dead_letter"))

    def extend_schema(self, definition: dict, registry: dict) -> dict:
        items = definition["properties"]["triggers"]["items"]
        sources = [trigger_fragment(kind) for _, kind in sorted(registry.items())]
        items["oneOf"] = [branch for branch in sources if branch] + items["oneOf"]
        return definition

    def needs_vpc(self, comp: Function) -> bool:
        return bool(getattr(comp, "vpc", False))

    def target_type(self, comp: Function) -> str:
        return "lambda"

    def port(self, comp):
        return None

    def target_registrations(self, comp: Function, port, ctx):
        permission = resources.load_balancer_permission(comp, ctx)
        return [elb.TargetDescription(Id=invoke_arn(comp.name, ctx.arch))], [permission]

    def traced(self, comp: Function, arch) -> bool:
        return arch.monitoring.tracing

    def delivery_arn(self, comp: Function, arch=None):
        return invoke_arn(comp.name, arch) if arch is not None else function_arn(comp.name)

    def check(self, fn: Function, arch):
        return checks.check(fn, arch)

    def grant(self, mode, source, target: Function, ctx):
        return grant_for(mode, source, target, ctx.arch)

    def deploy_problem(self, fn: Function, entry, arch):
        return deploy.problem(fn)

    def deploy_actions(self, fn: Function, entry, ctx, pipeline, artifact):
        return deploy.actions(fn, entry, ctx, pipeline, artifact)

    def generate(self, fn: Function, ctx) -> None:
        resources.generate(fn, ctx)


TYPE = FunctionType()
