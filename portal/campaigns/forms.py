"""HR's campaign and category forms. Moments are entered in the organisation's time zone."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.campaigns.models import MAX_VOTES_PER_CATEGORY, MOMENTS
from portal.campaigns.service import MOMENT_LABELS
from portal.formtools import choices

FORMAT = "%Y-%m-%dT%H:%M"


def org_zone() -> ZoneInfo:
    """The organisation's time zone."""
    return ZoneInfo(current_app.config["PORTAL_TIMEZONE"])


def to_local(moment: datetime) -> datetime:
    """A UTC moment as a naive local time in the organisation's zone, for the form."""
    return moment.astimezone(org_zone()).replace(tzinfo=None, second=0, microsecond=0)


def to_utc(local: datetime) -> datetime:
    """A naive local time from the form, in the organisation's zone, as UTC."""
    return local.replace(tzinfo=org_zone()).astimezone(timezone.utc)


def _moment_field(name: str):
    return DateTimeLocalField(MOMENT_LABELS[name], format=FORMAT,
                              validators=[InputRequired(_l("Enter a date and time."))])


class CampaignForm(FlaskForm):
    """Theme, voting rules and the four moments."""

    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=200)],
                        description=_l("Optional, e.g. “Service from the heart”."))
    votes_per_category = IntegerField(_l("Votes per person in each category"), default=1,
                                      validators=[InputRequired(_l("Enter a number.")),
                                                  NumberRange(1, MAX_VOTES_PER_CATEGORY,
                                                              _l("Between %(min)s and %(max)s."))])
    auto_approve = BooleanField(_l("Publish new stories without moderation"))
    nominations_open_at = _moment_field("nominations_open_at")
    voting_open_at = _moment_field("voting_open_at")
    voting_close_at = _moment_field("voting_close_at")
    announce_at = _moment_field("announce_at")
    submit = SubmitField(_l("Save campaign"))

    def moments_utc(self) -> dict[str, datetime]:
        """The four moments as UTC datetimes."""
        return {name: to_utc(getattr(self, name).data) for name in MOMENTS}

    def fill_moments(self, source) -> None:
        """Show a campaign's or timeline's moments in local time."""
        for name in MOMENTS:
            getattr(self, name).data = to_local(getattr(source, name))


class NewCampaignForm(CampaignForm):
    """Create a year's campaign."""

    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Enter a year.")),
                                                NumberRange(2000, 2999, _l("Enter a year such as 2027."))])
    submit = SubmitField(_l("Create campaign"))


class CategoryForm(FlaskForm):
    """Add or change a category."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=80)])
    description = TextAreaField(_l("For service that…"), validators=[Optional(), Length(max=500)])
    nominee_kind = SelectField(_l("Nominees"), choices=choices([("people", _l("People")), ("team", _l("A team"))]))
    enabled = BooleanField(_l("Part of this campaign"), default=True,
                           description=_l("When it is off, the category takes no nominations and no votes, "
                                          "and has no winner."))
    submit = SubmitField(_l("Save category"))
