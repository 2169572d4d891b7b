"""The nomination form and HR's moderation form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.accounts.fields import LOCALE_NAMES
from portal.formtools import choices
from portal.params import small_int


class NominationForm(FlaskForm):
    """A story of great service, its fields in the order the page asks: who, which category, the story.

    Nominees are posted as a list of ``nominees`` ids.
    """

    person_search = StringField(_l("Find a colleague"), validators=[Optional(), Length(max=100)],
                                description=_l("Type part of a name, an email or a team, then choose below."))
    search = SubmitField(_l("Search"))
    # An id outside the database's range is no team and no category, as an unknown one is.
    team = SelectField(_l("Team"), coerce=small_int, validate_choice=False)
    category = RadioField(_l("Category"), coerce=small_int, validate_choice=False,
                          validators=[InputRequired(_l("Choose a category."))])
    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the story a title.")), Length(max=120)],
                        description=_l("5 to 120 characters, e.g. “Stayed on the line until the heating worked”."))
    story = TextAreaField(_l("The story"), validators=[InputRequired(_l("Tell the story.")), Length(max=5000)],
                          description=_l("What happened, and what it meant to the customer. 50 to 5,000 characters. "
                                         "You can use *emphasis*, **bold**, lists and [links](https://example.com)."))
    customer_impact = TextAreaField(_l("Customer impact (optional)"), validators=[Optional(), Length(max=1000)])
    moment_date = DateField(_l("Date of the moment"), validators=[InputRequired(_l("Enter the date of the moment."))])
    language = SelectField(_l("Language of the story"), choices=choices(LOCALE_NAMES.items()))
    photo = FileField(_l("Photo (optional)"), description=_l("JPEG, PNG or WebP, up to 5 MB. "
                                                             "Location and camera details are removed."))
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Send nomination"))


class RejectForm(FlaskForm):
    """HR's reason for not publishing a story."""

    reason = TextAreaField(_l("Reason, for the nominator"),
                           validators=[InputRequired(_l("Tell the nominator why.")), Length(max=1000)])
    submit = SubmitField(_l("Reject"))
