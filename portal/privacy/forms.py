"""HR's form to erase a person."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired


class EraseForm(FlaskForm):
    """The confirmation an erasure needs; the inductions to keep are checkboxes named ``keep``."""

    confirm = BooleanField(_l("I understand this cannot be undone"),
                           validators=[DataRequired(_l("Tick the box to confirm that this cannot be undone."))])
    submit = SubmitField(_l("Erase personal data"))
