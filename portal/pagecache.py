"""Shared pages: rendered once for everyone who sees the same thing, the personal parts filled in per request.

The story wall, the Hall of Fame and a story page look the same to every
employee apart from a few personal parts: the CSRF token, their name, whether
they cheered. Templates write those parts as holes (``hole(name, arg)``; the
``csrf_token()`` global is one); the rest is cached under a key naming all it
depends on (the path and query, language, time zone, and a stamp of the data
that the view reads), so a change to the data shows at once. Each hole is then
filled per request by its filler, which sees every hole of its kind on the page
at once and can answer them all with one query.

A story page's stamp comes with the story's facts, read on every request
anyway. The wall's and the Hall of Fame's are read at most once every
``PAGE_STAMP_SECONDS`` (1) per process (``recent``), so other people see a
change there within a second. The person who made it sees it at once: HR's
pages and pages carrying a flash message (as every redirect after a change
does) are rendered the same way but never kept. ``PAGE_CACHE_SECONDS`` bounds how long a page is kept, for what no
stamp covers (a renamed category or team); 0 turns the cache off.
"""
import hashlib
import hmac
import os
import re
from collections import defaultdict
from collections.abc import Callable, Hashable

from cachelib import SimpleCache
from flask import Flask, current_app, g, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from portal.extensions import cache
from portal.permissions import is_hr

Filler = Callable[[set[str]], dict[str, object]]
_FILLERS: dict[str, Filler] = {}


def filler(name: str) -> Callable[[Filler], Filler]:
    """Register the function that fills the holes called ``name``: given their args, it returns a value for each."""
    def register(function: Filler) -> Filler:
        _FILLERS[name] = function
        return function
    return register


def _mark() -> str:
    # Secret, so that nothing a person types can pose as a hole; the same in every process that
    # shares the cache (they share the secret key), so a page kept by one is filled by another.
    return current_app.extensions["pagecache_mark"]


def hole(name: str, arg: object = "") -> Markup:
    """A personal part of a page: a marker while a shared page renders, its (escaped) value otherwise."""
    if g.get("shared_render"):
        return Markup(f"\x00{_mark()}{name}:{arg}\x00")
    return escape(_FILLERS[name]({str(arg)})[str(arg)])


def fill(html: str) -> str:
    """Fill every hole of a rendered page with this request's values, each filler called once."""
    pattern = current_app.extensions["pagecache_holes"]
    wanted: dict[str, set[str]] = defaultdict(set)
    for name, arg in pattern.findall(html):
        wanted[name].add(arg)
    values = {name: _FILLERS[name](args) for name, args in wanted.items()}
    return pattern.sub(lambda found: str(escape(values[found.group(1)][found.group(2)])), html)


def shared_page(key: tuple[Hashable, ...] | None, render: Callable[[], str]) -> str:
    """The page for ``key`` (plus path, query, language and zone), rendered at most once per lifetime; holes filled.

    ``render`` renders the page's template; it runs only when the page is not kept. A ``None``
    key renders the page for this request alone.
    """
    lifetime = current_app.config["PAGE_CACHE_SECONDS"]
    keep = (key is not None and lifetime > 0 and request.method == "GET" and "_flashes" not in session
            and not is_hr(current_user))
    digest = hashlib.blake2b(repr((request.full_path, str(get_locale()), str(get_timezone()), key)).encode(),
                             digest_size=16).hexdigest()
    html = cache.get(f"page:{digest}") if keep else None
    if html is None:
        g.shared_render = True
        try:
            html = render()
        finally:
            g.shared_render = False
        # A form that wrote this person's own CSRF token instead of the hole makes the page theirs alone.
        if keep and generate_csrf() not in html:
            cache.set(f"page:{digest}", html, timeout=lifetime)
    return fill(html)


def recent(name: str, read: Callable[[], object]) -> object:
    """``read()``, or what it gave less than ``PAGE_STAMP_SECONDS`` ago: for the stamps that shared pages check.

    Kept in this process's memory whatever ``CACHE_TYPE`` says: they live a second, and
    sharing them would cost more than reading them again.
    """
    lifetime = current_app.config["PAGE_STAMP_SECONDS"]
    stamps = current_app.extensions["pagecache_stamps"]
    value = stamps.get(name) if lifetime else None
    if value is None:
        value = read()
        if lifetime:
            stamps.set(name, value, timeout=lifetime)
    return value


@filler("csrf")
def _csrf_tokens(args: set[str]) -> dict[str, object]:
    token = generate_csrf()
    return {arg: token for arg in args}


@filler("who")
def _display_names(args: set[str]) -> dict[str, object]:
    return {arg: current_user.display_name for arg in args}


def csrf_token() -> Markup:
    """The CSRF token for a form, as a hole so that shared pages can carry it."""
    return hole("csrf")


def init_app(app: Flask) -> None:
    """Set up the cache and the template globals (after Flask-WTF, whose ``csrf_token`` this replaces)."""
    if app.config["CACHE_TYPE"] == "FileSystemCache" and not app.config.get("CACHE_DIR"):
        app.config["CACHE_DIR"] = os.path.join(app.instance_path, "cache")
    # Pages of different databases (the portal's, a benchmark's) never meet in one cache.
    database = app.config["SQLALCHEMY_DATABASE_URI"].encode()
    app.config["CACHE_KEY_PREFIX"] = hashlib.blake2b(database, digest_size=6).hexdigest() + ":"
    cache.init_app(app)
    app.extensions["pagecache_stamps"] = SimpleCache(threshold=5000)
    mark = hmac.new(app.config["SECRET_KEY"].encode(), b"page holes", "sha256").hexdigest()[:16]
    app.extensions["pagecache_mark"] = mark
    app.extensions["pagecache_holes"] = re.compile(f"\x00{mark}([a-z-]+):([0-9]*)\x00")
    app.jinja_env.globals.update(hole=hole, csrf_token=csrf_token)
    # Flask-WTF also puts its own into every template's context, which would win over the global.
    app.context_processor(lambda: {"csrf_token": csrf_token})
