"""Sign in and out, password reset, invitations and the person's own account page."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from portal.accounts import bp, service, throttle
from portal.accounts.forms import (ChangePasswordForm, DownloadDataForm, ForgotPasswordForm, LoginForm,
                                   PreferencesForm, SetPasswordForm, SignOutEverywhereForm)
from portal.extensions import db
from portal.formtools import committed
from portal.permissions import public
from portal.urls import safe_next


def _count_attempt(action: str, email: str = "") -> list[int]:
    """Count this attempt from this address (and for this account), or answer 429."""
    try:
        return throttle.try_once(db.session, action, request.remote_addr or "", email)
    except throttle.Throttled as refused:
        raise TooManyRequests(retry_after=refused.retry_after) from None


def _sign_in(user) -> None:
    # A fresh session on every sign-in: nothing from before carries over.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password; failed tries are counted per address and per account."""
    target = safe_next(request.values.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        attempt = _count_attempt(throttle.SIGN_IN, form.email.data)
        with committed(form, field="password") as outcome:
            user = service.authenticate(db.session, form.email.data, form.password.data)
        if outcome.ok:
            throttle.forgive(db.session, attempt)
            _sign_in(user)
            return redirect(target)
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out, ending this person's sessions on every device."""
    service.end_all_sessions(db.session, current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    """Ask for a reset link; the answer never reveals whether the account exists.

    Every request is counted, per address and per account, since each may send an email."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        _count_attempt(throttle.RESET, form.email.data)
        service.request_password_reset(db.session, form.email.data)
        db.session.commit()
        flash(_("If an active account uses that address, we have emailed it a link to set a new "
                "password. The link works once, for %(hours)d hours.",
                hours=current_app.config["PASSWORD_RESET_HOURS"]), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), 200 if not form.errors else 400


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    """Choose a password from an emailed reset or invitation link.

    Not throttled: the link's token cannot be guessed, and a whole contact centre behind one
    address may take up its invitations in the same minute."""
    link = service.token_for(db.session, token)
    if link is None:
        return render_template("accounts/link_expired.html"), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        with committed(form, field="password") as outcome:
            user = service.redeem_token(db.session, token, form.password.data)
        if outcome.ok:
            _sign_in(user)
            flash(_("Your password is set. Welcome to Service Stars!"), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/set_password.html", form=form, link=link), 200 if not form.errors else 400


def _account_page(status: int = 200, **forms):
    forms.setdefault("preferences", PreferencesForm(obj=current_user._get_current_object(),
                                                    formdata=None))
    forms.setdefault("password", ChangePasswordForm(formdata=None))
    forms.setdefault("everywhere", SignOutEverywhereForm(formdata=None))
    forms.setdefault("download", DownloadDataForm(formdata=None))
    preferences = forms["preferences"]
    if preferences.locale.data is None:
        preferences.locale.data = ""
    if preferences.timezone.data is None:
        preferences.timezone.data = ""
    return render_template("accounts/account.html", user=current_user, **forms), status


@bp.route("/account")
def account():
    """The person's own page: directory details, preferences, password."""
    return _account_page()


@bp.route("/account/preferences", methods=["POST"])
def save_preferences():
    """Save language and time zone."""
    form = PreferencesForm()
    if form.validate_on_submit():
        with committed(form) as outcome:
            service.save_preferences(current_user, form.locale.data or None, form.timezone.data or None)
        if outcome.ok:
            flash(_("Your preferences are saved."), "success")
            return redirect(url_for("accounts.account"))
    return _account_page(400, preferences=form)


@bp.route("/account/password", methods=["POST"])
def change_password():
    """Change the password; every other session of the person ends.

    A wrong current password counts as a failed sign-in to the account."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        attempt = _count_attempt(throttle.SIGN_IN, current_user.email)
        user = current_user._get_current_object()
        with committed(form, field="password") as outcome:
            service.change_password(db.session, user, form.current.data, form.password.data)
        if outcome.ok:
            throttle.forgive(db.session, attempt)
            _sign_in(user)
            flash(_("Your password is changed. You were signed out on every other device."), "success")
            return redirect(url_for("accounts.account"))
    return _account_page(400, password=form)


@bp.route("/account/sign-out-everywhere", methods=["POST"])
def sign_out_everywhere():
    """End every session of this person except the one making the request."""
    form = SignOutEverywhereForm()
    if not form.validate_on_submit():
        return _account_page(400, everywhere=form)
    user = current_user._get_current_object()
    service.end_all_sessions(db.session, user)
    db.session.commit()
    _sign_in(user)
    flash(_("You were signed out on every other device."), "success")
    return redirect(url_for("accounts.account"))
