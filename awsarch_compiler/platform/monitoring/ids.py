"""Logical IDs of the monitoring stack's shared resources (types alarm to the topic by this ID)."""
from __future__ import annotations

from ...core.naming import logical_id

LAYER = "monitoring"
TOPIC = "MonitoringAlarmTopic"
TOPIC_KEY = "MonitoringAlarmTopicKey"
BUDGET = "MonitoringBudget"
DASHBOARD = "MonitoringDashboard"


def alarm_id(component: str, metric: str) -> str:
    return logical_id(component, metric, "Alarm")
