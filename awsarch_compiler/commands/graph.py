"""``awsarch-compile graph ARCH.yaml [--env NAME] [--format mermaid|dot|svg|png] [--azs] [-o FILE]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import inspection
from ..graph import dot, mermaid
from ..graph.model import diagram
from ..graph.render import FORMATS, NoGraphviz, draw

NAME = "graph"
SUMMARY = "the architecture diagram (Mermaid, DOT, SVG, PNG)"
PROG = f"awsarch-compile {NAME}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Draw the architecture diagram of an architecture file.",
                                epilog="Exit codes: 0 drawn, 1 invalid file, 2 usage error (or no Graphviz for svg/png).")
    p.add_argument("arch", metavar="ARCH.yaml")
    p.add_argument("--env", metavar="NAME", help="draw the named environment overlay")
    p.add_argument("--format", choices=("mermaid", "dot") + FORMATS, default="mermaid",
                   help="mermaid (default; GitHub renders it), dot, or svg/png through Graphviz")
    p.add_argument("--azs", action="store_true", help="name each tier's subnet per Availability Zone")
    p.add_argument("-o", "--out", metavar="FILE", help="write to FILE (default: standard output; svg/png need it "
                                                        "unless piped)")
    return p


def text_of(arch, fmt: str, azs: bool = False) -> str:
    shape = diagram(arch, azs)
    return mermaid.render(shape) if fmt == "mermaid" else dot.render(shape)


def main(argv=None) -> int:
    args = parser().parse_args(argv)

    def body() -> int:
        arch, _, _ = inspection.load(args.arch, args.env)
        if args.format in FORMATS:
            try:
                data = draw(text_of(arch, "dot", args.azs), args.format)
            except NoGraphviz as exc:
                print(f"{PROG}: error: {exc}", file=sys.stderr)
                return inspection.EXIT_USAGE
        else:
            data = text_of(arch, args.format, args.azs).encode("utf-8")
        if args.out:
            Path(args.out).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return inspection.EXIT_OK

    return inspection.run(PROG, body)
