"""The one base of every refusal a rule gives, so that views handle all of them alike."""


class RuleError(Exception):
    """A rule refused an action; the message says why, ``field`` names the form field it concerns.

    ``problems`` lists each refusal it carries: itself, or, when several rules refused at once
    (every problem of a nomination), each of them with its own field.
    """

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field
        self.problems: list[RuleError] = [self]
