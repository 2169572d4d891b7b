"""Sign-in, password and preference forms."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from portal.accounts.fields import LOCALE_NAMES, is_valid_email, normalise_email
from portal.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from portal.formtools import choices
from portal.timezones import is_valid_timezone, time_zones


def valid_email(form, field):
    """WTForms validator built on the directory's own email rule."""
    if not is_valid_email(normalise_email(field.data or "")):
        raise ValidationError(_l("Enter a valid email address, like name@example.com."))


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")),
                                                Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                         Length(max=MAX_LENGTH)])
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")),
                                                Length(max=254), valid_email])
    submit = SubmitField(_l("Email me a link"))


def _new_password_fields():
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a password.")),
                    Length(min=MIN_LENGTH, max=MAX_LENGTH,
                           message=_l("Use between %(min)d and %(max)d characters.",
                                      min=MIN_LENGTH, max=MAX_LENGTH))],
        description=_l("At least %(count)d characters.", count=MIN_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(_l("Repeat the password.")),
                    EqualTo("password", message=_l("The two passwords are not the same."))],
    )
    return password, confirm


class SetPasswordForm(FlaskForm):
    """Choose a password from a reset or invitation link."""

    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Set password"))


class ChangePasswordForm(FlaskForm):
    """Change a password while signed in."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change password"))


def _locale_choices():
    offered = current_app.config["LANGUAGES"]
    return choices([("", _l("My browser's language"))] + [(code, LOCALE_NAMES[code]) for code in offered])


def _timezone_choices():
    return choices([("", _l("The organisation's time zone"))] + [(name, name) for name in sorted(time_zones())])


class PreferencesForm(FlaskForm):
    """A person's language and time zone."""

    locale = SelectField(_l("Language"), choices=_locale_choices)
    timezone = SelectField(_l("Time zone"), choices=_timezone_choices)
    submit = SubmitField(_l("Save preferences"))

    def validate_timezone(self, field):
        """Only known IANA zones."""
        if field.data and not is_valid_timezone(field.data):
            raise ValidationError(_l("Choose a time zone from the list."))


class SignOutEverywhereForm(FlaskForm):
    """A button that ends every session of the person."""

    submit = SubmitField(_l("Sign out everywhere"))


class DownloadDataForm(FlaskForm):
    """A button that downloads everything the portal holds about the person."""

    submit = SubmitField(_l("Download my data"))
