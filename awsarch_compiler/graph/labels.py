"""How each component type looks: its shape, and the one line of detail under its name."""
from __future__ import annotations

# type -> neutral shape name (mermaid.py and dot.py map these to their own syntax)
SHAPES = {
    "load-balancer": "hexagon", "api": "hexagon", "static-site": "cloud",
    "instance-group": "box", "container-service": "box", "function": "rounded",
    "database": "cylinder", "cache": "cylinder", "table": "cylinder", "bucket": "cylinder", "file-system": "cylinder",
    "queue": "queue", "topic": "queue", "stream": "queue",
    "secret": "key", "user-pool": "key", "repository": "folder", "pipeline": "pipeline",
}
KIND_LABELS = {"forward": "forwards", "origin": "", "route": "", "trigger": "triggers", "deliver": "delivers",
               "dead-letter": "failures", "rotate": "rotates", "image": "pulls image", "scale": "scales on",
               "auth": "authorises with", "replicate": "replicates to", "inventory": "inventory to"}


def _capacity(comp) -> str:
    cap = getattr(comp, "capacity", None)
    if cap is None:
        return ""
    return f" ×{cap.min}" if cap.min == cap.max else f" ×{cap.min}–{cap.max}"


def _database(comp) -> str:
    size = "serverless" if comp.serverless else (comp.instance_class or "")
    return f"{comp.engine} {size}{' Multi-AZ' if comp.multi_az else ''}".replace("  ", " ").strip()


DETAILS = {
    "load-balancer": lambda c: f"{'NLB' if c.kind == 'network' else 'ALB'} {c.scheme} "
                               + " ".join(f":{l.port}" for l in c.listeners),
    "instance-group": lambda c: f"EC2 {c.instance_type}{_capacity(c)}",
    "container-service": lambda c: (f"ECS {c.launch} {c.cpu / 1024:g} vCPU{_capacity(c)}"),
    "function": lambda c: f"Lambda {c.runtime} {c.memory} MB",
    "database": _database,
    "cache": lambda c: f"{c.engine} {c.node_type} ×{c.nodes}",
    "table": lambda c: f"DynamoDB {c.billing}",
    "bucket": lambda c: "S3",
    "queue": lambda c: f"SQS{' FIFO' if c.fifo else ''}{' + DLQ' if c.dead_letter else ''}",
    "topic": lambda c: "SNS",
    "stream": lambda c: f"Kinesis {c.mode}",
    "static-site": lambda c: f"CloudFront + S3{' + WAF' if c.waf else ''}",
    "api": lambda c: f"API Gateway {c.protocol.upper()}",
    "secret": lambda c: f"Secrets Manager{' rotated' if c.rotation else ''}",
    "user-pool": lambda c: "Cognito",
    "repository": lambda c: "ECR",
    "file-system": lambda c: "EFS",
}


def detail(comp) -> str:
    """The line under the component's name: what it is and how big (``EC2 t3.medium ×2–4``)."""
    make = DETAILS.get(comp.type)
    try:
        return make(comp) if make else comp.type
    except AttributeError:  # a type whose model changed: fall back to its name
        return comp.type


def shape(comp) -> str:
    return SHAPES.get(comp.type, "box")
