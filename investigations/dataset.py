"""Generated investigation-log entries (issue #10): a CCTV or key-card review on every emergency report
that security worked on, written when the investigation started (INV-1, INV-8)."""

import datetime

from incidents.dataset import IncidentFacts
from investigations.models import RecordReview, RecordSource
from organization.dataset import World
from organization.roles import Role

FINDINGS = ["画面中可见一名男子拿走物品 A man is seen taking the item", "未发现可疑人员 Nobody suspicious seen",
            "客人离开时物品仍在桌上 The item was still on the table when the guest left",
            "门禁记录显示无异常进出 No unusual entry in the access log"]
DEVICES = ["大堂 1 号摄像机 Lobby camera 1", "B2 停车场摄像机 Car park camera", "电梯摄像机 Lift camera",
           "客房门锁记录 Room door-lock log", "员工通道门禁 Staff entrance access log"]


class EntryWriter:
    def __init__(self, world: World) -> None:
        self.rng = world.rng
        self.rows = world.bulk.table(RecordReview, [
            "id", "incident", "author", "created_at", "corrects", "source", "device", "viewed_from", "viewed_until",
            "finding_time", "finding_place", "finding_persons", "finding_events", "reviewer", "claimant_absent",
            "clip_reference"])

    def write(self, facts: list[IncidentFacts]) -> None:
        rng = self.rng
        for f in facts:
            if f.investigated_at is None:
                continue
            officer = rng.choice(f.world.staff[Role.SECURITY_OFFICER])
            seen = f.lost_from + (f.lost_until - f.lost_from) / 2 if rng.random() < 0.4 else None
            self.rows.add((
                self.rows.allocate(), f.id, officer.id, f.investigated_at, None,
                rng.choice([RecordSource.CCTV, RecordSource.CCTV, RecordSource.DOOR_LOCK, RecordSource.ACCESS_CONTROL]),
                rng.choice(DEVICES), f.lost_from - datetime.timedelta(minutes=30), f.lost_until, seen,
                f.place if seen else "", "", rng.choice(FINDINGS), officer.id, True,
                f"CLIP-{f.id}" if seen else "",
            ))
