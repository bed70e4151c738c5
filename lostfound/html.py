"""Markup built in Python for the busiest pages (see incidents/templatetags/incident_table.py)."""

from html import escape

from django.utils.safestring import SafeData


def text(value) -> str:
    """conditional_escape without its lazy-string checks: the same output for str, lazy and safe strings."""
    return value if isinstance(value, SafeData) else escape(str(value))
