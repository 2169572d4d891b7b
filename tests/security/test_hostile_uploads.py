"""Hostile uploads through the real nomination form: nothing but a clean re-encoded photo is ever served."""
import io

import pytest
from PIL import Image
from sqlalchemy import select

from portal.stories.models import Story
from tests.factories import MOMENT, STORY, make_image, make_live_campaign, make_user

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _polyglot() -> bytes:
    """A valid JPEG carrying HTML and script in a comment segment and after its end."""
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(image, "JPEG", comment=HTML)
    return image.getvalue() + HTML


def _nominate(client, campaign, data: bytes, filename: str, content_type: str):
    form = {"category": str(campaign.categories[0].id), "title": "Upload story", "story": STORY,
            "moment_date": MOMENT.isoformat(), "language": "en", "submit": "1",
            "nominees": [str(make_user().id)], "photo": (io.BytesIO(data), filename, content_type)}
    return client.post("/nominate", data=form, content_type="multipart/form-data")


@pytest.mark.parametrize("data,filename,content_type", [
    (SVG, "smile.jpg", "image/jpeg"),
    (SVG, "smile.svg", "image/svg+xml"),
    (HTML, "photo.jpg", "image/jpeg"),
    (HTML, "../../../static/js/portal.js", "image/jpeg"),
    (b"MZ\x90\x00" + b"\0" * 200, "setup.exe.jpg", "image/jpeg"),
    (b"%PDF-1.7\n" + b"\0" * 200, "photo.pdf", "application/pdf"),
    (b"", "empty.jpg", "image/jpeg"),
])
def test_files_that_are_not_photos_are_refused_and_nothing_is_saved(db, login_as, data, filename, content_type):
    campaign = make_live_campaign()
    response = _nominate(login_as("employee"), campaign, data, filename, content_type)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Upload story" in page  # what was typed is kept
    assert db.session.scalar(select(Story)) is None


def test_a_polyglot_photo_is_served_re_encoded_without_its_payload(app, db, login_as):
    campaign = make_live_campaign()
    client = login_as("employee")
    response = _nominate(client, campaign, _polyglot(), "../../evil.html", "text/html")
    assert response.status_code == 302
    key = db.session.scalar(select(Story)).photo_key
    assert "evil" not in key and "/" not in key and "." not in key  # the name is the server's own
    for size in ("thumb", "large"):
        photo = client.get(f"/photos/{key}/{size}.jpg")
        assert photo.status_code == 200
        assert photo.headers["Content-Type"] == "image/jpeg"
        assert photo.headers["X-Content-Type-Options"] == "nosniff"
        assert b"<script" not in photo.data and b"<html" not in photo.data.lower()
        assert Image.open(io.BytesIO(photo.data)).format == "JPEG"


def test_a_photo_larger_than_the_request_limit_is_a_413_and_nothing_is_saved(db, login_as):
    campaign = make_live_campaign()
    big = make_image() + b"\0" * (7 * 1024 * 1024)
    response = _nominate(login_as("employee"), campaign, big, "big.jpg", "image/jpeg")
    assert response.status_code == 413
    assert db.session.scalar(select(Story)) is None
