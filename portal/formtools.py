"""Small helpers shared by every feature's forms and views."""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash
from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.rules import RuleError


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the select options WTForms expects."""
    return [SelectChoice(value, label) for value, label in pairs]


def show_refusal(error: RuleError, form=None, field: str | None = None) -> None:
    """Show a rule's refusal next to the form field it names (else ``field``), or as a message at the top."""
    name = error.field or field
    target = getattr(form, name, None) if form is not None and name else None
    if target is not None:
        target.errors = list(target.errors) + [str(error)]
    else:
        flash(str(error), "error")


@dataclass
class Outcome:
    """What ``committed`` ended with: ``ok`` after the commit, else the ``error`` a rule raised."""

    ok: bool = False
    error: RuleError | None = None


@contextmanager
def committed(form=None, field: str | None = None, shown_by_view: tuple[str, ...] = ()) -> Iterator[Outcome]:
    """Run a view's changes: commit them, or, when a rule refuses, roll everything back and show why.

    The request's one commit happens here; a ``RuleError`` raised inside is shown at the field of
    ``form`` it names (else at ``field``, else flashed) and swallowed, so the view goes on to render
    the form again. A refusal about one of ``shown_by_view`` is left for the view to show. An error
    that carries several refusals (``RuleError.problems``) shows each at its own field.
    """
    outcome = Outcome()
    try:
        yield outcome
    except RuleError as error:
        db.session.rollback()
        outcome.error = error
        for problem in error.problems:
            if problem.field not in shown_by_view:
                show_refusal(problem, form, field)
    else:
        db.session.commit()
        outcome.ok = True
