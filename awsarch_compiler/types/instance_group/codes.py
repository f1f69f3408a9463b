"""The diagnostic codes of the ``instance-group`` type: block 22, E2201 to E2299."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 22
CODES = {
    "E2201": Code("scaling names no target, policy or schedule", "add cpu_target: 60, or remove scaling"),
    "E2202": Code("request_count_target is set and no application load balancer routes to the group",
                  "route an application load balancer to the group, or scale on cpu_target"),
    "E2203": Code("an Arm (Graviton) instance type is combined with an x86_64 image",
                  "use an -arm64 image, or an x86_64 instance type"),
    "E2204": Code("an arm64 image is combined with an instance type that is not Graviton",
                  "use a Graviton type such as t4g.small"),
    "E2205": Code("user_data contains a line marker the compiler's boot script uses", "rename that word in the script"),
    "E2206": Code("an Ubuntu image mounts file systems, which needs the Amazon Linux EFS helper", "use image: al2023"),
    "E2270": Code("a scaling policy has no alarm: neither above nor below (or both)",
                  "give the policy above: N (scale out) or below: N (scale in)"),
    "E2271": Code("a scaling policy has no action, more than one, or one that goes the wrong way",
                  "above takes add: N or steps; below takes remove: N or steps"),
    "E2272": Code("a scaling policy watches a metric the group does not have", "use one of the group's metrics"),
    "E2273": Code("a scheduled action's sizes are outside its capacity range (min above max, desired outside)",
                  "make min <= desired <= max, with the group's capacity for the ones left out"),
    "E2274": Code("a scheduled action's cron is not a valid five-field Unix cron", "write MIN HOUR DOM MONTH DOW, such as 0 8 * * 1-5"),
    "E2275": Code("two scheduled actions have the same name", "give each action its own name"),
}
