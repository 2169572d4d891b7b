"""Helpers every template may use."""
from flask import Flask, request
from flask_login import current_user
from babel.dates import get_timezone_name
from flask_babel import format_date, format_decimal, format_time, get_locale, get_timezone
from markupsafe import Markup

from portal.accounts import avatars
from portal.campaigns.calendar import next_csw_week
from portal.campaigns.defaults import translated
from portal.campaigns.service import MOMENT_LABELS
from portal.extensions import db
from portal.fragments import kept, render_shared
from portal.permissions import is_hr
from portal.system.service import heartbeat_age
from portal.types import utcnow


def country_name(code: str) -> str:
    """A country's name in the viewer's language, from its ISO code."""
    locale = get_locale()
    names = locale.territories if locale else {}
    return names.get(code, code)


def html_lang() -> str:
    """The viewer's language as a BCP 47 tag, for ``<html lang>``."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en"


def current_timezone() -> str:
    """The IANA name of the viewer's time zone."""
    return str(get_timezone())


def moment(when) -> str:
    """A moment for people: weekday, date and time without seconds, in the viewer's zone, named.

    E.g. "Thursday, November 26, 2026, 9:10 AM (India Standard Time)".
    """
    locale, zone = get_locale(), get_timezone()
    local = when.astimezone(zone)
    combined = locale.datetime_formats["medium"].format(format_time(when, "short"), format_date(when, "full"))
    name = get_timezone_name(local, "long", locale=locale)
    if name.startswith("GMT"):  # no name in this language: add the zone so it is recognisable
        name = f"{name}, {zone}"
    return f"{combined} ({name})"


def moment_label(name: str) -> str:
    """The translated name of a campaign moment."""
    return str(MOMENT_LABELS[name])


STALE_HEARTBEAT_SECONDS = 300
HR_AREAS = ("admin", "directory", "campaigns", "notifications", "moderation")


def scheduler_warning() -> bool:
    """Whether HR should be warned that the scheduler is not running (no beat for 5 minutes)."""
    if request.blueprint not in HR_AREAS or not is_hr(current_user):
        return False
    age = heartbeat_age(db.session, utcnow())
    return age is None or age > STALE_HEARTBEAT_SECONDS


def site_nav() -> Markup:
    """The main navigation: the same for everyone with the same role on the same page, so kept."""
    endpoint, blueprint, hr = request.endpoint or "", request.blueprint or "", is_hr(current_user)
    return kept(("nav", endpoint, blueprint, hr),
                lambda: render_shared("_nav.html", endpoint=endpoint, blueprint=blueprint, hr=hr))


def init_app(app: Flask) -> None:
    """Register globals and filters."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(is_hr=is_hr, html_lang=html_lang, country_name=country_name,
                                 current_timezone=current_timezone, now=utcnow,
                                 moment_label=moment_label, scheduler_warning=scheduler_warning,
                                 translated=translated, site_nav=site_nav, next_csw_week=next_csw_week,
                                 initials=avatars.initials, avatar_colour=avatars.colour)
    app.jinja_env.filters["format_number"] = format_decimal
    app.jinja_env.filters["moment"] = moment
