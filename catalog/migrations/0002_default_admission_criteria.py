"""The admission checklist every new desk starts with (managers may change it)."""

from django.db import migrations

CRITERIA = [
    ("owner_group", "An owner group with members", "有成员的负责支持组", "system", "owner_group", 10),
    ("active_item", "At least one active catalog item", "至少一个启用的服务目录项", "system", "active_item", 20),
    ("support_hours", "Support hours stated", "已明确支持时间", "system", "support_hours", 30),
    ("runbook", "Runbook written", "运维手册已编写", "manual", "", 40),
    ("staff_trained", "Service desk staff trained", "服务台人员已培训", "manual", "", 50),
]


def create(apps, schema_editor):
    criterion = apps.get_model("catalog", "AdmissionCriterion")
    for code, label, label_zh, kind, check, order in CRITERIA:
        criterion.objects.get_or_create(
            code=code,
            defaults={"label": label, "label_zh": label_zh, "kind": kind,
                      "system_check": check, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
