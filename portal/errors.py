"""Styled error pages; nothing reaches the person as a bare 500."""
from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

from portal.extensions import db

ERROR_TEXT = {
    400: (_l("Bad request"), _l("We could not understand that request.")),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. It may have moved.")),
    405: (_l("Not allowed here"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is larger than we accept. Try a smaller file.")),
    429: (_l("Too many requests"), _l("You have tried that too often. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on our side. Nothing was saved; please try again.")),
}


_LAST_RESORT = ("<!doctype html><html lang=\"en\"><title>Service Stars</title>"
                "<h1>Something went wrong</h1><p>Nothing was saved; please try again.</p></html>")


def _render(code: int, message=None):
    try:
        return _render_page(code, message)
    except Exception:  # the error page itself failed: still never a bare traceback
        current_app.logger.exception("error page %s could not be rendered", code)
        return _LAST_RESORT, code


def _render_page(code: int, message=None):
    title, default_message = ERROR_TEXT.get(code, ERROR_TEXT[500] if code >= 500 else ERROR_TEXT[400])
    reference = g.get("request_id", "")
    if request.path.startswith("/healthz") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(title), message=str(message or default_message), reference=reference), code
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default_message, reference=reference), code


def _wait_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return ngettext("You have tried that too often. Please wait %(num)d minute and try again.",
                    "You have tried that too often. Please wait %(num)d minutes and try again.", minutes)


def handle_http_error(error: HTTPException):
    """Render any HTTP error (400, 403, 404, 405, 413, 429 ...) in the portal's style."""
    if error.code is None or error.code < 400:
        return error
    if error.code >= 500:
        db.session.rollback()
    retry_after = getattr(error, "retry_after", None)
    if isinstance(error, TooManyRequests) and isinstance(retry_after, int):
        body, code = _render(429, _wait_message(retry_after))
        return body, code, {"Retry-After": str(retry_after)}
    return _render(error.code)


def handle_csrf_error(error: CSRFError):
    """A missing or stale CSRF token: explain, do not act."""
    return _render(400, _l("This form has expired or was not sent from the portal. "
                           "Go back, reload the page and try again."))


def handle_unexpected(error: Exception):
    """Anything unforeseen: roll back, log, and show the styled 500 page."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    db.session.rollback()
    current_app.logger.exception("unhandled error on %s %s (request %s)", request.method,
                                 request.url_rule.rule if request.url_rule else "unmatched", g.get("request_id"))
    return _render(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
