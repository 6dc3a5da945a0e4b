"""The admission checklist every desk starts with; used by the data migration and seed_demo."""

CRITERIA = [
    (
        "owner_group",
        "An owner group with members",
        "有成员的负责支持组",
        "system",
        "owner_group",
        10,
    ),
    (
        "active_item",
        "At least one active catalog item",
        "至少一个启用的服务目录项",
        "system",
        "active_item",
        20,
    ),
    ("support_hours", "Support hours stated", "已明确支持时间", "system", "support_hours", 30),
    ("runbook", "Runbook written", "运维手册已编写", "manual", "", 40),
    ("staff_trained", "Service desk staff trained", "服务台人员已培训", "manual", "", 50),
]


def ensure_admission_criteria(model) -> None:
    """`model` is AdmissionCriterion (or its historical version inside a migration)."""
    for code, label, label_zh, kind, check, order in CRITERIA:
        model.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "label_zh": label_zh,
                "kind": kind,
                "system_check": check,
                "order": order,
            },
        )
