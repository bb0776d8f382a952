"""Machine-readable moments for `<time datetime>` and meta tags."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_datetime(value):
    """'2024-03-10T12:00:00+01:00': local time, whole seconds.

    `|date:'c'` keeps microseconds, which HTML's datetime attribute does not allow (at most
    three digits of a fraction): items imported or scheduled by code carry them.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
