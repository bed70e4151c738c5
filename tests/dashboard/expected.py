"""The dashboard's figures recomputed in plain Python from the rows a test created (never with its SQL)."""

import datetime
import statistics
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

FINAL = {"closed", "cancelled"}


def in_scope(record, *, site_ids, kind="", category=None, department=None) -> bool:
    return (
        not record["is_drill"] and record["site"] in site_ids
        and (not kind or record["kind"] == kind)
        and (category is None or category in record["categories"])
        and (department is None or record["department"] == department)
    )


def in_period(record, *, first_day, last_day, zone) -> bool:
    local_day = record["created_at"].astimezone(zone).date()
    return first_day <= local_day <= last_day


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks: what PostgreSQL's percentile_cont does."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    if fraction == 0.5:
        return statistics.median(values)
    # quantiles(..., method="inclusive") is the same interpolation over positions p·(n−1).
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return cuts[int(round(fraction * 10)) - 1]


def breached(deadline, now) -> bool:
    return deadline["breached_at"] is not None or (deadline["state"] == "open" and deadline["due_at"] < now)


def on_time(deadline) -> bool:
    return deadline["state"] == "met" and deadline["breached_at"] is None


def figures(data, *, site_ids, first_day, last_day, now, zone=ZoneInfo("Asia/Shanghai"), kind="", category=None,
            department=None) -> dict:
    scoped = [r for r in data.records if in_scope(r, site_ids=site_ids, kind=kind, category=category,
                                                   department=department)]
    period = [r for r in scoped if in_period(r, first_day=first_day, last_day=last_day, zone=zone)]
    reported = [r for r in period if r["status"] != "cancelled"]
    closed = [r for r in reported if r["status"] == "closed"]
    returned = [r for r in reported if r["returned_at"] is not None]
    eligible = [r for r in closed if not r["declined"]]
    answers = [score for r in reported for score in r["followups"]]
    deadlines = [d for r in reported for d in r["deadlines"]]
    handled = [r for r in reported if any(on_time(d) or breached(d, now) for d in r["deadlines"])]
    timely = [r for r in handled if not any(breached(d, now) for d in r["deadlines"])]
    by_level = Counter(d["escalation_level"] for d in deadlines if breached(d, now))
    open_by_level = Counter(d["escalation_level"] for d in deadlines if breached(d, now) and d["state"] == "open")
    kinds = defaultdict(lambda: {"on_time": 0, "breached": 0, "pending": 0})
    for d in deadlines:
        kinds[d["kind"]]["on_time"] += on_time(d)
        kinds[d["kind"]]["breached"] += breached(d, now)
        kinds[d["kind"]]["pending"] += d["state"] == "open" and d["due_at"] >= now

    times = {}
    for name, field_name in [("acknowledge", "acknowledged_at"), ("dispatch", "dispatched_at"), ("find", "found_at"),
                             ("return", "returned_at"), ("close", "closed_at")]:
        values = sorted((r[field_name] - r["created_at"]).total_seconds() for r in reported if r[field_name])
        times[name] = {"n": len(values), "median": percentile_cont(values, 0.5), "p90": percentile_cont(values, 0.9)}

    today = now.astimezone(zone).date()
    backlog = [0] * 5
    for r in scoped:
        if r["status"] in FINAL:
            continue
        age = (today - r["created_at"].astimezone(zone).date()).days
        backlog[0 if age <= 0 else 1 if age <= 2 else 2 if age <= 6 else 3 if age <= 29 else 4] += 1

    categories = Counter()
    for r in period:
        for pk in set(r["categories"]):
            if category is None or pk == category:
                categories[pk] += 1
    areas = Counter((r["site"], r["area"]) for r in period)
    heat = [[0] * 24 for _day in range(7)]
    for r in period:
        local = r["lost_from"].astimezone(ZoneInfo(r["site_zone"]))
        heat[local.isoweekday() - 1][local.hour] += 1
    trend = Counter(r["created_at"].astimezone(zone).date() for r in period)

    actions = [
        a for a in data.actions
        if not a["is_drill"] and a["site"] in site_ids and a["done_on"] is None
        and (not kind or a["kind"] == kind) and (category is None or category in a["categories"])
        and (department is None or a["department"] == department)
    ]
    per_site = {pk: {"reports": 0, "reported": 0, "resolved": 0, "returned": 0, "still_open": 0} for pk in site_ids}
    for r in period:
        row = per_site[r["site"]]
        row["reports"] += 1
        row["reported"] += r["status"] != "cancelled"
        row["resolved"] += r["status"] == "closed"
        row["returned"] += r["status"] != "cancelled" and r["returned_at"] is not None
        row["still_open"] += r["status"] not in FINAL
    return {
        "reports": len(period),
        "reported": len(reported),
        "cancelled": len(period) - len(reported),
        "resolved": len(closed),
        "returned": len(returned),
        "not_found": sum(r["outcome"] == "not_found" for r in closed),
        "still_open": sum(r["status"] not in FINAL for r in period),
        "resolution_rate": len(closed) / len(reported) if reported else None,
        "recovery_rate": len(returned) / len(reported) if reported else None,
        "eligible": len(eligible),
        "responded": sum(bool(r["followups"]) for r in eligible),
        "answers": len(answers),
        "average": sum(answers) / len(answers) if answers else None,
        "distribution": {score: answers.count(score) for score in range(1, 6)},
        "handled": len(handled),
        "timely": len(timely),
        "timeliness": len(timely) / len(handled) if handled else None,
        "deadlines_on_time": sum(on_time(d) for d in deadlines),
        "deadlines_breached": sum(breached(d, now) for d in deadlines),
        "by_level": dict(by_level),
        "open_by_level": dict(open_by_level),
        "kinds": {k: dict(v) for k, v in kinds.items()},
        "times": times,
        "backlog": backlog,
        "categories": dict(categories),
        "areas": dict(areas),
        "heat": heat,
        "trend": dict(trend),
        "actions_open": len(actions),
        "actions_overdue": sum(a["due_date"] < today for a in actions),
        "sites": per_site,
    }
