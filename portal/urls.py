"""URL helpers: links for emails, and redirects that never leave the site."""
from urllib.parse import urlsplit

from flask import current_app, request


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on ``PORTAL_BASE_URL``, usable outside a request (emails, CLI)."""
    base = urlsplit(current_app.config["PORTAL_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, url_scheme=base.scheme or "http", script_name=base.path.rstrip("/") or "/"
    )
    return adapter.build(endpoint, values, force_external=True)


def is_safe_next(target: str | None) -> bool:
    """Whether ``target`` is a path on this site, safe to redirect to after sign-in.

    Refuses absolute URLs, scheme-relative ``//host`` and the ``/\\host`` form
    that browsers read as ``//host``, and anything with control characters.
    """
    if not target or not target.startswith("/") or len(target) > 2000:
        return False
    if target.startswith("//") or "\\" in target:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is safe, else ``default``."""
    return target if is_safe_next(target) else default


def back_or(default: str) -> str:
    """The page the person came from, when it is on this site, else ``default``."""
    referrer, root = request.referrer or "", request.host_url
    if referrer.startswith(root):
        path = "/" + referrer[len(root):]
        if is_safe_next(path):
            return path
    return default
