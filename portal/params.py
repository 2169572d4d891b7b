"""Reading numbers from requests safely: anything odd is simply absent, never a crash."""
from flask import request
from werkzeug.routing import IntegerConverter

# Ids and years are PostgreSQL ``integer`` columns, the narrowest of the databases' integer types.
LARGEST_ID = 2**31 - 1
LARGEST = 2**53  # for the few numbers that are not ids (a timestamp in microseconds)


class IdConverter(IntegerConverter):
    """``<id:name>`` in a route: a record's id, 1 to ``LARGEST_ID`` in ASCII digits.

    Anything else does not match the route, so it is a 404 like any unknown id, never a
    database error about an integer out of range.
    """

    regex = r"[0-9]{1,10}"  # ASCII digits only: werkzeug's \d would also take other scripts' digits

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=LARGEST_ID)


def small_int(value, largest: int = LARGEST_ID) -> int | None:
    """A non-negative integer written in ASCII digits, at most ``largest`` (an id's range), else None."""
    text = str(value or "").strip()
    if not text or len(text) > 16 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= largest else None


def int_arg(name: str) -> int | None:
    """A query-string integer, or None."""
    return small_int(request.args.get(name))


def int_list(name: str, limit: int = 200) -> list[int]:
    """The integers posted under a repeated form field, ignoring anything else."""
    numbers = (small_int(value) for value in request.form.getlist(name)[:limit])
    return [number for number in numbers if number is not None]
