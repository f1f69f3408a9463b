"""``user-pool``: a Cognito user pool and an app client for browser and API sign-in.

Secure defaults: a 12-character password policy with every character class,
MFA with authenticator apps offered to every user, verified e-mail/phone,
account recovery through verified channels only, user-existence errors
hidden, token revocation on, deletion protection on and the pool retained
when its stack is deleted (it holds the users). The app client has no
secret (browsers and mobile apps cannot keep one) and allows only SRP
password sign-in and refresh tokens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from awacs import sns as awacs_sns
from awacs.aws import Allow, Condition, PolicyDocument, Principal, Statement, StringEquals
from awacs.cognito_idp import AdminGetUser, ListUsers
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, cognito, iam

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from . import register
from .base import AccessMode, ComponentType

ATTRIBUTE = {"email": "email", "phone": "phone_number"}
RECOVERY = {"email": "verified_email", "phone": "verified_phone_number"}


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


def _sms_role(ctx: Context, comp: UserPool) -> tuple[str, str]:
    """Cognito sends verification texts through SNS with this role (phone sign-in)."""
    role = logical_id(comp.name, "SmsRole")
    external_id = f"{ctx.arch.name}-{comp.name}-sms"
    ctx.add(iam.Role(
        role,
        Description=f"{ctx.arch.name} {comp.name}: Cognito sends SMS verification codes",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", ["cognito-idp.amazonaws.com"]),
            Action=[AssumeRole],
            Condition=Condition(StringEquals({"sts:ExternalId": external_id,
                                              "aws:SourceAccount": Sub("${AWS::AccountId}")})))]),
        Policies=[iam.Policy(PolicyName="send-sms", PolicyDocument=PolicyDocument(
            Version="2012-10-17",
            # SMS to phone numbers has no resource ARN: SNS requires "*" for direct publishing.
            Statement=[Statement(Effect=Allow, Action=[awacs_sns.Publish], Resource=["*"])]))],
    ), comp)
    ctx.suppress(ctx.entries[role].resource, "CKV_AWS_111", "SMS messages go to phone numbers, which have no ARN: "
                 "sns:Publish for them only accepts Resource *; the role is assumable only by Cognito with its external ID")
    return role, external_id


@register
class UserPoolType(ComponentType):
    type_name = "user-pool"
    spec = UserPool
    layer = "data"
    access = {
        "read": AccessMode("cognito-idp:AdminGetUser and cognito-idp:ListUsers on exactly this pool",
                           ("USER_POOL_ID", "CLIENT_ID")),
    }

    def check(self, comp: UserPool, arch):
        path = ("components", comp.name)
        if comp.callback_urls and not comp.domain:
            yield error("E356", "callback_urls need the hosted sign-in domain", path + ("callback_urls",),
                        "add domain: PREFIX (the hosted UI at PREFIX.auth.REGION.amazoncognito.com)")
        if comp.logout_urls and not comp.callback_urls:
            yield error("E356", "logout_urls need callback_urls", path + ("logout_urls",),
                        "add callback_urls: [https://...]")
        if comp.domain and ("aws" in comp.domain or "amazon" in comp.domain or "cognito" in comp.domain):
            yield error("E356", f"the domain prefix '{comp.domain}' may not contain aws, amazon or cognito",
                        path + ("domain",), "Cognito reserves those words; choose another prefix")

    def grant(self, mode, source, target: UserPool, ctx) -> Grant:
        prefix = env_prefix(target.name)
        statement = Statement(Effect=Allow, Action=[AdminGetUser, ListUsers],
                              Resource=[GetAtt(pool_id(target.name), "Arn")])
        return Grant(source.name, target.name, mode, statements=(statement,),
                     env=((f"{prefix}_USER_POOL_ID", Ref(pool_id(target.name))),
                          (f"{prefix}_CLIENT_ID", Ref(client_id(target.name)))))

    def generate(self, comp: UserPool, ctx: Context) -> None:
        verified = [ATTRIBUTE[a] for a in comp.sign_in if a in ATTRIBUTE]
        policy = comp.password
        pool = cognito.UserPool(
            pool_id(comp.name),
            UserPoolName=f"{ctx.arch.name}-{comp.name}",
            UsernameConfiguration=cognito.UsernameConfiguration(CaseSensitive=False),
            Policies=cognito.Policies(PasswordPolicy=cognito.PasswordPolicy(
                MinimumLength=policy.min_length, RequireSymbols=policy.require_symbols,
                RequireNumbers=policy.require_numbers, RequireUppercase=policy.require_uppercase,
                RequireLowercase=policy.require_lowercase,
                TemporaryPasswordValidityDays=policy.temporary_password_days)),
            MfaConfiguration={"off": "OFF", "optional": "OPTIONAL", "required": "ON"}[comp.mfa],
            AdminCreateUserConfig=cognito.AdminCreateUserConfig(AllowAdminCreateUserOnly=not comp.self_sign_up),
            AccountRecoverySetting=cognito.AccountRecoverySetting(RecoveryMechanisms=[
                cognito.RecoveryOption(Name=RECOVERY[a], Priority=i + 1)
                for i, a in enumerate(a for a in comp.sign_in if a in RECOVERY)
            ] or [cognito.RecoveryOption(Name="admin_only", Priority=1)]),
            DeletionProtection="ACTIVE" if comp.deletion_protection else "INACTIVE",
            UserPoolTags=ctx.tag_dict(comp.name),
        )
        if verified:
            pool.AutoVerifiedAttributes = verified
        if "username" in comp.sign_in:
            if verified:
                pool.AliasAttributes = verified
        else:
            pool.UsernameAttributes = verified
        if comp.mfa != "off":
            pool.EnabledMfas = ["SOFTWARE_TOKEN_MFA"]
        if "email" in comp.sign_in:
            pool.EmailConfiguration = cognito.EmailConfiguration(EmailSendingAccount="COGNITO_DEFAULT")
            ctx.note(f"components.{comp.name}: e-mail goes out through Cognito's own sender, limited to "
                     "50 messages a day (Amazon SES lifts the limit)")
            pool.UserAttributeUpdateSettings = cognito.UserAttributeUpdateSettings(
                AttributesRequireVerificationBeforeUpdate=verified)
        elif verified:
            pool.UserAttributeUpdateSettings = cognito.UserAttributeUpdateSettings(
                AttributesRequireVerificationBeforeUpdate=verified)
        if "phone" in comp.sign_in:
            role, external_id = _sms_role(ctx, comp)
            pool.SmsConfiguration = cognito.SmsConfiguration(SnsCallerArn=GetAtt(role, "Arn"), ExternalId=external_id)
        if comp.threat_protection != "off":
            pool.UserPoolTier = "PLUS"
            pool.UserPoolAddOns = cognito.UserPoolAddOns(AdvancedSecurityMode=comp.threat_protection.upper())
            ctx.note(f"components.{comp.name}.threat_protection: {comp.threat_protection} — "
                     "the pool uses the Cognito Plus plan, billed per monthly active user")
        pool.DeletionPolicy = "Retain"
        pool.UpdateReplacePolicy = "Retain"
        ctx.add(pool, comp, tags=False)
        if not comp.deletion_protection:
            ctx.note(f"components.{comp.name}.deletion_protection: false — the user pool can be deleted")
        if comp.mfa == "off":
            ctx.note(f"components.{comp.name}.mfa: off — users sign in with a password only")
        self._client(comp, ctx)
        if comp.domain:
            ctx.add(cognito.UserPoolDomain(logical_id(comp.name, "UserPoolDomain"), Domain=comp.domain,
                                           UserPoolId=Ref(pool)), comp, tags=False)

    def _client(self, comp: UserPool, ctx: Context) -> None:
        tokens = comp.tokens
        client = cognito.UserPoolClient(
            client_id(comp.name),
            UserPoolId=Ref(pool_id(comp.name)),
            ClientName=f"{ctx.arch.name}-{comp.name}",
            GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors="ENABLED",
            EnableTokenRevocation=True,
            AccessTokenValidity=tokens.access_minutes,
            IdTokenValidity=tokens.id_minutes,
            RefreshTokenValidity=tokens.refresh_days,
            TokenValidityUnits=cognito.TokenValidityUnits(AccessToken="minutes", IdToken="minutes",
                                                          RefreshToken="days"),
        )
        if comp.callback_urls:
            client.AllowedOAuthFlowsUserPoolClient = True
            client.AllowedOAuthFlows = ["code"]
            client.AllowedOAuthScopes = ["openid", "email", "profile"]
            client.SupportedIdentityProviders = ["COGNITO"]
            client.CallbackURLs = list(comp.callback_urls)
            if comp.logout_urls:
                client.LogoutURLs = list(comp.logout_urls)
        ctx.add(client, comp, tags=False)
