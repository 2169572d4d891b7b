"""Shared fragments: the parts of a page that look the same to everyone, rendered once and kept.

Every page is rendered for each request, and everything personal on it (the person's name, their
CSRF tokens, whether they cheered, what they may do) is written in its template as usual. Only what
a view hands to ``kept`` is shared between people: a value computed once (the wall's cards, the Hall
of Fame's years, a story's article) under a key that names everything it depends on, typically a
version stamp of its data; ``kept`` adds the language and time zone itself.

Fragments are rendered with ``render_shared``, which renders a partial from the data it is given
alone, in a template environment of its own where every personal value (``current_user``,
``csrf_token()``, ``session``, ``request``, ``g``, the flashed messages, the navigation) raises
``PersonalValueInFragment`` when used, in the partial and in every macro it imports, instead of
being kept and served to someone else.

Stamps are read at most once every ``FRAGMENT_STAMP_SECONDS`` (1) per process (``recent``), so other
people see a change within a second; the person who made it (whose next page carries a flash
message, as every redirect after a change does) sees it at once. ``FRAGMENT_CACHE_SECONDS`` bounds
how long a fragment is kept, for what no stamp covers (a renamed category or team); 0 keeps nothing.
"""
import hashlib
import logging
import os
from collections.abc import Callable, Hashable
from typing import TypeVar

from cachelib import SimpleCache
from flask import Flask, current_app, session
from flask_babel import get_locale, get_timezone
from jinja2 import Environment
from markupsafe import Markup

from portal.config import REDIS_TIMEOUTS
from portal.extensions import cache

T = TypeVar("T")
_log = logging.getLogger(__name__)
#: What only one person may see (template globals and context); a fragment that reaches for one is refused.
PERSONAL = ("current_user", "csrf_token", "session", "request", "g", "get_flashed_messages", "site_nav",
            "scheduler_warning")


class PersonalValueInFragment(RuntimeError):
    """A shared fragment used something personal, which would have been shown to everyone."""


class _Personal:
    """Stands in for a personal value while a shared fragment renders: any use of it raises."""

    def __init__(self, name: str):
        self._name = name

    def _refuse(self, *_args, **_kwargs):
        raise PersonalValueInFragment(f"“{self._name}” is personal: render it outside the shared fragment")

    __getattr__ = __call__ = __str__ = __bool__ = __iter__ = __len__ = __getitem__ = _refuse
    __eq__ = __contains__ = _refuse
    __hash__ = None


def _impersonal_environment() -> Environment:
    """The app's template environment with every personal global refused, and templates of its own
    (a template keeps the globals of the environment that loaded it). Made once, on first use, when
    every extension has added its globals."""
    environment = current_app.extensions.get("fragment_environment")
    if environment is None:
        environment = current_app.jinja_env.overlay(cache_size=400)
        environment.globals = {**current_app.jinja_env.globals, **{name: _Personal(name) for name in PERSONAL}}
        current_app.extensions["fragment_environment"] = environment
    return environment


def render_shared(template_name: str, **context) -> Markup:
    """Render a partial from ``context`` alone, refusing every personal value, for everyone alike."""
    refused = {name: _Personal(name) for name in PERSONAL}
    return Markup(_impersonal_environment().get_template(template_name).render({**refused, **context}))


def kept(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept for everyone under ``key`` plus the language and time zone.

    ``key`` must name all the value depends on (a stamp of its data, the filters asked for);
    the value must be the same for every person, such as the output of ``render_shared``.
    """
    lifetime = current_app.config["FRAGMENT_CACHE_SECONDS"]
    if lifetime <= 0:
        return compute()
    digest = hashlib.blake2b(repr((str(get_locale()), str(get_timezone()), key)).encode(),
                             digest_size=16).hexdigest()
    value = cache_get(f"fragment:{digest}")
    if value is None:
        value = compute()
        cache_set(f"fragment:{digest}", value, lifetime)
    return value


def cache_get(key: str):
    """The kept value, or None: a shared cache that is down (Redis restarting) costs speed, never a page."""
    try:
        return cache.get(key)
    except Exception:
        _log.warning("the shared cache cannot be read; going on without it", exc_info=True)
        return None


def cache_set(key: str, value, seconds: int) -> None:
    """Keep ``value`` for ``seconds``, if the shared cache can be reached."""
    try:
        cache.set(key, value, timeout=seconds)
    except Exception:
        _log.warning("the shared cache cannot be written; going on without it", exc_info=True)


def recent(name: str, read: Callable[[], T]) -> T:
    """``read()``, or what it gave less than ``FRAGMENT_STAMP_SECONDS`` ago in this process: for stamps.

    Kept in this process's memory whatever ``CACHE_TYPE`` says: they live a second, and sharing
    them would cost more than reading them again. Read afresh for someone who has just changed
    something (a flash message is waiting for them), so that they see their change at once.
    """
    lifetime = current_app.config["FRAGMENT_STAMP_SECONDS"]
    stamps = current_app.extensions["fragment_stamps"]
    fresh = lifetime <= 0 or "_flashes" in session
    value = None if fresh else stamps.get(name)
    if value is None:
        value = read()
        if lifetime > 0:
            stamps.set(name, value, timeout=lifetime)
    return value


def init_app(app: Flask) -> None:
    """Set up the shared cache (Flask-Caching) and this process's stamps."""
    if app.config["CACHE_TYPE"] == "FileSystemCache" and not app.config.get("CACHE_DIR"):
        app.config["CACHE_DIR"] = os.path.join(app.instance_path, "cache")
    # Fragments of different databases (the portal's, a benchmark's) never meet in one cache.
    database = app.config["SQLALCHEMY_DATABASE_URI"].encode()
    app.config["CACHE_KEY_PREFIX"] = hashlib.blake2b(database, digest_size=6).hexdigest() + ":"
    if app.config["CACHE_TYPE"] == "RedisCache":
        app.config.setdefault("CACHE_OPTIONS", dict(REDIS_TIMEOUTS))
    cache.init_app(app)
    app.extensions["fragment_stamps"] = SimpleCache(threshold=5000)
