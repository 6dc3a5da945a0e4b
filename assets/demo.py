"""Demo CMDB: two buildings, a data-centre room, offices, a few dozen items with relations."""

import zlib

from accounts.models import CustomerUnit, User
from assets.models import Asset, AssetCategory, AssetRelation, AssetStatus, Building, Room

BUILDINGS = [
    ("01", "1号办公楼 Office Building 1"),
    ("02", "2号楼 数据中心 Building 2 (data centre)"),
]
ROOMS = [
    ("01", "0210", "财务部办公室 Finance office"),
    ("01", "0305", "销售部办公室 Sales office"),
    ("01", "0101", "前台 Reception"),
    ("02", "0101", "主机房 Server room"),
    ("02", "0102", "网络间 Network room"),
]
CATEGORIES = [
    ("PC", "台式机 Desktop PC"),
    ("NB", "笔记本 Laptop"),
    ("PRN", "打印机 Printer"),
    ("SRV", "服务器 Server"),
    ("NET", "网络设备 Network device"),
    ("PHONE", "IP 电话 IP phone"),
]
# tag, name, category, unit, owner, model, ip
ITEMS = [
    ("D020102-001", "核心交换机 Core switch", "NET", "HQ", None, "Huawei S12700", "10.0.0.1"),
    ("D020102-002", "防火墙 Firewall", "NET", "HQ", None, "Hillstone SG-6000", "10.0.0.2"),
    (
        "D010210-001",
        "财务部接入交换机 Finance access switch",
        "NET",
        "FIN",
        None,
        "H3C S5130",
        "10.1.2.1",
    ),
    (
        "D010305-001",
        "销售部接入交换机 Sales access switch",
        "NET",
        "SALES",
        None,
        "H3C S5130",
        "10.1.3.1",
    ),
    (
        "D020101-001",
        "虚拟化主机 1 Virtualisation host 1",
        "SRV",
        "HQ",
        None,
        "Dell R750",
        "10.0.1.11",
    ),
    (
        "D020101-002",
        "虚拟化主机 2 Virtualisation host 2",
        "SRV",
        "HQ",
        None,
        "Dell R750",
        "10.0.1.12",
    ),
    ("D020101-003", "邮件服务器 Mail server", "SRV", "HQ", None, "VM", "10.0.1.21"),
    ("D020101-004", "ERP 应用服务器 ERP application server", "SRV", "HQ", None, "VM", "10.0.1.22"),
    ("D020101-005", "ERP 数据库 ERP database", "SRV", "HQ", None, "VM", "10.0.1.23"),
    ("D020101-006", "VPN 网关 VPN gateway", "SRV", "HQ", None, "Sangfor SSL VPN", "10.0.1.30"),
    (
        "D010210-002",
        "财务部打印机 Finance printer",
        "PRN",
        "FIN",
        None,
        "HP LaserJet M404",
        "10.1.2.30",
    ),
    (
        "D010210-003",
        "刘芳的台式机 Liu Fang's PC",
        "PC",
        "FIN",
        "requester",
        "Lenovo M70q",
        "10.1.2.101",
    ),
    (
        "D010210-004",
        "刘芳的 IP 电话 Liu Fang's phone",
        "PHONE",
        "FIN",
        "requester",
        "Yealink T54W",
        "",
    ),
    (
        "D010210-005",
        "财务部台式机 Finance PC",
        "PC",
        "FIN",
        "chenjing",
        "Lenovo M70q",
        "10.1.2.102",
    ),
    ("D010210-007", "财务部台式机 Finance PC", "PC", "FIN", "sunyan", "Lenovo M70q", "10.1.2.104"),
    (
        "D010305-002",
        "Emily 的笔记本 Emily's laptop",
        "NB",
        "SALES",
        "requester2",
        "ThinkPad T14",
        "",
    ),
    (
        "D010305-003",
        "销售部打印机 Sales printer",
        "PRN",
        "SALES",
        None,
        "Brother HL-L5100",
        "10.1.3.30",
    ),
    (
        "D010305-004",
        "销售部台式机 Sales PC",
        "PC",
        "SALES",
        "huangwei",
        "Dell OptiPlex 7010",
        "10.1.3.101",
    ),
    ("D010101-001", "前台电脑 Reception PC", "PC", "HQ", "xuli", "Lenovo M70q", "10.1.1.10"),
    ("D010101-002", "前台电话 Reception phone", "PHONE", "HQ", "xuli", "Yealink T54W", ""),
]
RELATIONS = [
    ("D020102-002", "connected_to", "D020102-001"),
    ("D010210-001", "depends_on", "D020102-001"),
    ("D010305-001", "depends_on", "D020102-001"),
    ("D020101-003", "runs_on", "D020101-001"),
    ("D020101-004", "runs_on", "D020101-002"),
    ("D020101-005", "runs_on", "D020101-002"),
    ("D020101-004", "depends_on", "D020101-005"),
    ("D020101-001", "depends_on", "D020102-001"),
    ("D020101-002", "depends_on", "D020102-001"),
    ("D020101-006", "depends_on", "D020102-002"),
    ("D010210-002", "depends_on", "D010210-001"),
    ("D010210-003", "depends_on", "D010210-001"),
    ("D010210-004", "depends_on", "D010210-001"),
    ("D010210-005", "depends_on", "D010210-001"),
    ("D010210-007", "depends_on", "D010210-001"),
    ("D010305-002", "depends_on", "D010305-001"),
    ("D010305-003", "depends_on", "D010305-001"),
    ("D010305-004", "depends_on", "D010305-001"),
]


def seed(stdout=None) -> None:
    buildings = {
        code: Building.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in BUILDINGS
    }
    for building, code, name in ROOMS:
        Room.objects.update_or_create(
            building=buildings[building], code=code, defaults={"name": name}
        )
    categories = {
        code: AssetCategory.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in CATEGORIES
    }
    units = {u.code: u for u in CustomerUnit.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in={i[4] for i in ITEMS if i[4]})}
    for tag, name, category, unit, owner, model, ip in ITEMS:
        asset = Asset.objects.filter(tag=tag).first() or Asset(tag=tag)
        asset.name, asset.category, asset.model = name, categories[category], model
        asset.customer_unit = units.get(unit)
        asset.owner = users.get(owner) if owner else None
        asset.ip_address = ip or None
        asset.serial_number = asset.serial_number or f"SN{zlib.crc32(tag.encode()) % 10**8:08d}"
        asset.status = AssetStatus.IN_USE
        asset.save()
    by_tag = {a.tag: a for a in Asset.objects.filter(tag__in=[i[0] for i in ITEMS])}
    for source, kind, target in RELATIONS:
        AssetRelation.objects.get_or_create(source=by_tag[source], target=by_tag[target], kind=kind)
    if stdout:
        stdout.write(f"assets: {len(ITEMS)} configuration items, {len(RELATIONS)} relations")
