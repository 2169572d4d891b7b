"""Reading numbers from requests safely: anything odd is simply absent, never a crash."""
from flask import request

LARGEST = 2**53  # beyond any id or year, and within every database's integer range


def small_int(value) -> int | None:
    """A non-negative integer written in ASCII digits and within range, else None."""
    text = str(value or "").strip()
    if not text or len(text) > 16 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= LARGEST else None


def int_arg(name: str) -> int | None:
    """A query-string integer, or None."""
    return small_int(request.args.get(name))


def int_list(name: str, limit: int = 200) -> list[int]:
    """The integers posted under a repeated form field, ignoring anything else."""
    numbers = (small_int(value) for value in request.form.getlist(name)[:limit])
    return [number for number in numbers if number is not None]
