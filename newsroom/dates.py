"""Calendar days as moments: the newsroom's dates are days, its timestamps are aware."""

import datetime

from django.utils import timezone


def start_of_day(day):
    """Midnight at the start of `day` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
