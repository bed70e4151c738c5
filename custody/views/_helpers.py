from django import forms
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from custody.errors import CustodyError
from custody.files import content_type_of

FACTOR_LABELS = {
    "category": _("Category"),
    "colour": _("Colour"),
    "brand": _("Brand / model"),
    "words": _("Words"),
    "place": _("Place"),
    "time": _("Time"),
}


def add_error(form: forms.Form, error: CustodyError) -> None:
    """Put a refusal on its field when the form has it, else on the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def reasons_for_display(reasons) -> list[dict]:
    """Scored reasons (objects or stored dicts) with translated labels, for `{% reasons_table %}`."""
    rows = []
    for reason in reasons:
        data = reason if isinstance(reason, dict) else {
            "factor": reason.factor, "value": reason.value, "points": reason.points, "detail": reason.detail}
        rows.append({**data, "label": FACTOR_LABELS.get(data["factor"], data["factor"]),
                     "percent": int(round(float(data["value"]) * 100))})
    return rows


def serve_file(field_file, *, download_name: str = "") -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type_of(field_file.name))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if download_name:
        response["Content-Disposition"] = f'inline; filename="{download_name}"'
    return response
