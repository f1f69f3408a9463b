"""Well-Architected review of an architecture: rules over the model and its edges.

Each rule (:class:`~.rules.Rule`) has an ID such as ``WA-REL-003``, a pillar,
a severity, a rationale and a fix; one module per pillar holds its rules
(:mod:`.operations`, :mod:`.security`, :mod:`.reliability`,
:mod:`.performance`, :mod:`.spending`, :mod:`.sustainability`).
:func:`~.run.review` runs them all, applies the suppressions written in the
file (``review: {suppress: {RULE: reason}}`` on a component or at the top
level) and returns the findings as diagnostics whose code is the rule ID:
warnings for ``compile`` and ``review``, errors with ``--strict``.
``docs/review-rules.md`` is generated from the rules (:mod:`.docs`).
"""
