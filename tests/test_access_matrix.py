"""Who may open what: every route × anonymous / employee / nominee of the story / HR → the expected status.

A route added without a row here fails ``test_every_route_is_in_the_matrix``.
"""
import pytest

from tests.factories import (make_comment, make_endorsement, make_induction, make_live_campaign, make_outbox_message, make_story,
                             make_user)

LOGIN = "login"  # redirected to the sign-in page

# (method, url template, anonymous, employee, hr); {person} is a directory entry.
MATRIX = {
    "main.home": [("GET", "/", LOGIN, 200, 200)],
    "main.set_language": [("POST", "/language", 302, 302, 302)],
    "system.healthz": [("GET", "/healthz", 200, 200, 200)],
    "metrics": [("GET", "/metrics", 200, 200, 200)],  # from 127.0.0.1, the test client's address
    "accounts.login": [("GET", "/login", 200, 302, 302)],
    "accounts.logout": [("POST", "/logout", LOGIN, 302, 302)],
    "accounts.forgot_password": [("GET", "/forgot-password", 200, 200, 200)],
    "accounts.set_password": [("GET", "/set-password/unknown-token", 410, 410, 410)],
    "accounts.account": [("GET", "/account", LOGIN, 200, 200)],
    "accounts.save_preferences": [("POST", "/account/preferences", LOGIN, 400, 400)],
    "accounts.change_password": [("POST", "/account/password", LOGIN, 400, 400)],
    "accounts.sign_out_everywhere": [("POST", "/account/sign-out-everywhere", LOGIN, 302, 302)],
    "privacy.download_my_data": [("POST", "/account/my-data.zip", LOGIN, 200, 200)],
    "admin.index": [("GET", "/admin/", LOGIN, 403, 200)],
    "directory.people": [("GET", "/admin/people/", LOGIN, 403, 200)],
    "directory.import_directory": [("GET", "/admin/people/import", LOGIN, 403, 200)],
    "directory.invite": [("GET", "/admin/people/invite", LOGIN, 403, 200)],
    "directory.resend_invitation": [("POST", "/admin/people/{person}/resend-invitation", LOGIN, 403, 302)],
    "directory.deactivate": [("POST", "/admin/people/{person}/deactivate", LOGIN, 403, 302)],
    "directory.reactivate": [("POST", "/admin/people/{person}/reactivate", LOGIN, 403, 302)],
    "privacy.erase": [("GET", "/admin/people/{person}/erase", LOGIN, 403, 200),
                      ("POST", "/admin/people/{person}/erase", LOGIN, 403, 400)],  # unconfirmed: nothing erased
    "campaigns.index": [("GET", "/admin/campaigns/", LOGIN, 403, 200)],
    "campaigns.create": [("GET", "/admin/campaigns/new", LOGIN, 403, 200)],
    "campaigns.edit": [("GET", "/admin/campaigns/{campaign}", LOGIN, 403, 200)],
    "campaigns.next_phase": [("POST", "/admin/campaigns/{campaign}/next-phase", LOGIN, 403, 302)],
    "campaigns.cancel": [("POST", "/admin/campaigns/{campaign}/cancel", LOGIN, 403, 302)],
    "campaigns.category": [("GET", "/admin/campaigns/{campaign}/categories/new", LOGIN, 403, 200),
                           ("GET", "/admin/campaigns/{campaign}/categories/{category}", LOGIN, 403, 200)],
    "notifications.index": [("GET", "/admin/outbox/", LOGIN, 403, 200)],
    "notifications.retry": [("POST", "/admin/outbox/{message}/retry", LOGIN, 403, 302)],
    "nominations.nominate": [("GET", "/nominate", LOGIN, 200, 200)],
    "nominations.people": [("GET", "/nominate/people?q=pe", LOGIN, 200, 200)],
    "nominations.mine": [("GET", "/nominate/mine", LOGIN, 200, 200)],
    "nominations.edit": [("GET", "/nominate/{story}/edit", LOGIN, 403, 403)],
    "nominations.withdraw": [("POST", "/nominate/{story}/withdraw", LOGIN, 403, 403)],
    "stories.story": [("GET", "/stories/{story}", LOGIN, 200, 200),
                      ("GET", "/stories/{pending}", LOGIN, 404, 200)],
    "stories.endorse": [("POST", "/stories/{story}/endorse", LOGIN, 400, 400)],
    "stories.report_story": [("POST", "/stories/{story}/report", LOGIN, 302, 302)],
    "stories.report_endorsement": [("POST", "/endorsements/{endorsement}/report", LOGIN, 302, 302)],
    "stories.photo": [("GET", "/photos/{photo}/thumb.jpg", LOGIN, 200, 200),
                      ("GET", "/photos/{pending_photo}/large.jpg", LOGIN, 404, 200)],
    "moderation.index": [("GET", "/admin/moderation/", LOGIN, 403, 200)],
    "moderation.approve": [("POST", "/admin/moderation/{pending}/approve", LOGIN, 403, 302)],
    "moderation.reject": [("POST", "/admin/moderation/{pending}/reject", LOGIN, 403, 400)],
    "moderation.bulk_approve": [("POST", "/admin/moderation/approve", LOGIN, 403, 302)],
    "moderation.review": [("POST", "/admin/moderation/reports/story/{story}", LOGIN, 403, 302)],
    "moderation.audit": [("GET", "/admin/moderation/audit", LOGIN, 403, 200)],
    "voting.ballot": [("GET", "/vote", LOGIN, 200, 200)],
    "voting.cast": [("POST", "/vote/{story}", LOGIN, 302, 302), ("POST", "/vote/{pending}", LOGIN, 404, 404)],
    "voting.withdraw": [("POST", "/vote/{story}/withdraw", LOGIN, 302, 302)],
    "voting.results": [("GET", "/admin/campaigns/{campaign}/results", LOGIN, 403, 200)],
    "hall_of_fame.index": [("GET", "/hall-of-fame", LOGIN, 200, 200)],
    "stories.index": [("GET", "/stories", LOGIN, 200, 200)],
    "stories.cheer": [("POST", "/stories/{story}/cheer", LOGIN, 302, 302)],
    "stories.comment": [("POST", "/stories/{story}/comments", LOGIN, 400, 400)],
    "stories.hide_comment": [("POST", "/comments/{comment}/hide", LOGIN, 403, 302)],
    "hall_of_fame.certificate": [("GET", "/hall-of-fame/{induction}/certificate.pdf?person={inductee}", LOGIN, 200, 200),
                                 ("GET", "/hall-of-fame/{induction}/certificate.pdf?person={person}", LOGIN, 404, 404)],
    "hall_of_fame.ceremony": [("GET", "/admin/campaigns/{campaign}/ceremony", LOGIN, 403, 302)],
    "static": [("GET", "/static/css/portal.css", 200, 200, 200)],
}

CASES = [(endpoint, *row) for endpoint, rows in MATRIX.items() for row in rows]


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = endpoints - MATRIX.keys()
    assert not missing, f"add these routes to the access matrix: {sorted(missing)}"
    assert not MATRIX.keys() - endpoints, "the matrix lists routes that no longer exist"


def matrix_data() -> dict:
    """The records the matrix's URLs point at."""
    person = make_user(password=None)
    campaign = make_live_campaign()
    message = make_outbox_message(status="failed")
    story = make_story(campaign, photo=True)
    pending = make_story(campaign, status="pending", photo=True)
    endorsement = make_endorsement(story)
    comment = make_comment(story)
    induction = make_induction(story)
    return {"person": person.id, "campaign": campaign.id, "category": campaign.categories[0].id,
            "message": message.id, "story": story.id, "pending": pending.id, "endorsement": endorsement.id,
            "photo": story.photo_key, "pending_photo": pending.photo_key, "comment": comment.id,
            "induction": induction.id, "inductee": story.nominees[0].id, "_nominee": story.nominees[0]}


def fill_urls(url: str, data: dict) -> str:
    """A matrix URL with its placeholders filled."""
    return url.format(**{key: value for key, value in data.items() if not key.startswith("_")})


@pytest.mark.parametrize("role", ["anonymous", "employee", "nominee", "hr"])
@pytest.mark.parametrize("endpoint,method,url,anonymous,employee,hr", CASES,
                         ids=[f"{case[0]}:{case[1]}" for case in CASES])
def test_access(app, login_as, role, endpoint, method, url, anonymous, employee, hr):
    data = matrix_data()
    if role == "anonymous":
        client = app.test_client()
    elif role == "nominee":
        client = login_as(data["_nominee"])
    else:
        client = login_as(role)
    response = client.open(fill_urls(url, data), method=method)
    # The nominee of a story may open exactly what any other employee may.
    expected = {"anonymous": anonymous, "employee": employee, "nominee": employee, "hr": hr}[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected
