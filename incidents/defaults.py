"""Reference data every desk starts with; used by the data migration and by seed_demo."""

RESOLUTION_CODES = [
    ("fixed", "Fixed", "已修复", 10),
    ("workaround", "Workaround", "临时解决", 20),
    ("no_fault_found", "No fault found", "未发现故障", 30),
    ("duplicate", "Duplicate", "重复工单", 40),
    ("user_guidance", "User guidance", "用户指导", 50),
    ("not_reproducible", "Not reproducible", "无法复现", 60),
]


def ensure_resolution_codes(model) -> None:
    """`model` is ResolutionCode (or its historical version inside a migration)."""
    for code, label, label_zh, order in RESOLUTION_CODES:
        model.objects.get_or_create(
            code=code, defaults={"label": label, "label_zh": label_zh, "order": order}
        )
