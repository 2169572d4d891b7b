"""The categories every new campaign starts with (SPEC §3)."""

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
