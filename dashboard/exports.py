"""CSV export of every table of the dashboard: the same figures as the page, raw (rates as fractions,
durations in seconds), UTF-8 with a byte-order mark so spreadsheet programs read the Chinese names."""

import csv
import io

from django.utils.translation import gettext as _

from dashboard.selectors import Dashboard


def _rate(value) -> str:
    return "" if value is None else f"{value:.4f}"


def _seconds(value) -> str:
    return "" if value is None else str(round(value))


def tables(board: Dashboard) -> dict[str, tuple[list[str], list[list]]]:
    s, t = board.summary, board.timeliness
    compensation = board.compensation or {}
    summary = [
        [_("Reports"), s["reports"]],
        [_("Cancelled"), s["cancelled"]],
        [_("Reports not cancelled"), s["reported"]],
        [_("Resolved (closed)"), s["resolved"]],
        [_("Resolution rate"), _rate(s["resolution_rate"])],
        [_("Returned to the owner"), s["returned"]],
        [_("Recovery rate"), _rate(s["recovery_rate"])],
        [_("Still open"), s["still_open"]],
        [_("Incidents handled (with a decided deadline)"), t["handled"]],
        [_("Incidents handled within every limit"), t["timely"]],
        [_("Timeliness rate"), _rate(t["rate"])],
        [_("Deadlines met on time"), t["deadlines_on_time"]],
        [_("Deadlines breached"), t["deadlines_breached"]],
        [_("Deadlines met on time (rate)"), _rate(t["deadline_rate"])],
        [_("Satisfaction answers"), board.satisfaction["answers"]],
        [_("Average satisfaction"), "" if board.satisfaction["average"] is None
         else f"{board.satisfaction['average']:.4f}"],
        [_("Follow-up response rate"), _rate(board.satisfaction["response_rate"])],
        [_("Compensation paid"), compensation.get("paid", "")],
        [_("Compensation estimated"), compensation.get("estimated", "")],
        [_("Compensation control rate"), _rate(compensation.get("rate"))],
        [_("Open corrective actions"), board.actions["open"]],
        [_("Overdue corrective actions"), board.actions["overdue"]],
    ]
    return {
        "summary": ([_("Figure"), _("Value")], summary),
        "times": (
            [_("Step"), _("Incidents"), _("Median (s)"), _("90th percentile (s)")],
            [[row["label"], row["n"], _seconds(row["median"]), _seconds(row["p90"])] for row in board.times],
        ),
        "deadlines": (
            [_("Deadline"), _("Met on time"), _("Breached"), _("Not yet due"), _("On-time rate")],
            [[row["label"], row["on_time"], row["breached"], row["pending"], _rate(row["rate"])]
             for row in board.deadline_kinds],
        ),
        "breaches": (
            [_("Escalation level"), _("Breached deadlines"), _("Still open")],
            [[row["level"], row["total"], row["still_open"]] for row in board.breaches],
        ),
        "satisfaction": (
            [_("Score"), _("Answers"), _("Share")],
            [[row["score"], row["n"], _rate(row["share"])] for row in board.satisfaction["distribution"]],
        ),
        "backlog": (
            [_("Age of report"), _("Open incidents")], [[row["label"], row["n"]] for row in board.backlog],
        ),
        "actions": (
            [_("Department"), _("Open corrective actions"), _("Overdue")],
            [[row["department"], row["open"], row["overdue"]] for row in board.actions["departments"]],
        ),
        "trend": (
            [_("From"), _("To"), _("Reported"), _("Resolved"), _("Returned")],
            [[row["first"].isoformat(), row["last"].isoformat(), row["reported"], row["resolved"], row["returned"]]
             for row in board.trend],
        ),
        "categories": ([_("Category"), _("Incidents")], [[row["label"], row["n"]] for row in board.categories]),
        "areas": ([_("Area"), _("Incidents")], [[row["label"], row["n"]] for row in board.areas]),
        "heatmap": (
            [_("Weekday"), *[f"{hour:02d}" for hour in range(24)]],
            [[row["weekday"], *row["hours"]] for row in board.heatmap],
        ),
        "sites": (
            [_("Site"), _("Reports"), _("Resolved"), _("Returned"), _("Still open"), _("Resolution rate"),
             _("Recovery rate")],
            [[row["site"].code, row["reports"], row["resolved"], row["returned"], row["still_open"],
              _rate(row["resolution_rate"]), _rate(row["recovery_rate"])] for row in board.sites],
        ),
    }


TABLE_NAMES = ("summary", "times", "deadlines", "breaches", "satisfaction", "backlog", "actions", "trend",
               "categories", "areas", "heatmap", "sites")


def _cell(value) -> str:
    text = str(value)
    # A name starting like a formula must stay text in a spreadsheet (CSV injection).
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([_cell(cell) for cell in row])
    return out.getvalue()
