"""HR's directory forms: upload a CSV, invite a person."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.accounts.fields import country_names, normalise_country
from portal.accounts.forms import valid_email
from portal.formtools import choices


class ImportForm(FlaskForm):
    """Upload of a directory CSV."""

    file = FileField(_l("Directory file (CSV, UTF-8)"),
                     validators=[FileRequired(_l("Choose a CSV file to upload."))])
    deactivate_missing = BooleanField(_l("Deactivate people who are not in this file"))
    submit = SubmitField(_l("Check and import"))


def _country_choices():
    return choices([("", _l("Not set"))] + sorted(((code, f"{name} ({code})") for code, name in country_names().items()),
                                                  key=lambda item: item[1]))


class InviteForm(FlaskForm):
    """Add one person to the directory and email them an invitation."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter their email address.")),
                                                Length(max=254), valid_email])
    display_name = StringField(_l("Name"), validators=[DataRequired(_l("Enter their name.")), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=120)])
    team = StringField(_l("Team"), validators=[Optional(), Length(max=120)],
                       description=_l("A new team name creates the team."))
    site = StringField(_l("Site"), validators=[Optional(), Length(max=120)])
    country = SelectField(_l("Country"), choices=_country_choices, validators=[Optional()])
    is_hr = BooleanField(_l("HR admin"))
    submit = SubmitField(_l("Invite"))

    def validate_country(self, field):
        """Only ISO codes from the list."""
        if field.data and normalise_country(field.data) is None:
            raise ValidationError(_l("Choose a country from the list."))
