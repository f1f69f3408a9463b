"""The diagnostic codes of the ``container-service`` type: block 23, E2301 to E2399."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 23
CODES = {
    "E2301": Code("a container service gives both or neither of image and repository",
                  "give image: URI, or repository: NAME of a repository component"),
    "E2302": Code("Fargate has no task size with this cpu and memory",
                  "use a memory value Fargate allows for the cpu (see the hint)"),
    "E2303": Code("instance_type is set on a Fargate service", "remove instance_type, or set launch: ec2"),
    "E2304": Code("Fargate Spot is asked for arm64 tasks, which it does not run",
                  "remove fargate_spot, or set architecture: x86_64"),
    "E2305": Code("fargate_spot is set on an EC2 service", "remove fargate_spot, or set launch: fargate"),
    "E2306": Code("platform_version is set on an EC2 service", "remove platform_version, or set launch: fargate"),
    "E2307": Code("the EC2 instance type's architecture differs from the service's architecture",
                  "set architecture to match, or pick another instance type"),
    "E2308": Code("a container service is placed in a public tier, where its tasks get no public IP",
                  "place it in a private tier"),
    "E2309": Code("an image from a public registry runs in a tier with no route to the internet",
                  "push it to a repository component, or give the tier a NAT gateway"),
    "E2310": Code("tracing needs the X-Ray daemon image from public.ecr.aws, and the tier has no route out",
                  "give the tier a NAT gateway, or turn tracing off"),
    "E2311": Code("queue scaling gives only one of queue and messages_per_task",
                  "give both: scaling: {queue: NAME, messages_per_task: 10}"),
    "E2312": Code("request_count_target is set and no load balancer routes to the service",
                  "route a load balancer to the service, or scale on cpu_target"),
    "E2313": Code("scaling names no target to track",
                  "add cpu_target, memory_target, request_count_target or queue + messages_per_task"),
    "E2314": Code("scaling is set and capacity min equals max, so there is no room to scale",
                  "raise capacity.max, or remove scaling"),
}
