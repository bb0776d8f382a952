import datetime
from zoneinfo import ZoneInfo

from newsroom.dates import start_of_day

VIENNA = ZoneInfo("Europe/Vienna")


def test_start_of_day_is_local_midnight_on_either_side_of_a_clock_change():
    winter = start_of_day(datetime.date(2024, 3, 31))  # clocks go forward at 02:00
    summer = start_of_day(datetime.date(2024, 4, 1))

    assert winter == datetime.datetime(2024, 3, 31, tzinfo=VIENNA)
    assert winter.utcoffset() == datetime.timedelta(hours=1)
    assert summer.utcoffset() == datetime.timedelta(hours=2)
    utc = datetime.UTC
    assert summer.astimezone(utc) - winter.astimezone(utc) == datetime.timedelta(hours=23)
