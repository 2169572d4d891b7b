"""Story photos: checked by content, re-encoded without metadata, in two sizes.

An upload is opened by Pillow (never trusted by its name or content type),
must be JPEG, PNG or WebP, at most 5 MB and 40 megapixels; it is turned
upright (EXIF orientation), re-encoded as JPEG from its pixels alone, so no
EXIF, GPS or other metadata survives, and saved under a random name.
"""
import io
import os
import secrets
import warnings
from pathlib import Path

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.rules import RuleError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIZES = {"large": 1600, "thumb": 480}
#: The session key of the photos nominators uploaded for stories not yet saved (kept across Preview and a
#: failed submit): one per form ("new", or the id of the story being edited), so two tabs never swap them.
PENDING_PHOTOS = "pending_photos"
MAX_PENDING = 5  # forms open at once; the session cookie stays small


class PhotoError(RuleError):
    """The upload is not a photo we accept; the message says why."""


def upload_folder() -> Path:
    """Where photos are kept (``PORTAL_UPLOAD_DIR``, default ``instance/uploads``)."""
    folder = Path(current_app.config.get("PORTAL_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_for(key: str, size: str) -> Path:
    """The file of one size of a photo."""
    return upload_folder() / f"{key}-{size}.jpg"


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_BYTES:
        raise PhotoError(_l("The photo is larger than 5 MB. Choose a smaller one."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoError(_l("Choose a JPEG, PNG or WebP photo."))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(_l("The photo has too many pixels (at most 40 megapixels)."))
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(_l("The photo has too many pixels (at most 40 megapixels).")) from error
    except UnidentifiedImageError as error:
        raise PhotoError(_l("That file is not a photo we can read. Choose a JPEG, PNG or WebP photo.")) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError(_l("The photo seems damaged or incomplete. Try another one.")) from error
    return image


def save_photo(data: bytes) -> str:
    """Check, clean and store a photo; returns its key."""
    image = ImageOps.exif_transpose(_open(data))
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    key = secrets.token_hex(16)
    for size, longest in SIZES.items():
        copy = image.copy()
        copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        # A fresh image from the pixels alone: nothing of the original file's metadata is carried over.
        clean = Image.new("RGB", copy.size)
        clean.paste(copy)
        target = path_for(key, size)
        temporary = target.with_suffix(".tmp")
        clean.save(temporary, "JPEG", quality=85, optimize=True, progressive=True)
        os.replace(temporary, target)
    return key


def delete_photo(key: str | None) -> None:
    """Remove a photo's files, if any."""
    if not key:
        return
    for size in SIZES:
        path_for(key, size).unlink(missing_ok=True)


def pending_photo(form: str) -> str | None:
    """The photo uploaded in ``form`` and not yet saved with its story, if any."""
    return session.get(PENDING_PHOTOS, {}).get(form)


def keep_pending_photo(form: str, key: str) -> None:
    """Remember ``key`` as ``form``'s photo, deleting the one it replaces; beyond ``MAX_PENDING`` forms the
    oldest is forgotten (not deleted: its form may still be saved, with the photo it showed)."""
    pending = dict(session.get(PENDING_PHOTOS, {}))
    delete_photo(pending.pop(form, None))
    while len(pending) >= MAX_PENDING:
        pending.pop(next(iter(pending)))
    pending[form] = key
    session[PENDING_PHOTOS] = pending


def forget_pending_photo(form: str) -> None:
    """Stop keeping ``form``'s photo: it was saved with its story, or the form was opened afresh."""
    pending = dict(session.get(PENDING_PHOTOS, {}))
    if pending.pop(form, None) is not None:
        session[PENDING_PHOTOS] = pending


def is_pending_photo(key: str) -> bool:
    """Whether ``key`` is a photo this person uploaded for a story not saved yet (they may see it)."""
    return key in session.get(PENDING_PHOTOS, {}).values()
