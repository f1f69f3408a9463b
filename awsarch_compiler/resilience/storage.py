"""The secondary's storage stack (``<secondary>/storage/``, deployed first) and backup & restore's backups.

The storage stack holds what the primary's stacks name in the secondary and S3 or AWS Backup needs to
exist first: the replicas of replicated buckets (each type makes its own, ``ComponentType.recover`` with
the ``storage`` role) and, for backup & restore, the vault the primary copies every recovery point to.
Names are deterministic (``<name>-recovery``, ``<name>-<component>-<account>-<region>``), so the primary
names their ARNs without a parameter. Backup & restore: a vault in each region, each encrypted with a
customer key of its region, and an hourly plan in the primary with the copy to the secondary's vault,
selecting every data store that follows.
"""
from __future__ import annotations

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, backup, iam

from ..core.context import Context
from ..core.model import Architecture
from ..core.recovery import RegionPlan
from ..platform.kms import add_key
from . import strategies

LAYER = "data"
VAULT = "RecoveryVault"
PATH = ("disaster_recovery", "strategy")
MANAGED_POLICIES = ("service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores")


def vault_name(arch_name: str) -> str:
    return f"{arch_name}-recovery"


def _vault(ctx: Context, name: str, region_text: str) -> None:
    add_key(ctx, VAULT + "Key", f"{name}: encrypts the backup vault in {region_text}", f"alias/{name}/backups",
            layer=LAYER, path=PATH)
    resource = ctx.add(backup.BackupVault(VAULT, BackupVaultName=name, EncryptionKeyArn=GetAtt(VAULT + "Key", "Arn"),
                                          BackupVaultTags=ctx.tag_dict()), None, layer=LAYER, tags=False, path=PATH)
    resource.DeletionPolicy = "Retain"
    resource.UpdateReplacePolicy = "Retain"


def generate(arch: Architecture, plan: RegionPlan) -> Context:
    """The secondary's storage stack (``arch`` carries the storage stack's name; ``plan`` the storage role)."""
    ctx = Context(arch=arch, registry=dict(arch.kinds), recovery=plan)
    if plan.strategy == "backup-restore":
        _vault(ctx, vault_name(plan.name), plan.secondary)
    for comp in arch.components.values():
        if plan.dr.follows(comp.name):
            arch.kind(comp.name).recover(comp, ctx, plan)
    return ctx


def plan_backups(ctx: Context, plan: RegionPlan, resources: list) -> None:
    """The primary's vault, hourly plan with the cross-region copy, its role and the selection of ``resources``."""
    name = ctx.arch.name
    _vault(ctx, vault_name(name), "the primary region")
    target = Sub(f"arn:${{AWS::Partition}}:backup:{plan.secondary}:${{AWS::AccountId}}:backup-vault:{vault_name(name)}")
    ctx.add(backup.BackupPlan("RecoveryBackupPlan", BackupPlan=backup.BackupPlanResourceType(
        BackupPlanName=f"{name}-recovery", BackupPlanRule=[backup.BackupRuleResourceType(
            RuleName="hourly-copy-to-secondary", TargetBackupVault=Ref(VAULT),
            ScheduleExpression=strategies.BACKUP_SCHEDULE, StartWindowMinutes=60, CompletionWindowMinutes=180,
            Lifecycle=backup.LifecycleResourceType(DeleteAfterDays=35),
            CopyActions=[backup.CopyActionResourceType(DestinationBackupVaultArn=target, Lifecycle=backup.LifecycleResourceType(
                DeleteAfterDays=35))])]), BackupPlanTags=ctx.tag_dict()), None, layer=LAYER, tags=False, path=PATH)
    ctx.add(iam.Role("RecoveryBackupRole", AssumeRolePolicyDocument=PolicyDocument(
        Version="2012-10-17", Statement=[Statement(Effect=Allow, Principal=Principal("Service", "backup.amazonaws.com"),
                                                   Action=[AssumeRole])]),
        ManagedPolicyArns=[Sub(f"arn:${{AWS::Partition}}:iam::aws:policy/{p}") for p in MANAGED_POLICIES]),
        None, layer=LAYER, path=PATH)
    ctx.add(backup.BackupSelection("RecoveryBackupSelection", BackupPlanId=Ref("RecoveryBackupPlan"),
                                   BackupSelection=backup.BackupSelectionResourceType(
                                       SelectionName="data-stores", IamRoleArn=GetAtt("RecoveryBackupRole", "Arn"),
                                       Resources=resources)), None, layer=LAYER, tags=False, path=PATH)
    ctx.note(f"disaster_recovery: hourly backups of {len(resources)} data store(s), each copied to the "
             f"{vault_name(name)} vault in {plan.secondary}")
