from django import template
from django.utils.html import json_script

from accounts import session_expiry

register = template.Library()


@register.simple_tag(takes_context=True)
def resume_form(context) -> str:
    """The fields of a form posted into an ended session, for static/js/resume-form.js to fill back in."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    fields = session_expiry.take_form(request.session, request.path)
    if fields is None:
        return ""
    return json_script(fields, "resume-form-fields")
