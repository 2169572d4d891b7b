"""A person's avatar when there is no photo: their initials on a colour derived from their name."""
import zlib

COLOURS = 6  # .avatar-0 … .avatar-5 in static/css/portal.css, each with AA contrast for its letters


def initials(name: str) -> str:
    """The first letter of the first two words (one character for a name written without spaces)."""
    words = (name or "").split()
    if not words:
        return "?"
    if len(words) == 1 or not words[0].isascii():
        return words[0][:1].upper()
    return (words[0][:1] + words[1][:1]).upper()


def colour(name: str) -> int:
    """A colour number for ``name``: the same name always gets the same colour."""
    return zlib.crc32((name or "").encode()) % COLOURS
