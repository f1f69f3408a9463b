"""The catalogue of diagnostic codes: what each one means and what to do about it.

Every :class:`~.diagnostics.Diagnostic` carries a code, and every code means
exactly one thing, raised from exactly one place in the source:

- **Three digits belong to a pipeline stage** (:data:`STAGES`): E1xx load
  (the file and the ``--env`` overlay), E2xx schema validation, E3xx
  architecture-wide checks (references, names, placement, the network plan,
  monitoring, connections), E4xx generation, E5xx stack assembly and quotas,
  E6xx lint, E7xx write, E8xx the review's suppressions. A W-code is a
  warning, numbered the same way. (Review findings carry their rule ID,
  ``WA-REL-003``, as their code; ``docs/review-rules.md`` lists the rules.)
- **Four digits belong to a component type**: ``E<block><nn>``, where
  ``<block>`` is the two-digit number the type's package declares in its own
  ``codes.py`` (``BLOCK = 11``, so the queue's codes are E1101, E1102, ...),
  beside that package's ``CODES``. A code raised inside ``types/<pkg>/`` is
  in that type's block; a check shared by several types (a reference to
  another component, a capacity range) lives in a stage module and keeps its
  three-digit stage code.

This module holds the stage codes; :mod:`awsarch_compiler.catalogue` joins
them with every registered type's codes, checks the blocks and numbering,
and ``python -m awsarch_compiler.docs`` writes the reference in
``docs/errors.md`` from it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One diagnostic code's entry in the catalogue."""

    meaning: str  # one line: what is wrong
    fix: str  # one line: what to do about it


@dataclass(frozen=True)
class Stage:
    """A pipeline stage that owns the three-digit codes of one hundred (``digit`` 1 -> E1xx, W1xx)."""

    name: str  # the owner name catalogue.owner() gives its codes
    title: str  # what the stage does, in a few words
    modules: tuple  # the modules (dotted, under awsarch_compiler) that raise the stage's codes


STAGES = {
    1: Stage("load", "reading the file (safe YAML, one mapping) and the --env overlay", ("core.loader", "pipeline")),
    2: Stage("validate", "the JSON Schema: keys, types, enums, forms and ranges", ("schema.validate",)),
    3: Stage("check", "architecture-wide checks: references, names, placement, network plan, monitoring",
             ("core.semantics", "core.references", "platform.network.plan", "platform.monitoring.checks",
              "platform.connections", "core.inputs", "platform.backup.checks", "platform.encryption",
              "platform.waf", "platform.ingress", "schema.parameters")),
    4: Stage("generate", "generating the CloudFormation resources",
             ("core.context", "core.regions", "core.codepaths", "core.parameters")),
    5: Stage("assemble", "nested stacks, cross-stack wiring, overrides and CloudFormation's quotas",
             ("core.stacks", "core.split", "core.cycles", "core.overrides")),
    6: Stage("lint", "running cfn-lint over the compiled templates", ("core.lint",)),
    7: Stage("write", "writing the output folder", ("core.output",)),
    8: Stage("review", "the Well-Architected review's suppressions (its findings carry their rule IDs)",
             ("review.run",)),
    9: Stage("resilience", "Route 53 routing and health checks, and the multi-region disaster-recovery strategies",
             ("platform.dns_checks", "resilience.checks", "resilience.plan")),
}

CODES = {
    # -- load -------------------------------------------------------------------------------------------------
    "E100": Code("the file is not valid YAML (or indents with a tab)",
                 "fix the YAML at the reported line; indent with spaces only"),
    "E101": Code("the file is not valid UTF-8", "save the file as UTF-8"),
    "E102": Code("the file is larger than the 2 MiB limit", "keep the architecture to what it describes; split it"),
    "E103": Code("a mapping has the same key twice", "remove one of the two entries"),
    "E104": Code("a mapping key is not a plain string (a list, a mapping or null)", "write the key as a plain string"),
    "E105": Code("a YAML tag (!Ref, !!python/...) is used; the DSL is plain YAML",
                 "remove the tag; CloudFormation intrinsics go in overrides as {Ref: Name}"),
    "E106": Code("YAML aliases expand the document past the node limit",
                 "remove the recursive or repeated aliases (&anchor / *alias)"),
    "E107": Code("the document nests deeper than the depth limit", "flatten the structure"),
    "E108": Code("the file is empty or holds only comments", "start with 'awsarch: 1' and a 'name:'"),
    "E109": Code("the file cannot be read (missing, a folder, no permission)",
                 "check the path and the file's permissions"),
    "E110": Code("--env names an environment the file does not define",
                 "use one of the names under environments:, or add that environment"),
    "E111": Code("a merge key (<<) names something other than a mapping", "merge a mapping, such as <<: *defaults"),
    "E112": Code("the file holds more than one YAML document", "remove the '---' separators; one file, one document"),
    "E113": Code("the top level is not a mapping", "start with 'awsarch: 1' and a 'name:'"),
    "E114": Code("a number is not finite (.nan, .inf), which no template can hold", "write a finite number"),
    "E115": Code("a number is larger than 2**53, more than any field takes", "write a number within the field's range"),
    "E116": Code("--region names a region the compiler and cfn-lint do not know",
                 "use a region such as us-east-1 (see the did-you-mean)"),
    # -- validate ---------------------------------------------------------------------------------------------
    "E200": Code("the value breaks a schema rule that has no code of its own", "follow the hint, or see the schema"),
    "E201": Code("an unknown key", "fix its spelling (see the did-you-mean) or remove it"),
    "E202": Code("a required key is missing", "add the key the message names"),
    "E203": Code("a value has the wrong JSON type", "write the type the message names (quote numbers meant as text)"),
    "E204": Code("a value is not one of the allowed choices", "use one of the values the message lists"),
    "E205": Code("a value or a name does not have the required form",
                 "follow the form the hint gives (names: lower-case letters, digits, hyphens)"),
    "E206": Code("a number is outside its allowed range", "use a number within the range the message names"),
    "E207": Code("a list or mapping has too few or too many entries", "add or remove entries to fit the limit"),
    "E208": Code("a list holds the same item twice", "remove the repeated item"),
    "E209": Code("a value matches none of the forms the field allows", "write one of the forms the field's hint shows"),
    "E210": Code("two keys are given where only one of them may be", "keep one of the two keys"),
    "E211": Code("none of the keys one of which must be given is there", "give exactly one of the keys named"),
    "E212": Code("a text is longer than allowed", "shorten it to the length the message names"),
    "E213": Code("the file has more schema errors than are reported at once", "fix those shown and compile again"),
    # -- check ------------------------------------------------------------------------------------------------
    "E301": Code("a reference names no component", "fix the name (see the did-you-mean) or add the component"),
    "E302": Code("a reference names a component of a type that cannot serve there",
                 "point it at a component of one of the types the message names"),
    "E303": Code("two component names map to the same logical IDs", "rename one of them"),
    "E304": Code("a component uses itself", "remove it from its own uses"),
    "E305": Code("uses asks a target for an access mode its type does not offer",
                 "use one of the target type's access modes"),
    "E306": Code("subnets is set on a component that is not placed in a VPC", "remove subnets"),
    "E307": Code("a component runs in a VPC and the file has no network", "add a network: section"),
    "E308": Code("subnets names a tier that network.subnets does not define", "use one of the tiers, or add it"),
    "E309": Code("no tier fits the component's placement", "add a tier of the kind the message names"),
    "E310": Code("a CIDR is not a valid IPv4 network (or has host bits set)", "write a network address, such as 10.0.0.0/16"),
    "E311": Code("a subnet is smaller than /28", "use a /28 or larger block"),
    "E312": Code("two subnets overlap", "give every subnet its own block of the VPC CIDR"),
    "E313": Code("a tier lists a different number of CIDRs than there are availability zones",
                 "give one CIDR per availability zone, or use size: N"),
    "E314": Code("a subnet CIDR lies outside the VPC CIDR", "choose a block inside the VPC CIDR"),
    "E315": Code("a subnet size is larger than the VPC", "use a size number at least the VPC's prefix length"),
    "E316": Code("the VPC CIDR has no free block left for a tier", "use smaller subnets or a larger VPC CIDR"),
    "E317": Code("a stateful component is placed in a public tier", "place it in an isolated or private tier"),
    "E318": Code("a DNS record is not inside the zone", "name records in the zone, or change dns.zone"),
    "E319": Code("a DNS record points at a component that cannot take a public alias",
                 "point it at an internet-facing component"),
    "E320": Code("an alarm names a metric the component's type does not have", "use one of the type's metric names"),
    "E321": Code("alarms or a budget are set and monitoring.notify is empty", "add notify: [you@example.com]"),
    "E322": Code("a component outside the VPC uses a target it would reach on a network port",
                 "place the component in the VPC (a function: vpc: true)"),
    "E323": Code("a component in a tier with no route out calls AWS APIs that have no VPC endpoint",
                 "add the endpoints the message lists under network.endpoints"),
    "E324": Code("the VPC CIDR is not a /16 to /28", "use a prefix length from 16 to 28"),
    "E325": Code("two alarms watch the same metric of the same component", "keep one alarm per component and metric"),
    "E326": Code("the budget would notify more e-mail addresses than AWS Budgets allows",
                 "use a mailing-list address for the rest"),
    "E327": Code("uses connects to a component that has no port", "add port: to the component connected to"),
    "E328": Code("capacity min is above max", "make min at most max"),
    "E329": Code("capacity desired is outside min..max", "choose desired between min and max, or leave it out"),
    "E330": Code("an environment variable is also set by uses", "rename the variable, or use the value from uses"),
    "E350": Code("a waf allow_ips or block_ips entry is not a network CIDR",
                 "write the network address and prefix length, such as 203.0.113.0/24"),
    "E351": Code("a waf IP set entry is a /0, which WAF IP sets do not take",
                 "use default_action: block with allow_ips, or remove the entry"),
    "E352": Code("waf default_action: block is set without allow_ips, which blocks every request",
                 "add allow_ips, or use default_action: allow"),
    "E331": Code("a tag key or value holds a character AWS does not accept in tags",
                 "use letters, digits, spaces and _ . : / = + - @"),
    "E332": Code("a resource would carry more than AWS's 50 tags (the file's, the component's and the compiler's own)",
                 "remove tags until the file's and the component's together fit"),
    "E333": Code("the description is longer than a template's 1,024-byte Description", "shorten it"),
    "E334": Code("scaling is set with capacity min equal to max, so there is nothing to scale between",
                 "raise capacity max above min, or remove scaling"),
    "E365": Code("an ingress cidr is not a network address (or has host bits set)",
                 "write a network such as 203.0.113.0/24, or one address as 198.51.100.7/32"),
    "E366": Code("an ingress rule admits the whole internet (0.0.0.0/0 or ::/0)",
                 "name the networks that need access, or serve the public through an internet-facing load balancer"),
    "E367": Code("an IPv6 rule is declared and the VPC has no IPv6", "turn on network.ipv6, or use an IPv4 range"),
    "E368": Code("a component names itself as an ingress source", "remove the rule"),
    "E369": Code("an ingress rule names as its source a component without a security group",
                 "name a component in the VPC"),
    "E370": Code("an ingress port is outside 1-65535 or a range falls", "write a port such as 22 or a range such as 8000-8100"),
    "E371": Code("an ingress rule names a prefix list and network_acls is strict, which admits CIDRs only",
                 "list the prefix list's CIDRs as cidr: rules, or turn network_acls off"),
    "E380": Code("a backup plan selects nothing: no components, or tags no protectable component carries",
                 "list components: [...] or tags: {KEY: VALUE} that the components to protect carry"),
    "E382": Code("a backup plan names a component AWS Backup cannot protect as it is configured (an unversioned bucket)",
                 "follow the hint (versioned: true), or leave the component out of the plan"),
    "E383": Code("a backup plan's schedule is not hourly, daily, weekly, monthly or a valid cron()",
                 "write one of the shorthands or cron(0 5 ? * * *) (six fields, UTC)"),
    "E384": Code("a backup plan deletes recovery points less than 90 days after moving them to cold storage",
                 "raise retention_days to cold_storage_after_days + 90, or remove cold storage"),
    "E385": Code("a continuous backup plan keeps more than 35 days or has cold storage",
                 "keep continuous plans to 35 days without cold storage; add a second plan for long-term copies"),
    "E386": Code("a backup plan's retention lies outside the vault lock's limits", "change retention_days or the lock"),
    "E387": Code("the vault lock's max_retention_days is below its min_retention_days", "swap or correct the limits"),
    "E388": Code("a backup plan's completion window is not longer than its start window",
                 "raise completion_window_minutes above start_window_minutes"),
    "E389": Code("a customer-managed key is asked for and the architecture uses AWS-managed keys only",
                 "remove encryption: kms there, or the top-level encryption: aws-managed"),
    "E345": Code("a {param: NAME} value names no parameter under parameters:",
                 "declare the parameter, or fix the name (the hint has the nearest one)"),
    "E346": Code("a parameter's own values disagree: its default is not allowed, or a value is not of its type",
                 "make the default one of the allowed values, and every value of the declared type"),
    "E347": Code("a parameter used by a component has no default and no allowed values to check it with",
                 "give the parameter a default or allowed values"),
    "E348": Code("a parameter's default or allowed value is not a value the field using it accepts",
                 "allow only values the field takes"),
    "E349": Code("{param: NAME} in a field that cannot take a parameter",
                 "write the value itself; the hint lists the type's fields that take parameters"),
    # -- generate ---------------------------------------------------------------------------------------------
    "E401": Code("two generated resources would have the same logical ID",
                 "rename one of the components so that their PascalCase names differ"),
    "E402": Code("a component needs a resource type the target region does not offer (AWS Budgets outside its regions)",
                 "choose another region, or remove what needs the resource type"),
    "W407": Code("a parameter under parameters: is used by no component field (left out of the root template)",
                 "use it as {param: NAME} in a field that takes one, or remove it"),
    "E408": Code("a parameter under parameters: has the name of a root parameter the compiler generates",
                 "rename the parameter"),
    "E409": Code("a field that takes a parameter was not passed into the template as written (a compiler defect "
                 "guarded against)", "write the value itself in that field"),
    "W403": Code("a local code path does not exist beside the architecture file (aws cloudformation package will fail)",
                 "create the folder or .zip, or fix the path: it is relative to the architecture file's folder"),
    "E404": Code("a local code path with --template-url-base, whose unpackaged templates CloudFormation would reject",
                 "write code: s3://BUCKET/KEY.zip, or deploy through aws cloudformation package without the flag"),
    "E405": Code("a local code path is inside the output folder, which every compile replaces",
                 "keep the code beside the architecture file, outside the output folder"),
    "E406": Code("a local code path is on another drive than the output folder (no relative path names it)",
                 "put the output folder on the same drive as the code"),
    # -- assemble ---------------------------------------------------------------------------------------------
    "E501": Code("the nested stacks would depend on each other in a cycle",
                 "move a component to another stack with stack:, or remove the reference that closes the loop"),
    "E502": Code("a template exceeds a CloudFormation quota (resources, parameters, outputs, bytes)",
                 "move components to another nested stack with stack: NAME, or split the architecture"),
    "W502": Code("a template uses 80 % or more of a CloudFormation quota",
                 "plan a stack: NAME split before the quota is reached"),
    "W507": Code("the root template is larger than the 51,200 bytes CloudFormation accepts inline",
                 "deploy it through S3: aws cloudformation deploy --s3-bucket BUCKET, or create-stack --template-url"),
    "E507": Code("a layer's stack passes a CloudFormation quota and cannot be split: its components refer to each "
                 "other within the layer", "pin some of them to another stack with stack: NAME, or split the architecture"),
    "E503": Code("a generated resource fails troposphere's validation as it is rendered (a compiler defect)",
                 "report the defect with the architecture file; the message names the resource"),
    "E504": Code("a template references a resource no stack defines (a compiler defect)",
                 "report the defect with the architecture file"),
    "E505": Code("overrides names a logical ID no generated resource has", "use a logical ID from the compiled templates"),
    "E506": Code("resources of one template need each other first, a cycle CloudFormation cannot create "
                 "(two functions that invoke each other)", "remove one direction of the uses entries the message names"),
    "W503": Code("an override weakens a secure default (open CIDR, public access, encryption off, wildcard IAM)",
                 "make sure it is meant; express it in the DSL where a field offers it"),
    # -- lint -------------------------------------------------------------------------------------------------
    "E601": Code("cfn-lint reports an error in a compiled template",
                 "report the compiler defect; overrides can patch the resource meanwhile"),
    "W601": Code("cfn-lint reports a warning in a compiled template",
                 "report it if the architecture is valid; overrides can patch the resource meanwhile"),
    # -- write ------------------------------------------------------------------------------------------------
    "E701": Code("the output path exists and is not a folder", "choose another path with -o"),
    "E702": Code("the output folder holds files awsarch-compile did not write", "choose an empty or new folder with -o"),
    "E703": Code("the output folder cannot be written", "check the folder's permissions and free space"),
    # -- review -----------------------------------------------------------------------------------------------
    "E801": Code("review.suppress names a rule that does not exist", "use a rule ID from docs/review-rules.md"),
    "E802": Code("a review suppression gives no reason", 'write why the rule does not apply: WA-REL-003: "..."'),
    "W801": Code("a review suppression matches no finding", "remove it, unless another environment needs it"),
    # -- resilience: Route 53 -----------------------------------------------------------------------------------
    "E901": Code("a record names a health check that dns.health_checks does not define",
                 "fix the name (see the did-you-mean) or define the health check"),
    "E902": Code("a health check names a component with no public entry point",
                 "check an internet-facing load balancer, an API or a static site, or give url:"),
    "E903": Code("a health check gives both or neither of component and url", "give exactly one of them"),
    "E904": Code("a record set is not exactly one of an alias (target) and values",
                 "write target: COMPONENT, or type: and values: [...]"),
    "E905": Code("the record sets of one name mix routing policies, or several have none",
                 "give every record set of the name the same routing policy"),
    "E906": Code("failover records of a name are not one primary and one secondary",
                 "mark one failover: primary and the other failover: secondary"),
    "E907": Code("a failover primary or multi-value answer has no health check and cannot report its health",
                 "add health_check: NAME, or alias a load balancer or API"),
    "E908": Code("two record sets of one name have the same set identifier", "give each its own set_id"),
    "E909": Code("a record value does not fit its type (an A value that is not an IPv4 address, an MX without "
                 "a priority)", "write the value in the type's form"),
    "E910": Code("a CNAME record is at the zone apex", "use an alias or A/AAAA records at the apex"),
    "E911": Code("a private hosted zone is asked for and the file has no network", "add network:, or remove private"),
    "E912": Code("a health check has an alarm and monitoring.notify is empty", "add monitoring.notify addresses"),
    "E913": Code("a health check has an alarm and the architecture deploys outside us-east-1, where Route 53 "
                 "publishes its metrics", "deploy in us-east-1, or remove the alarm"),
    "E914": Code("a latency record names a region that does not exist", "name the region its target runs in"),
    "E915": Code("zone_id names an existing zone and create_zone or private asks to create one",
                 "keep one of the two"),
    "E916": Code("a TCP health check has a path or search_string", "remove them, or check over HTTP or HTTPS"),
    "E917": Code("evaluate_target_health is set on an alias to a component that cannot report its health",
                 "attach a health_check: instead"),
    "E918": Code("a record set gives values and no type", "add type: A, AAAA, CNAME, TXT, MX, CAA, NS or SRV"),
    "E919": Code("a tcp:// health-check URL names no port", "write tcp://HOST:PORT"),
    "E921": Code("a health check names a component that does not exist", "fix the name (see the did-you-mean)"),
    "E922": Code("a CNAME record has other records beside it under its name, or several values",
                 "keep the CNAME alone with one value, or use A/AAAA records"),
    # -- resilience: disaster recovery --------------------------------------------------------------------------
    "E930": Code("the secondary region is the primary region", "choose another region for disaster_recovery.secondary"),
    "E931": Code("the strategy cannot recover within the declared rto_minutes",
                 "use the strategy the hint names, or raise rto_minutes"),
    "E932": Code("a data store may lose more data under the strategy than the declared rpo_minutes",
                 "use the strategy the hint names (or replication time control), or raise rpo_minutes"),
    "E933": Code("a component's type cannot follow into another region",
                 "mark it single_region: true under disaster_recovery.components, with the reason"),
    "E934": Code("disaster_recovery.components names no component", "fix the name (see the did-you-mean)"),
    "E935": Code("a secondary capacity is set on a component that has no capacity",
                 "set capacity on an instance group or container service only"),
    "E936": Code("a component stays in the primary region and has a secondary capacity", "remove one of the two"),
    "E937": Code("a multi-region architecture would create its hosted zone in one region's stacks",
                 "create the zone once and give dns.zone_id"),
    "E939": Code("a component that follows into the secondary names a certificate of the primary region",
                 "request a certificate in the secondary and give disaster_recovery.components.NAME.certificate"),
    "W938": Code("a component that follows into the secondary uses one that stays in the primary region",
                 "mark the user single_region too, or let the used component follow"),
    "E920": Code("type or ttl is set on an alias record, which takes its target's", "remove it, or give values"),
}
