"""When Customer Service Week is, and a campaign's default timeline."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

CREATE_DAYS_BEFORE = 45


def csw_week(year: int) -> tuple[date, date]:
    """Monday and Friday of Customer Service Week: the first full business week of October.

    Monday is the first Monday on or after 1 October.
    """
    first = date(year, 10, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return monday, monday + timedelta(days=4)


def next_csw_week(today: date) -> tuple[date, date]:
    """Monday and Friday of the next Customer Service Week that has not begun by ``today``."""
    monday, friday = csw_week(today.year)
    return (monday, friday) if today < monday else csw_week(today.year + 1)


@dataclass(frozen=True)
class Timeline:
    """The moments of a campaign, in UTC."""

    created_at: datetime
    nominations_open_at: datetime
    voting_open_at: datetime
    voting_close_at: datetime
    announce_at: datetime


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(timezone.utc)


def default_timeline(year: int, zone_name: str) -> Timeline:
    """SPEC §2's default timeline for ``year``, in the organisation's time zone."""
    zone = ZoneInfo(zone_name)
    monday, friday = csw_week(year)
    wednesday = monday + timedelta(days=2)
    return Timeline(
        created_at=_at(monday - timedelta(days=CREATE_DAYS_BEFORE), 0, zone),
        nominations_open_at=_at(monday, 0, zone),
        voting_open_at=_at(wednesday, 12, zone),
        voting_close_at=_at(friday, 12, zone),
        announce_at=_at(friday, 15, zone),
    )
