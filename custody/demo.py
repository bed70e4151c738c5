"""Demonstration storage and found items, registered through the services (for the demo loader).

Idempotent: a site that already has found items gets none added.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from custody.models import FoundItem, LocationKind, StorageLocation
from custody.services import FoundItemData, found_item_register
from organization.models import Area, Site
from policy.models import ItemCategory


def _location(site: Site, kind: str, name: str, parent: StorageLocation | None = None) -> StorageLocation:
    return StorageLocation.objects.get_or_create(site=site, parent=parent, name=name, defaults={"kind": kind})[0]


def demo_storage(site: Site) -> dict[str, StorageLocation]:
    room = _location(site, LocationKind.ROOM, "失物室 Lost-property room")
    cabinet = _location(site, LocationKind.CABINET, "A 柜 Cabinet A", room)
    return {
        "shelf": _location(site, LocationKind.SHELF, "1 层 Shelf 1", cabinet),
        "safe": _location(site, LocationKind.SAFE, "保险柜 Safe", room),
        "cash_box": _location(site, LocationKind.CASH_BOX, "现金箱 Cash box", room),
        "fridge": _location(site, LocationKind.FRIDGE, "冰箱 Fridge", room),
    }


def create_demo_found_items(*, site: Site, custodian_user) -> list[FoundItem]:
    """A few found items: a wallet that matches the demo's lost wallet, a phone, an umbrella, cash."""
    if FoundItem.objects.filter(site=site).exists():
        return list(FoundItem.objects.filter(site=site))
    storage = demo_storage(site)
    categories = {category.code: category for category in ItemCategory.objects.filter(is_active=True)}
    area = Area.objects.filter(site=site).order_by("name").first()
    now = timezone.now()
    rows = [
        ("wallet-purse", "safe", dict(name="黑色钱包 black wallet", brand_model="Coach", colour="黑色",
                                      features="拉链有磨损，内有会员卡", hidden_details="名片上写着“王”", seal_number="S-1001")),
        ("mobile-phone", "safe", dict(name="手机 phone", brand_model="iPhone 15", colour="蓝色 blue",
                                      features="透明手机壳，屏幕有裂痕", hidden_details="锁屏是一只猫", seal_number="S-1002")),
        ("umbrella", "shelf", dict(name="折叠伞 folding umbrella", colour="red", features="wooden handle")),
        ("cash", "cash_box", dict(name="现金 cash", features="信封装", hidden_details="三张 100 元，一张 50 元",
                                  seal_number="S-1003", cash_amount=Decimal("350.00"))),
    ]
    created = []
    for hours, (code, location, fields) in enumerate(rows, start=1):
        category = categories.get(code)
        if category is None:
            continue
        data = FoundItemData(category=category, found_at=now - datetime.timedelta(hours=hours),
                             location=storage[location], area=area, place_detail="大堂 lobby", **fields)
        created.append(found_item_register(site=site, data=data, by=custodian_user))
    return created
