"""Demonstration incidents, filed through the services like the front desk would (for the demo loader)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from incidents.models import Channel, Incident, Kind, Severity, TheftBy
from incidents.services import (
    contact_log_add, incident_add_note, incident_dispatch, incident_file, incident_start_search,
)
from organization.models import Area, Site
from policy.models import ItemCategory


def _category(*codes: str) -> ItemCategory:
    for code in codes:
        category = ItemCategory.objects.filter(code=code, is_active=True).first()
        if category is not None:
            return category
    category = ItemCategory.objects.filter(is_active=True).order_by("code").first()
    if category is None:
        category = ItemCategory.objects.create(code="other", name_zh_hans="其他", name_en="Other", retention_days=90)
    return category


def _area(site: Site, name: str) -> Area:
    return Area.objects.get_or_create(site=site, name=name)[0]


def create_demo_incidents(*, site: Site, front_desk_user) -> list[Incident]:
    """Six incidents in several states: Chinese and English items, a theft, an urgent report, a drill."""
    now = timezone.now()
    hours = lambda n: now - datetime.timedelta(hours=n)  # noqa: E731
    lobby, restaurant, garage, pool = (_area(site, name) for name in ("大堂 Lobby", "餐厅 Restaurant",
                                                                      "停车场 Car park", "泳池 Pool"))
    reports = [
        dict(area=lobby, channel=Channel.ON_SITE, kind=Kind.LOSS, severity=Severity.GENERAL,
             customer_data={"name": "王小明", "phone": "13800138000", "preferred_language": "zh-hans",
                            "preferred_channel": "sms"},
             items=[{"category": _category("wallet-purse", "other"), "name": "黑色钱包", "brand_model": "Coach",
                     "colour": "黑色", "features": "内有身份证和两张银行卡", "estimated_value": Decimal("800")}],
             lost_from=hours(5), lost_until=hours(4), place_detail="大堂沙发附近", description="客人在大堂等候时遗失钱包。"),
        dict(area=restaurant, channel=Channel.PHONE, kind=Kind.LOSS, severity=Severity.MAJOR,
             customer_data={"name": "Emily Clark", "phone": "+44 7700 900123", "email": "emily@example.com",
                            "preferred_language": "en", "preferred_channel": "email"},
             items=[{"category": _category("mobile-phone", "other"), "name": "iPhone 15 Pro",
                     "brand_model": "Apple iPhone 15 Pro", "colour": "blue titanium",
                     "features": "cracked corner, green case", "estimated_value": Decimal("7999")}],
             lost_from=hours(26), lost_until=hours(24), place_detail="table 12", description="Left at dinner."),
        dict(area=garage, channel=Channel.ON_SITE, kind=Kind.THEFT, theft_by=TheftBy.STRANGER,
             severity=Severity.MAJOR,
             customer_data={"name": "李静", "phone": "13911112222", "preferred_language": "zh-hans",
                            "preferred_channel": "phone"},
             items=[{"category": _category("bag-luggage", "laptop-tablet", "other"), "name": "笔记本电脑包", "brand_model": "Samsonite",
                     "colour": "灰色", "features": "内有联想笔记本电脑", "estimated_value": Decimal("6500")}],
             lost_from=hours(3), lost_until=hours(2), place_detail="B2 层 C 区", description="车窗被砸，电脑包被盗。"),
        dict(area=pool, channel=Channel.ON_SITE, kind=Kind.LOSS, severity=Severity.URGENT,
             customer_data={"name": "Tanaka Yuki", "phone": "+81 90 1234 5678", "preferred_language": "en",
                            "preferred_channel": "sms"},
             items=[{"category": _category("jewellery", "other"), "name": "Diamond ring 钻戒",
                     "brand_model": "Tiffany", "colour": "platinum", "features": "engraved 'Y & K 2019'",
                     "estimated_value": Decimal("45000")}],
             lost_from=hours(1), lost_until=now - datetime.timedelta(minutes=20), place_detail="changing room",
             description="Ring taken off before swimming; not in the locker afterwards."),
        dict(area=lobby, channel=Channel.EMAIL, kind=Kind.LOSS, severity=Severity.GENERAL,
             customer_data={"name": "陈伟", "email": "chenwei@example.com", "preferred_language": "zh-hans",
                            "preferred_channel": "email"},
             items=[{"category": _category("keys", "other"), "name": "车钥匙", "brand_model": "Toyota",
                     "colour": "黑色", "quantity": 1, "features": "挂有红色小熊"},
                    {"category": _category("umbrella", "other"), "name": "雨伞 umbrella", "colour": "蓝色"}],
             lost_from=hours(50), lost_until=hours(48), description="邮件报失。"),
        dict(area=restaurant, channel=Channel.ON_SITE, kind=Kind.THEFT, theft_by=TheftBy.ACQUAINTANCE,
             severity=Severity.URGENT, is_drill=True,
             customer_data={"name": "演练 Drill guest", "phone": "13000000000", "preferred_language": "zh-hans",
                            "preferred_channel": "sms", "declined_followups": True},
             items=[{"category": _category("cash", "other"), "name": "现金 cash", "features": "信封装",
                     "estimated_value": Decimal("2000")}],
             lost_from=hours(1), lost_until=hours(0.5), description="季度应急演练：贵重物品失窃。"),
    ]
    incidents = []
    for values in reports:
        values.setdefault("theft_by", "")
        incidents.append(incident_file(site=site, filed_by=front_desk_user, **values))
    # Move a few along so the pages show more than one state.
    incident_dispatch(incident=incidents[1], by=front_desk_user, note="Restaurant manager informed")
    incident_start_search(incident=incidents[1], by=front_desk_user, note="Searching table area and lost-and-found")
    incident_add_note(incident=incidents[1], by=front_desk_user,
                      text="We have searched the restaurant and are now checking the CCTV.", customer_visible=True)
    contact_log_add(incident=incidents[2], by=front_desk_user, outcome="reached", note="已告知客户正在调取监控")
    incident_dispatch(incident=incidents[3], by=front_desk_user, note="Security on the way")
    return incidents
