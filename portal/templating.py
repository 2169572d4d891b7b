"""Helpers every template may use."""
from flask import Flask
from flask_babel import format_decimal, get_locale, get_timezone

from portal.permissions import is_hr
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


def init_app(app: Flask) -> None:
    """Register globals and filters."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(is_hr=is_hr, html_lang=html_lang, country_name=country_name,
                                 current_timezone=current_timezone, now=utcnow)
    app.jinja_env.filters["format_number"] = format_decimal
