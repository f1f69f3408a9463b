"""The Cognito user pool, app client, optional hosted domain and SMS role of a ``user-pool``."""
from __future__ import annotations

from awacs import sns as awacs_sns
from awacs.aws import (
    Allow,
    Condition,
    PolicyDocument,
    Principal,
    Statement,
    StringEquals,
)
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, cognito, iam

from ...core.context import Context
from ...core.naming import logical_id
from .model import UserPool, client_id, pool_id

ATTRIBUTE = {"email": "email", "phone": "phone_number"}
RECOVERY = {"email": "verified_email", "phone": "verified_phone_number"}


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


def generate(comp: UserPool, ctx: Context) -> None:
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
    _client(comp, ctx)
    if comp.domain:
        ctx.add(cognito.UserPoolDomain(logical_id(comp.name, "UserPoolDomain"), Domain=comp.domain,
                                       UserPoolId=Ref(pool)), comp, tags=False)


def _client(comp: UserPool, ctx: Context) -> None:
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
