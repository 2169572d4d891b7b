"""Hostile input stays inert: XSS in every text field, and hostile or odd photos."""
import io
from html.parser import HTMLParser

import pytest
from PIL import Image
from sqlalchemy import select

from portal.stories.markdown import render_story
from portal.stories.models import Story
from portal.stories.photos import PhotoError, path_for, save_photo
from tests.factories import MOMENT, STORY, make_image, make_live_campaign, make_story, make_user

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "![pic](http://evil.example/x.png)",
    "<iframe src=//evil.example></iframe>",
    "\"><script>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


class Elements(HTMLParser):
    """Every element and attribute in a piece of HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html: str, allowed=frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "a"})) -> None:
    """Only allowed tags, no event handlers, links only to http(s) or mailto."""
    for tag, attributes in Elements(html).found:
        assert tag in allowed, tag
        assert not any(name.startswith("on") for name in attributes), attributes
        if "href" in attributes:
            assert attributes["href"].split(":", 1)[0] in {"http", "https", "mailto"}, attributes


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_keeps_no_script_handler_image_or_dangerous_link(payload):
    assert_inert(str(render_story(payload + " " + STORY)))


def test_links_get_nofollow_noopener():
    html = str(render_story("See [our page](https://example.com/x) for more. " + STORY))
    assert 'href="https://example.com/x"' in html and 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_shown_as_text(db, login_as, payload):
    campaign = make_live_campaign()
    nominee = make_user(display_name=payload[:100])
    nominator = make_user(display_name="Nominator " + payload[:80])
    story = make_story(campaign, nominator=nominator, nominees=[nominee], title=payload[:120],
                       body=payload + " " + STORY, customer_impact=payload)
    make_story_endorsed = login_as("employee")
    make_story_endorsed.post(f"/stories/{story.id}/endorse", data={"text": payload})
    pages = [client.get(f"/stories/{story.id}").get_data(as_text=True) for client in (make_story_endorsed,
                                                                                     login_as("hr"))]
    pages.append(login_as("hr").get("/admin/moderation/").get_data(as_text=True))
    for page in pages:
        for tag, attributes in Elements(page).found:
            assert tag not in {"script", "iframe", "svg"} or attributes.get("src", "").startswith("/static/")
            # Only our own: the report form, and the header's menu (open on wide screens).
            assert tag != "details" or attributes in ({"class": "report"}, {"class": "menu", "data-wide-open": None})
            assert not any(name.startswith("on") for name in attributes), (tag, attributes)
            assert not attributes.get("href", "").lower().startswith(("javascript:", "data:"))
            assert tag != "img" or attributes.get("src", "").startswith(("/static/", "/photos/"))


def _upload(client, campaign, data: bytes, filename="photo.jpg", **extra):
    form = {"category": str(campaign.categories[0].id), "title": "Photo story", "story": STORY,
            "moment_date": MOMENT.isoformat(), "language": "en", "submit": "1",
            "nominees": [str(make_user().id)], "photo": (io.BytesIO(data), filename)}
    form.update(extra)
    return client.post("/nominate", data=form, content_type="multipart/form-data")


def test_a_photo_is_re_encoded_resized_and_stripped_of_gps(app, db, login_as):
    image = Image.new("RGB", (3000, 2000), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Spy Camera Co"          # Make
    gps = exif.get_ifd(0x8825)              # GPSInfo
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif().get_ifd(0x8825)  # the upload has GPS
    campaign = make_live_campaign()
    client = login_as("employee")
    assert _upload(client, campaign, buffer.getvalue(), "holiday.png").status_code == 302
    story = db.session.scalar(select(Story))
    large = Image.open(path_for(story.photo_key, "large"))
    thumb = Image.open(path_for(story.photo_key, "thumb"))
    assert large.format == "JPEG" and max(large.size) == 1600 and max(thumb.size) == 480
    assert not large.getexif() and b"Spy Camera" not in path_for(story.photo_key, "large").read_bytes()
    response = client.get(f"/photos/{story.photo_key}/large.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_orientation_is_fixed(app):
    image = Image.new("RGB", (40, 20), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    key = save_photo(buffer.getvalue())
    assert Image.open(path_for(key, "large")).size == (20, 40)


def test_png_with_transparency_and_webp_are_accepted(app):
    rgba = io.BytesIO()
    Image.new("RGBA", (30, 30), (255, 0, 0, 0)).save(rgba, "PNG")
    assert save_photo(rgba.getvalue())
    assert save_photo(make_image(fmt="WEBP"))


@pytest.mark.parametrize("data,message", [
    (b"GIF89a" + b"\0" * 100, "not a photo we can read"),
    (b"<?php echo 'hi'; ?>", "not a photo we can read"),
    (b"\xff\xd8\xff\xe0" + b"junk" * 20, "damaged or incomplete|not a photo we can read"),
    (make_image(fmt="GIF"), "Choose a JPEG, PNG or WebP photo."),
    (make_image(fmt="BMP"), "Choose a JPEG, PNG or WebP photo."),
])
def test_files_that_are_not_accepted_photos_are_refused(app, data, message):
    with pytest.raises(PhotoError, match=message):
        save_photo(data)


def test_a_truncated_photo_is_refused(app):
    data = make_image(400, 300)
    with pytest.raises(PhotoError, match="damaged or incomplete"):
        save_photo(data[: len(data) // 2])


def test_huge_dimensions_and_decompression_bombs_are_refused_before_decoding(app):
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")  # tiny file, 400 megapixels
    assert len(bomb.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(PhotoError, match="too many pixels"):
        save_photo(bomb.getvalue())


def test_a_photo_over_5_mb_is_refused(app):
    with pytest.raises(PhotoError, match="larger than 5 MB"):
        save_photo(b"\xff\xd8" + b"\0" * (5 * 1024 * 1024 + 1))


def test_a_bad_photo_is_explained_and_the_rest_of_the_form_is_kept(db, login_as):
    campaign = make_live_campaign()
    response = _upload(login_as("employee"), campaign, b"not an image at all", "cat.jpg")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "not a photo we can read" in page and 'value="Photo story"' in page
    assert db.session.scalar(select(Story)) is None


@pytest.mark.parametrize("button,status", [({"title": "No"}, 400), ({"title": ""}, 400),
                                           ({"submit": "", "preview": "1"}, 200),
                                           ({"submit": "", "search": "1", "person_search": "grace"}, 200)])
def test_a_good_photo_is_kept_across_preview_search_and_a_failed_submit(db, login_as, button, status):
    campaign = make_live_campaign()
    client = login_as("employee")
    response = _upload(client, campaign, make_image(), **button)
    assert response.status_code == status and "Your photo is kept" in response.get_data(as_text=True)
    form = {"category": str(campaign.categories[0].id), "title": "Now a good title", "story": STORY,
            "moment_date": MOMENT.isoformat(), "language": "en", "submit": "1", "nominees": [str(make_user().id)]}
    assert client.post("/nominate", data=form).status_code == 302
    assert db.session.scalar(select(Story)).photo_key is not None


def test_photos_of_unpublished_stories_are_private(db, login_as):
    story = make_story(status="pending", photo=True)
    assert login_as("employee").get(f"/photos/{story.photo_key}/thumb.jpg").status_code == 404
    assert login_as(story.nominator).get(f"/photos/{story.photo_key}/thumb.jpg").status_code == 200
    assert login_as("employee").get("/photos/../../etc/passwd/thumb.jpg").status_code == 404


def test_excerpts_are_plain_text_that_templates_escape_once():
    from portal.stories.markdown import plain_excerpt
    # Markdown marks go, entities are decoded, typed tags stay as the text they were.
    assert plain_excerpt("Tom & Jerry **helped** <b>a lot</b> " + STORY, 30) == "Tom & Jerry helped <b>a…"


def test_a_photo_kept_in_one_form_stays_with_that_form(db, login_as):
    campaign = make_live_campaign()
    nominator = make_user()
    told = make_story(campaign, nominator=nominator, status="pending", title="Already told")
    client = login_as(nominator)
    assert _upload(client, campaign, make_image(), submit="", preview="1").status_code == 200  # the new story's
    edit = client.get(f"/nominate/{told.id}/edit").get_data(as_text=True)
    assert "Your photo is kept" not in edit  # another form, in another tab
    form = {"category": str(told.category_id), "title": "Already told, better", "story": STORY,
            "moment_date": MOMENT.isoformat(), "language": "en", "submit": "1",
            "nominees": [str(link.user_id) for link in told.nominee_links]}
    assert client.post(f"/nominate/{told.id}/edit", data=form).status_code == 302
    db.session.refresh(told)
    assert told.photo_key is None
    assert "Your photo is kept" in _upload(client, campaign, b"", "", submit="", preview="1").get_data(as_text=True)
