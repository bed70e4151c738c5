"""Charts drawn on the server as SVG (no script, no CDN): bars, a trend and a heat map.

Each tag computes the geometry here; the trend renders a partial under templates/dashboard/partials/, the bars
and the heat map are built here. Every chart also has its numbers in a table next to it on the page.
"""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 170
CHART_WIDTH = 560
HEAT_CELL = 22
HEAT_LABEL = 40


@register.simple_tag(takes_context=True)
def bar_chart(context, rows, title: str = "", value_key: str = "n"):
    """A bar per row, linked to the incident list for who may open it. Drawn here like the heat map: as a
    template the three bar charts took a sixth of the dashboard's rendering."""
    linkable = bool(context.get("can_open_incidents"))
    peak = max((row[value_key] for row in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 50
    bars = []
    for index, row in enumerate(rows):
        value, label = row[value_key], row["label"]
        y = index * (BAR_HEIGHT + BAR_GAP)
        text_y, length = y + BAR_HEIGHT * 0.7, round(span * value / peak) if value else 0
        bar = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" class="chart-value">{}</text>',
            LABEL_WIDTH, y, max(1, length) if value else 0, BAR_HEIGHT, label, _shown(value),
            LABEL_WIDTH + length + 6, text_y, _shown(value))
        link = row.get("link") if linkable else None
        if link:
            bar = format_html('<a href="{}">{}</a>', link.url, bar)
        bars.append(format_html('<g><text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>{}</g>',
                                LABEL_WIDTH - 6, text_y, Truncator(label).chars(24), bar))
    if not bars:
        bars.append(format_html('<text x="0" y="16" class="chart-label">{}</text>', _("No data")))
    return format_html(
        '<svg class="dashboard-chart" viewBox="0 0 {} {}" role="group" aria-label="{}" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title>{}</svg>',
        CHART_WIDTH, max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP), title, title, mark_safe("\n".join(bars)))


SERIES = [("reported", "#0d6efd"), ("resolved", "#198754"), ("returned", "#fd7e14")]


@register.inclusion_tag("dashboard/partials/line_chart.html", takes_context=True)
def trend_chart(context, buckets, unit: str = "day", title: str = ""):
    width, height, left, bottom, top = CHART_WIDTH + 160, 220, 36, 28, 10
    plot_w, plot_h = width - left - 10, height - top - bottom
    peak = max((bucket[name] for bucket in buckets for name, _colour in SERIES), default=0) or 1
    count = len(buckets)
    step = plot_w / max(1, count - 1) if count > 1 else 0

    def x_of(index: int) -> float:
        return round(left + (index * step if count > 1 else plot_w / 2), 1)

    def y_of(value: int) -> float:
        return round(top + plot_h - plot_h * value / peak, 1)

    series = []
    for name, colour in SERIES:
        points = [(x_of(i), y_of(bucket[name])) for i, bucket in enumerate(buckets)]
        series.append({"name": name, "colour": colour, "points": " ".join(f"{x},{y}" for x, y in points)})
    every = max(1, count // 10)
    ticks = [
        {"x": x_of(i), "label": bucket["day"].strftime("%m-%d" if unit == "day" else "%Y-%m"),
         "link": bucket["link"] if context.get("can_open_incidents") else None, "reported": bucket["reported"], "y": y_of(bucket["reported"])}
        for i, bucket in enumerate(buckets)
    ]
    for index, tick in enumerate(ticks):
        tick["show_label"] = index % every == 0
    grid = [{"y": y_of(value), "value": value} for value in sorted({0, peak // 2, peak})]
    return {
        "series": series, "ticks": ticks, "grid": grid, "width": width, "height": height, "left": left,
        "right": width - 10, "base": top + plot_h, "label_y": height - 8, "title": title,
    }


@register.simple_tag
def heat_map(rows, title: str = ""):
    """Weekday × hour squares, deepening red for more losses. Drawn here rather than through a template:
    168 squares were the dashboard's costliest partial."""
    peak = max((n for row in rows for n in row["hours"]), default=0) or 1
    hours = format_html_join("", '<text x="{}" y="12" text-anchor="middle" class="chart-label">{}</text>',
                             ((HEAT_LABEL + hour * HEAT_CELL + HEAT_CELL / 2, f"{hour:02d}") for hour in range(0, 24, 3)))
    lines = []
    for index, row in enumerate(rows):
        y = index * HEAT_CELL + 18
        text_y = y + HEAT_CELL * 0.68
        lines.append(format_html('<text x="34" y="{}" text-anchor="end" class="chart-label">{}</text>', text_y,
                                 row["weekday"]))
        for hour, n in enumerate(row["hours"]):
            x, share = HEAT_LABEL + hour * HEAT_CELL, n / peak
            # White for none, deepening red for more.
            fill = f"rgba(220,53,69,{0.08 + 0.92 * share:.2f})" if n else "#f8f9fa"
            lines.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" class="heat-cell"><title>{} {}:00–{}:59 · {}'
                "</title></rect>", x, y, HEAT_CELL, HEAT_CELL, fill, row["weekday"], f"{hour:02d}", f"{hour:02d}", n))
            if n:
                lines.append(format_html('<text x="{}" y="{}" text-anchor="middle" class="heat-value{}">{}</text>',
                                         x + HEAT_CELL // 2, text_y, " heat-value-dark" if share > 0.55 else "", n))
    return format_html(
        '<svg class="dashboard-chart dashboard-heatmap" viewBox="0 0 {} {}" role="group" aria-label="{}" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title>{}{}</svg>',
        HEAT_LABEL + 24 * HEAT_CELL + 4, 7 * HEAT_CELL + 22, title, title, hours, mark_safe("".join(lines)))


@register.filter
def percent(value) -> str:
    """0.873 → "87.3 %"; None → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.1f} %"


@register.filter
def duration(seconds) -> str:
    """Seconds → "3 h 05 min" / "12 min" / "2 d 4 h"; None → "—"."""
    if seconds is None:
        return "—"
    seconds = round(seconds)
    minutes, _sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(seconds)d s") % {"seconds": seconds}


@register.filter
def score(value) -> str:
    return "—" if value is None else f"{value:.2f}"


@register.simple_tag(takes_context=True)
def figure(context, value, link):
    """A figure linked to the incident list behind it (KPI-6), marked ≈ where the list cannot apply every
    filter; plain for who cannot open incidents. A tag, not an included template: the page shows hundreds."""
    return _figure(value, link, linkable=bool(context.get("can_open_incidents")))


@register.simple_tag(takes_context=True)
def heat_table(context, rows):
    """The heat map's numbers, a figure per weekday and hour: built here like the map itself."""
    linkable = bool(context.get("can_open_incidents"))
    hours = "".join(f'<th scope="col" class="text-end">{hour:02d}</th>' for hour in range(len(rows[0]["hours"])
                                                                                          if rows else 0))
    body = "".join(
        format_html('<tr><th scope="row">{}</th>{}</tr>', row["weekday"], mark_safe("".join(
            f'<td class="text-end">{_figure(cell["n"], cell["link"], linkable=linkable)}</td>'
            for cell in row["cells"])))
        for row in rows
    )
    return format_html('<thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody>', _("Weekday"),
                       mark_safe(hours), mark_safe(body))


def _figure(value, link, *, linkable: bool) -> str:
    shown = _shown(value)
    if not (link and linkable):
        return format_html("{}", shown)
    if link.exact:
        return format_html('<a href="{}" class="dashboard-link">{}</a>', link.url, shown)
    return format_html('<a href="{}" class="dashboard-link">{}</a><sup class="text-body-secondary" title="{}">≈</sup>',
                       link.url, shown, _("The incident list cannot apply every filter of this figure: it shows "
                                             "more rows than counted here."))


def _shown(value) -> str:
    """A count's digits as `localize` gives them without thousands grouping, at a tenth of its cost."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)
