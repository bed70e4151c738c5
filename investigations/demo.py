"""Demo entries for `make run`: a record review, a scene survey, an interview and evidence on one incident."""

import datetime

from django.utils import timezone

from investigations.models import ENTRY_MODELS
from investigations.services import PersonData, entry_add


def create_demo_entries(*, incident, officer) -> list:
    """Add a few entries to `incident` unless it already has some (safe to run twice)."""
    if any(model.objects.filter(incident=incident).exists() for model in ENTRY_MODELS.values()):
        return []
    now = timezone.now()
    window_start = min(incident.lost_from, now - datetime.timedelta(hours=2))
    window_end = max(incident.lost_until, window_start)
    checklist = {point: "nothing" for point in ("door_locks", "windows", "desks", "drawer_locks", "corners", "lockers")}
    return [
        entry_add(kind="record_review", incident=incident, author=officer, data={
            "source": "cctv", "device": "大堂 3号摄像机 Lobby camera 3", "viewed_from": window_start,
            "viewed_until": window_end, "finding_place": "大堂沙发 Lobby sofa",
            "finding_events": "未见他人拿取物品。No one seen taking the item.", "reviewer": officer,
            "claimant_absent": True,
        }),
        entry_add(kind="scene_survey", incident=incident, author=officer, data={
            "surveyed_at": now - datetime.timedelta(minutes=50), "place": "大堂 Lobby", "area": incident.area,
            "personnel": str(officer.get_full_name() or officer.get_username()), **checklist,
            "clues": "沙发下无遗留物。Nothing under the sofa.",
        }),
        entry_add(kind="interview", incident=incident, author=officer,
                  persons=[PersonData("guest", name="邻座客人 Guest nearby")], data={
            "held_at": now - datetime.timedelta(minutes=40), "place": "大堂 Lobby", "interviewer": officer,
            "content": "客人称未注意到钱包。The guest did not notice the wallet.", "lawful_process_confirmed": True,
        }),
    ]
