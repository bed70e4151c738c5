"""Demonstration claims, made through the services like staff would (for the demo loader).

    from compensation.demo import create_demo_claims
    create_demo_claims(site=site, front_desk_user=frontdesk, assessor=legal_user)
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from compensation import services
from compensation.models import Claim
from incidents.models import Channel, Kind, Severity
from incidents.services import (
    incident_close, incident_dispatch, incident_file, incident_mark_not_found, incident_start_search,
)
from organization.models import Area, Site
from policy.models import ItemCategory


def _receipt() -> SimpleUploadedFile:
    image = Image.new("RGB", (360, 480), "white")
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(("RECEIPT", "Leather backpack", "1 x 1,680.00 CNY", "2025-12-18")):
        draw.text((30, 40 + row * 40), text, fill="black")
    out = io.BytesIO()
    image.save(out, "JPEG")
    return SimpleUploadedFile("receipt.jpg", out.getvalue(), content_type="image/jpeg")


def create_demo_claims(*, site: Site, front_desk_user, assessor=None) -> list[Claim]:
    """A closed not-found incident with a claim filed (and assessed when an assessor is given)."""
    now = timezone.now()
    category = ItemCategory.objects.filter(code="bag-luggage").first() or ItemCategory.objects.order_by("code").first()
    if category is None:
        return []
    area = Area.objects.get_or_create(site=site, name="行李房 Luggage room")[0]
    incident = incident_file(
        site=site, area=area, channel=Channel.ON_SITE, kind=Kind.LOSS, severity=Severity.GENERAL,
        customer_data={"name": "李华", "phone": "13900139000", "preferred_language": "zh-hans",
                       "preferred_channel": "sms"},
        items=[{"category": category, "name": "黑色双肩包 black backpack", "colour": "黑色",
                "estimated_value": Decimal("1680")}],
        lost_from=now - datetime.timedelta(hours=30), lost_until=now - datetime.timedelta(hours=28),
        place_detail="行李寄存处", description="寄存的背包取件时不见了。", filed_by=front_desk_user,
    )
    incident_dispatch(incident=incident, by=front_desk_user)
    incident_start_search(incident=incident, by=front_desk_user)
    incident_mark_not_found(incident=incident, by=front_desk_user, note="未找到，已向客人致歉并说明赔偿事宜。")
    incident_close(incident=incident, by=front_desk_user)
    claim = services.claim_file(
        incident=incident, by=front_desk_user, claimant_name="李华", statement="背包在酒店行李房寄存期间丢失，申请赔偿。",
        items=[
            services.ClaimItemData(description="黑色双肩包", head="direct", amount_claimed=Decimal("1680"),
                                   lost_item=incident.items.first()),
            services.ClaimItemData(description="补办证件交通费", head="indirect", amount_claimed=Decimal("60")),
        ],
        evidence=[services.EvidenceData(upload=_receipt())],
    )
    if assessor is not None:
        direct, indirect = claim.items.order_by("pk")
        services.claim_assess(
            claim=claim, by=assessor, liability="company_fault", grounds="寄存期间丢失，属酒店保管过错。",
            valuations=[
                services.ValuationData(item_id=direct.pk, category=category, purchase_price=Decimal("1680"),
                                       purchase_date=(now - datetime.timedelta(days=340)).date(),
                                       proof_of_value="购物小票"),
                services.ValuationData(item_id=indirect.pk, accepted_amount=Decimal("60")),
            ],
        )
    return [claim]
