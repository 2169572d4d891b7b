"""A person's avatar when there is no photo: their initials on a colour derived from their name."""
import zlib

COLOURS = 6  # .avatar-0 … .avatar-5 in static/css/portal.css, each with AA contrast for its letters


def initials(name: str) -> str:
    """The first letters of the first two words in scripts with capitals ("José García": JG); one
    character otherwise, as Chinese and Telugu names are not abbreviated that way."""
    words = (name or "").split()
    if not words:
        return "?"
    first = words[0][:1]
    if len(words) == 1 or first.upper() == first.lower():
        return first.upper()
    return (first + words[1][:1]).upper()


def colour(name: str) -> int:
    """A colour number for ``name``: the same name always gets the same colour."""
    return zlib.crc32((name or "").encode()) % COLOURS
