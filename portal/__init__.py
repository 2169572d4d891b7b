"""Service Stars: recognition portal for Customer Service Week and all year.

``create_app`` builds the application: configuration, extensions, blueprints,
error pages and CLI commands. It runs no queries at start-up.
"""
import ipaddress
import os
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import REDIS_TIMEOUTS, Config, load_or_create_secret_key
from portal.extensions import compress, csrf, db, limiter, login_manager, mailer, migrate

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def _configure_database(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "portal.db")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["pool_pre_ping"] = False  # a file opened by this process: no server to have gone away
        options.setdefault("connect_args", {})
        options["connect_args"].setdefault("timeout", app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        options["connect_args"].setdefault("check_same_thread", False)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _configure_cookies(app: Flask) -> None:
    # Cookies are Secure exactly when people reach the portal over https.
    base = app.config["PORTAL_BASE_URL"]
    secure = base.startswith("https://")
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    host = urlsplit(base).hostname or ""
    if not secure and not app.testing and not _is_loopback(host):
        app.logger.warning("PORTAL_BASE_URL is %s: over plain http, cookies are sent without Secure and HSTS is "
                           "off. Serve the portal over https and set PORTAL_BASE_URL=https://%s.", base, host)


def create_app(config: type = Config, **overrides) -> Flask:
    """Build a configured application; ``overrides`` win over ``config``."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    app.config.from_object(config)
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    _configure_database(app)
    _configure_cookies(app)
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # The limits then count in each process while Redis is unreachable.
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", dict(REDIS_TIMEOUTS))
    if app.config["PORTAL_PROXY_COUNT"]:
        count = app.config["PORTAL_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal import errors, fragments, i18n, metrics, security, templating, transactions
    from portal.database import configure_postgresql, configure_sqlite

    import portal.models  # noqa: F401  (complete metadata for migrations)

    db.init_app(app)
    transactions.init_app(app)  # first: later request hooks (rate limits, sign-in) read the database
    metrics.init_app(app)  # its clock starts before every other hook, wherever it is registered
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        elif db.engine.dialect.name == "postgresql":
            configure_postgresql(db.engine)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    mailer.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    if app.config["COMPRESS_RESPONSES"]:
        # Registered last, so its after_request runs first (Flask runs them in reverse); the
        # hooks after it only add headers, and the request log then counts the bytes sent.
        compress.init_app(app)

    from portal.accounts.loader import load_user
    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    from portal import (accounts, admin, campaigns, directory, hall_of_fame, main, nominations, notifications,
                        privacy, stories, system, voting)
    from portal.params import IdConverter

    app.url_map.converters["id"] = IdConverter  # before the first route that names an id

    for module in (accounts, main, system, admin, directory, campaigns, notifications, stories, nominations, voting,
                   hall_of_fame, privacy):
        app.register_blueprint(module.bp)
    app.register_blueprint(nominations.moderation_bp)


def _register_cli(app: Flask) -> None:
    from portal.accounts.cli import users_cli
    from portal.backup import backup_command, restore_command
    from portal.campaigns.cli import csw_dates_command
    from portal.demo.cli import demo_cli, seed_demo_command
    from portal.directory.cli import import_command
    from portal.privacy.cli import erase_command
    from portal.scheduler import scheduler_command

    users_cli.add_command(import_command)  # `flask users import`: the directory's, in the people group
    users_cli.add_command(erase_command)  # `flask users erase`: privacy's
    for command in (users_cli, seed_demo_command, demo_cli, csw_dates_command, scheduler_command, backup_command,
                    restore_command):
        app.cli.add_command(command)
