"""AWS Backup (``backup:``): one vault, one role, and per plan a backup plan and its selections.

The vault is encrypted with a customer key (rotated, retained) unless ``vault.encryption: aws`` opts
out, and optionally locked (Vault Lock). Each plan is one ``AWS::Backup::BackupPlan`` with one rule and
one selection naming the concrete ARNs of the components it selects (by name or by tag, resolved at
compile time, so a plan never reaches beyond this architecture); components whose resources come and
go (an instance group's EBS volumes) get a selection of their own that matches the volumes by the
compiler's ``awsarch:architecture`` and ``awsarch:component`` tags. Everything lands in the data stack.
"""
from __future__ import annotations

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, backup, iam

from ...core.context import Context
from ...core.naming import logical_id
from ..kms import add_key
from .checks import customer_key_wanted, selected

LAYER = "data"
VAULT = "BackupVault"
VAULT_KEY = "BackupVaultKey"
ROLE = "BackupRole"
MANAGED = ("service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores")
S3_MANAGED = ("AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore")


def vault_name(ctx: Context) -> str:
    """The vault's name: the architecture's, so that a copy in another region can name it."""
    return f"{ctx.arch.name}-backup"[:50]


def _vault(ctx: Context) -> None:
    spec = ctx.arch.backup.vault
    path = ("backup", "vault")
    vault = backup.BackupVault(VAULT, BackupVaultName=vault_name(ctx), BackupVaultTags=ctx.tag_dict())
    if customer_key_wanted(ctx.arch):
        add_key(ctx, VAULT_KEY, f"{ctx.arch.name}: encrypts the backup vault's recovery points",
                f"alias/{ctx.arch.name}/backup-vault", layer=LAYER, path=path)
        vault.EncryptionKeyArn = GetAtt(VAULT_KEY, "Arn")
    else:
        ctx.suppress(vault, "CKV_AWS_166", "the architecture chose the AWS-managed aws/backup key "
                                           f"(backup.vault.encryption: {spec.encryption or 'aws, by encryption: aws-managed'})")
        ctx.note(f"backup.vault.encryption: {spec.encryption or 'aws (encryption: aws-managed)'} — recovery points use "
                 "the AWS-managed aws/backup key, not a customer key")
    if spec.lock is not None:
        lock = backup.LockConfigurationType(MinRetentionDays=spec.lock.min_retention_days)
        if spec.lock.max_retention_days is not None:
            lock.MaxRetentionDays = spec.lock.max_retention_days
        if spec.lock.changeable_for_days is not None:
            lock.ChangeableForDays = spec.lock.changeable_for_days
            ctx.note(f"backup.vault.lock: compliance mode — after {spec.lock.changeable_for_days} days no one can "
                     "remove the lock or delete a recovery point before its retention ends")
        vault.LockConfiguration = lock
    vault.DeletionPolicy = "Retain"
    vault.UpdateReplacePolicy = "Retain"
    ctx.add(vault, None, layer=LAYER, tags=False, path=path)


def _role(ctx: Context, services: set) -> None:
    managed = list(MANAGED) + (list(S3_MANAGED) if "S3" in services else [])
    ctx.add(iam.Role(
        ROLE, Description=f"{ctx.arch.name}: AWS Backup creates and restores this architecture's recovery points",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "backup.amazonaws.com"), Action=[AssumeRole])]),
        ManagedPolicyArns=[Sub(f"arn:${{AWS::Partition}}:iam::aws:policy/{name}") for name in managed],
    ), None, layer=LAYER, path=("backup",))


def _rule(ctx: Context, name: str, plan) -> backup.BackupRuleResourceType:
    lifecycle = backup.LifecycleResourceType(DeleteAfterDays=plan.retention_days)
    if plan.cold_storage_after_days is not None:
        lifecycle.MoveToColdStorageAfterDays = plan.cold_storage_after_days
    return backup.BackupRuleResourceType(
        RuleName=name, TargetBackupVault=Ref(VAULT), ScheduleExpression=plan.expression,
        StartWindowMinutes=plan.start_window_minutes, CompletionWindowMinutes=plan.completion_window_minutes,
        EnableContinuousBackup=plan.continuous, Lifecycle=lifecycle,
        RecoveryPointTags=ctx.tag_dict(**{"awsarch:backup-plan": name}))


def _selections(ctx: Context, name: str, plan_id: str, scopes: list, path: tuple) -> None:
    arns = [arn for _, scope in scopes for arn in scope.resources]
    role = GetAtt(ROLE, "Arn")
    if arns:
        ctx.add(backup.BackupSelection(logical_id("backup", name, "Selection"), BackupPlanId=Ref(plan_id),
                                       BackupSelection=backup.BackupSelectionResourceType(
                                           IamRoleArn=role, SelectionName=f"{name}"[:50], Resources=arns)),
                None, layer=LAYER, path=path)
    for comp, scope in scopes:
        if scope.tagged is None:
            continue
        tags = [backup.ConditionParameter(ConditionKey=f"aws:ResourceTag/{key}", ConditionValue=value)
                for key, value in (("awsarch:architecture", ctx.arch.name), ("awsarch:component", comp.name))]
        ctx.add(backup.BackupSelection(logical_id("backup", name, comp.name, "Selection"), BackupPlanId=Ref(plan_id),
                                       BackupSelection=backup.BackupSelectionResourceType(
                                           IamRoleArn=role, SelectionName=f"{name}-{comp.name}"[:50],
                                           Resources=[Sub(scope.tagged)], Conditions=backup.Conditions(StringEquals=tags))),
                None, layer=LAYER, path=path)


def generate(ctx: Context) -> None:
    if ctx.arch.backup is None:
        return
    plans = {name: [(c, ctx.kind(c.name).backup_scope(c)) for c in selected(ctx.arch, plan)]
             for name, plan in ctx.arch.backup.plans.items()}
    _vault(ctx)
    _role(ctx, {scope.service for scopes in plans.values() for _, scope in scopes})
    for name, plan in ctx.arch.backup.plans.items():
        path = ("backup", "plans", name)
        plan_id = logical_id("backup", name, "Plan")
        ctx.add(backup.BackupPlan(plan_id, BackupPlan=backup.BackupPlanResourceType(
            BackupPlanName=f"{ctx.arch.name}-{name}"[:50], BackupPlanRule=[_rule(ctx, name, plan)]),
            BackupPlanTags=ctx.tag_dict()), None, layer=LAYER, tags=False, path=path)
        _selections(ctx, name, plan_id, plans[name], path)
        names = ", ".join(f"{c.name} ({scope.service})" for c, scope in plans[name])
        ctx.note(f"backup.plans.{name}: {plan.expression}, kept {plan.retention_days} days — {names}")
