"""The architecture diagram, drawn from the same file: Mermaid, Graphviz DOT, SVG and PNG.

:func:`~.model.diagram` turns the checked model into a neutral
:class:`~.model.Diagram`: the internet and its DNS names, the VPC with one
cluster per tier (its CIDRs per AZ with ``azs``), the regional services
outside it, components as labelled shapes by type, and every reference
between them as a labelled edge (``uses`` with its mode and port, routes,
triggers, deliveries, ...). :mod:`.mermaid` and :mod:`.dot` write it as
text; :mod:`.render` has Graphviz's ``dot`` draw SVG or PNG.
"""
