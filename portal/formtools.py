"""Small helpers shared by every feature's forms."""
from wtforms.fields.choices import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the select options WTForms expects."""
    return [SelectChoice(value, label) for value, label in pairs]
