"""Cheers and comments on a story."""
from tests.factories import make_comment, make_story


JSON = {"Accept": "application/json"}


def test_cheer_toggles_once_per_person(db, login_as):
    story = make_story()
    client = login_as("employee")
    assert client.post(f"/stories/{story.id}/cheer", headers=JSON).get_json() == {"cheering": True, "count": 1}
    other = login_as("employee")
    assert other.post(f"/stories/{story.id}/cheer", headers=JSON).get_json() == {"cheering": True, "count": 2}
    assert client.post(f"/stories/{story.id}/cheer", headers=JSON).get_json() == {"cheering": False, "count": 1}
    page = other.get(f"/stories/{story.id}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page and 'class="cheer-count">1<' in page


def test_unpublished_stories_cannot_be_cheered_or_commented(db, login_as):
    story = make_story(status="pending")
    client = login_as("employee")
    assert client.post(f"/stories/{story.id}/cheer").status_code == 404
    assert client.post(f"/stories/{story.id}/comments", data={"text": "Hi"}).status_code == 404


def test_comments_are_posted_limited_and_kept_on_error(db, login_as):
    story = make_story()
    client = login_as("employee")
    assert client.post(f"/stories/{story.id}/comments", data={"text": "Brilliant work!"}).status_code == 302
    assert "Brilliant work!" in login_as("employee").get(f"/stories/{story.id}").get_data(as_text=True)
    long = client.post(f"/stories/{story.id}/comments", data={"text": "y" * 2001})
    assert long.status_code == 400 and "under 2000 characters" in long.get_data(as_text=True)
    assert "y" * 2001 in long.get_data(as_text=True)


def test_comment_rate_limit(app, db, login_as):
    app.config["COMMENTS_PER_HOUR"] = 2
    story = make_story()
    client = login_as("employee")
    for n in range(2):
        assert client.post(f"/stories/{story.id}/comments", data={"text": f"Comment {n}"}).status_code == 302
    third = client.post(f"/stories/{story.id}/comments", data={"text": "Too many"})
    assert third.status_code == 400 and "Please wait a little" in third.get_data(as_text=True)


def test_a_comment_hidden_by_hr_is_gone_for_everyone_else(db, login_as):
    story = make_story()
    comment = make_comment(story, text="Something unkind")
    reader = login_as("employee")
    assert "Something unkind" in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    hr = login_as("hr")
    assert hr.post(f"/comments/{comment.id}/hide", data={"hidden": "1"}).status_code == 302
    assert "Something unkind" not in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Something unkind" not in login_as(comment.user).get(f"/stories/{story.id}").get_data(as_text=True)
    hr_page = hr.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Something unkind" in hr_page and "hidden by HR" in hr_page
    assert "comment.hidden" in hr.get("/admin/moderation/audit").get_data(as_text=True)


def test_comments_are_plain_text(db, login_as):
    story = make_story()
    client = login_as("employee")
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    client.post(f"/stories/{story.id}/comments", data={"text": payload})
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
