"""``monitoring.budget``: a monthly AWS Budgets cost budget with e-mail alerts."""
from __future__ import annotations

from troposphere import budgets

from ...core.context import Context
from .alarms import number
from .ids import BUDGET, LAYER


def budget(ctx: Context) -> None:
    mon = ctx.arch.monitoring
    budget = mon.budget
    ctx.add(budgets.Budget(
        BUDGET,
        Budget=budgets.BudgetData(BudgetType="COST", TimeUnit="MONTHLY",
                                  BudgetLimit=budgets.Spend(Amount=number(budget.monthly_usd), Unit="USD")),
        NotificationsWithSubscribers=[budgets.NotificationWithSubscribers(
            Notification=budgets.Notification(ComparisonOperator="GREATER_THAN", NotificationType="ACTUAL",
                                              Threshold=budget.alert_at_percent, ThresholdType="PERCENTAGE"),
            Subscribers=[budgets.Subscriber(SubscriptionType="EMAIL", Address=a) for a in mon.notify])],
        ResourceTags=[budgets.ResourceTag(Key=k, Value=v) for k, v in ctx.tag_dict().items()],
    ), None, layer=LAYER, tags=False, path=("monitoring", "budget"))
