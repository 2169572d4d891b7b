"""Deny by default, and the security headers every response carries."""
from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from portal.extensions import login_manager
from portal.urls import is_safe_next


def _is_public_endpoint(endpoint: str | None) -> bool:
    if endpoint is None:  # no route matched: let the 404 handler answer
        return True
    if endpoint == "static":
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def require_sign_in():
    """Every page needs an active, signed-in account unless marked public."""
    if _is_public_endpoint(request.endpoint):
        return None
    if current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


# Pages whose request bodies are read by the view itself, with a larger size limit.
_RAW_BODY_ENDPOINTS = {"directory.import_directory"}


def refuse_nul_bytes():
    """No text field may carry a NUL byte: databases refuse it, so refuse the request (400) first."""
    values = [value for _key, value in request.args.items(multi=True)]
    if request.method not in ("GET", "HEAD") and request.endpoint not in _RAW_BODY_ENDPOINTS:
        values += [value for _key, value in request.form.items(multi=True)]
    if any("\x00" in value for value in values):
        abort(400)


def unauthorized():
    """Send a signed-out person to the sign-in page, remembering where they were."""
    target = request.full_path if request.method == "GET" else None
    if target and target.endswith("?"):
        target = target[:-1]
    if not is_safe_next(target) or target == "/":
        target = None
    return redirect(url_for("accounts.login", next=target))


def add_security_headers(response):
    """Headers that keep pages out of frames and scripts to our own files."""
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure or current_app.config["PORTAL_BASE_URL"].startswith("https://"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Only look at a user already loaded: static files must not cost a query, and
    # is_anonymous reads no column, so a user expired by a commit is not reloaded.
    user = g.get("_login_user")
    if user is not None and not user.is_anonymous:
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """Install the sign-in gate and the headers."""
    login_manager.unauthorized_handler(unauthorized)
    app.before_request(refuse_nul_bytes)
    app.before_request(require_sign_in)
    app.after_request(add_security_headers)
