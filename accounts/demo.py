"""Demo organisation: users per role, support groups, customer units (idempotent).

The logins the README lists open in English, except one per role below admin that opens in
简体中文 (requester3, netops, manager2), so either language is one sign-in away. Ten more
colleagues raise the month's tickets (the same password; the README's table names them).
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import CustomerUnit, SupportGroup, User
from accounts.roles import Role

CUSTOMER_UNITS = [
    ("HQ", "集团总部 Headquarters"),
    ("FIN", "财务部 Finance"),
    ("HR", "人力资源部 Human Resources"),
    ("SALES", "销售部 Sales"),
    ("PLANT", "生产基地 Plant"),
]

# username, display name, role, customer unit, language, phone
USERS = [
    ("admin", "系统管理员 Admin", Role.ADMIN, "HQ", "en", "13800000001"),
    ("manager", "王经理 Wang Li", Role.MANAGER, "HQ", "en", "13800000002"),
    ("manager2", "周经理 Zhou Min", Role.MANAGER, "HQ", "zh-hans", "13800000006"),
    ("agent", "张工 Zhang Wei", Role.AGENT, "HQ", "en", "13800000003"),
    ("agent2", "李工 Li Na", Role.AGENT, "HQ", "en", "13800000004"),
    ("netops", "陈工 Chen Gang", Role.AGENT, "HQ", "zh-hans", "13800000005"),
    ("requester", "刘芳 Liu Fang", Role.REQUESTER, "FIN", "en", "13912345678"),
    ("requester2", "Emily Zhou", Role.REQUESTER, "SALES", "en", "021-63211234"),
    ("requester3", "赵强 Zhao Qiang", Role.REQUESTER, "PLANT", "zh-hans", "13722223333"),
    # Colleagues who raise the demo month's tickets.
    ("chenjing", "陈静 Chen Jing", Role.REQUESTER, "FIN", "zh-hans", "13911110001"),
    ("sunyan", "孙燕 Sun Yan", Role.REQUESTER, "FIN", "zh-hans", "13911110002"),
    ("huangwei", "黄伟 Huang Wei", Role.REQUESTER, "SALES", "zh-hans", "13911110003"),
    ("david.li", "David Li", Role.REQUESTER, "SALES", "en", "13911110004"),
    ("zhoujie", "周杰 Zhou Jie", Role.REQUESTER, "HR", "zh-hans", "13911110005"),
    ("linxia", "林霞 Lin Xia", Role.REQUESTER, "HR", "zh-hans", "13911110006"),
    ("gaofeng", "高峰 Gao Feng", Role.REQUESTER, "PLANT", "zh-hans", "13911110007"),
    ("majun", "马骏 Ma Jun", Role.REQUESTER, "PLANT", "zh-hans", "13911110008"),
    ("xuli", "徐丽 Xu Li", Role.REQUESTER, "HQ", "zh-hans", "13911110009"),
    ("tom.wu", "Tom Wu", Role.REQUESTER, "HQ", "en", "13911110010"),
]

# code, name, email, manager, members
GROUPS = [
    ("SD", "一线服务台 Service Desk", "servicedesk@example.com", "manager", ["agent", "agent2"]),
    ("DESKTOP", "桌面支持 Desktop Support", "desktop@example.com", "manager", ["agent2"]),
    ("NETWORK", "网络运维 Network Operations", "network@example.com", "manager", ["netops"]),
    ("APPS", "应用支持 Application Support", "apps@example.com", "manager", ["agent"]),
]


def seed(stdout=None) -> None:
    units = {}
    for code, name in CUSTOMER_UNITS:
        units[code], _ = CustomerUnit.objects.update_or_create(code=code, defaults={"name": name})
    users = {}
    hashed = None
    for username, display_name, role, unit, language, phone in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.display_name = display_name
        user.role = role
        user.customer_unit = units[unit]
        user.language = language
        user.phone = phone
        user.email = user.email or f"{username}@example.com"
        user.is_active = True
        if created:  # hashed once: the slow hash is the seed's longest step otherwise
            hashed = hashed or make_password(settings.DEMO_PASSWORD)
            user.password = hashed
        user.save()
        users[username] = user
    for code, name, email, manager, members in GROUPS:
        group, _ = SupportGroup.objects.update_or_create(
            code=code, defaults={"name": name, "email": email, "manager": users[manager]}
        )
        group.members.set([users[m] for m in members])
    if stdout:
        stdout.write(f"accounts: {len(USERS)} users, {len(GROUPS)} groups, {len(units)} units")
