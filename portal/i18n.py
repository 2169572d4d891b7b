"""Language and time zone of the person viewing a page."""
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup

from portal.accounts.fields import LOCALE_NAMES, normalise_locale
from portal.extensions import babel
from portal.timezones import select_timezone


def available_locales() -> list[str]:
    """The interface languages this installation offers."""
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The person's saved language, else the one picked this visit, else the browser's."""
    offered = available_locales()
    if not has_request_context():  # CLI and scheduler: emails pick their own locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = g.get("_login_user")
    if user is not None and user.is_authenticated and user.locale in offered:
        return user.locale
    chosen = session.get("locale")
    if chosen in offered:
        return chosen
    # The browser's languages in its order of preference; "zh-CN" and "zh" both mean zh_Hans.
    for value, _quality in request.accept_languages:
        locale = normalise_locale(value)
        if locale in offered:
            return locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with our selectors and expose the language names."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories="translations")
    app.jinja_env.globals["LOCALE_NAMES"] = LOCALE_NAMES
    app.context_processor(catalogue_of_this_render)


def catalogue_of_this_render() -> dict:
    """``_`` and ``ngettext`` for one ``render_template``, bound to the catalogue of the language it
    renders in (an email's under ``force_locale``, the person's otherwise).

    Flask-Babel's own template functions find the catalogue again for every string, through the
    request's globals; a page has a dozen strings or more, and with this the wall took 7% less
    time and a story page 4% (bench/README.md). They stay in place for what renders without
    ``render_template`` (the shared fragments). Both behave as Jinja's "new style" gettext: the
    result is a format string for the variables, marked safe when autoescaping, so that the
    variables are escaped.
    """
    translations = get_translations()

    @pass_context
    def gettext(context, string, **variables):
        text = translations.ugettext(string)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return {"gettext": gettext, "ngettext": ngettext}
