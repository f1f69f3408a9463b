"""The ``user-pool`` model and the logical IDs other types name it by (API authorizers)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from troposphere import Sub

from ...core.model import Component
from ...core.naming import logical_id

TYPE_NAME = "user-pool"


@dataclass(frozen=True, kw_only=True)
class PasswordPolicy:
    min_length: int = 12
    require_symbols: bool = True
    require_numbers: bool = True
    require_uppercase: bool = True
    require_lowercase: bool = True
    temporary_password_days: int = 3


@dataclass(frozen=True, kw_only=True)
class TokenValidity:
    access_minutes: int = 60
    id_minutes: int = 60
    refresh_days: int = 30


@dataclass(frozen=True, kw_only=True)
class UserPool(Component):
    sign_in: tuple[str, ...] = ("email",)
    mfa: str = "optional"
    password: PasswordPolicy = field(default_factory=PasswordPolicy)
    self_sign_up: bool = False
    threat_protection: str = "off"
    deletion_protection: bool = True
    tokens: TokenValidity = field(default_factory=TokenValidity)
    domain: Optional[str] = None
    callback_urls: tuple[str, ...] = ()
    logout_urls: tuple[str, ...] = ()


def pool_id(name: str) -> str:
    return logical_id(name, "UserPool")


def client_id(name: str) -> str:
    return logical_id(name, "UserPoolClient")


def issuer(name: str):
    """The OIDC issuer URL of the pool's tokens (JWT authorizers check it)."""
    return Sub(f"https://cognito-idp.${{AWS::Region}}.amazonaws.com/${{{pool_id(name)}}}")
