"""The categories every new campaign starts with (SPEC §3).

They are stored in English; a default category that HR has not renamed is
shown in the viewer's language (``Category.display_name``).
"""
from flask_babel import lazy_gettext as _l

DEFAULT_CATEGORIES = (
    ("Reliability", "Service that is excellent every time, so customers come back for the same experience.",
     "people"),
    ("Timeliness", "Meeting the customer's need as fast as possible without lowering quality.", "people"),
    ("Personalization", "Treating the customer as a person, not a number: names, history, a real conversation.",
     "people"),
    ("Approachability", "Patient and compassionate, even with a difficult or upset customer.", "people"),
    ("Flexibility", "Finding a way, or a good alternative, for an unusual or complicated request.", "people"),
    ("Above and Beyond", "Exceeding every expectation and making the moment unforgettable.", "people"),
    ("Service Team of the Year", "A team whose service lifted the whole organisation.", "team"),
)

# The same words, marked for translation.
TRANSLATED = {
    "Reliability": _l("Reliability"),
    "Timeliness": _l("Timeliness"),
    "Personalization": _l("Personalization"),
    "Approachability": _l("Approachability"),
    "Flexibility": _l("Flexibility"),
    "Above and Beyond": _l("Above and Beyond"),
    "Service Team of the Year": _l("Service Team of the Year"),
    "Service that is excellent every time, so customers come back for the same experience.":
        _l("Service that is excellent every time, so customers come back for the same experience."),
    "Meeting the customer's need as fast as possible without lowering quality.":
        _l("Meeting the customer's need as fast as possible without lowering quality."),
    "Treating the customer as a person, not a number: names, history, a real conversation.":
        _l("Treating the customer as a person, not a number: names, history, a real conversation."),
    "Patient and compassionate, even with a difficult or upset customer.":
        _l("Patient and compassionate, even with a difficult or upset customer."),
    "Finding a way, or a good alternative, for an unusual or complicated request.":
        _l("Finding a way, or a good alternative, for an unusual or complicated request."),
    "Exceeding every expectation and making the moment unforgettable.":
        _l("Exceeding every expectation and making the moment unforgettable."),
    "A team whose service lifted the whole organisation.": _l("A team whose service lifted the whole organisation."),
}


def translated(text: str) -> str:
    """A default category's name or description in the viewer's language; other text as it is."""
    label = TRANSLATED.get(text)
    return str(label) if label is not None else text
