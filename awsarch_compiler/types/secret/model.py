"""The ``secret`` model and its logical ID."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from ...core.model import Component, empty
from ...core.naming import logical_id

TYPE_NAME = "secret"


@dataclass(frozen=True, kw_only=True)
class Generate:
    length: int = 32
    exclude_punctuation: bool = False
    exclude_characters: Optional[str] = None
    include_space: bool = False
    require_each_included_type: bool = True
    key: Optional[str] = None
    template: Mapping[str, str] = empty()


@dataclass(frozen=True, kw_only=True)
class Rotation:
    function: str
    days: int = 30


@dataclass(frozen=True, kw_only=True)
class Secret(Component):
    generate: Optional[Generate] = None
    encryption: str = "aws"
    rotation: Optional[Rotation] = None


def secret_id(name: str) -> str:
    return logical_id(name, "Secret")
