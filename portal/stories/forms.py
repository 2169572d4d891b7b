"""Forms of a story's page: endorsing and reporting."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional


class EndorseForm(FlaskForm):
    """ "I saw this too"."""

    text = TextAreaField(_l("I saw this too"), validators=[InputRequired(_l("Write what you saw.")), Length(max=500)],
                         description=_l("Up to 500 characters."))
    submit = SubmitField(_l("Add my endorsement"))


class ReportForm(FlaskForm):
    """Report a story or endorsement to HR."""

    reason = StringField(_l("What is wrong with it? (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Report to HR"))
