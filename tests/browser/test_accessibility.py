"""axe-core (installed from npm by the build) on every main page: no WCAG 2.2 A or AA violation."""
import os
from datetime import timedelta

import pytest

from portal.campaigns.service import start_next_phase
from portal.types import utcnow
from portal.voting.models import Vote
from portal.hall_of_fame.service import announce
from tests.browser.conftest import ROOT, screenshot
from tests.factories import (
    make_comment,
    make_endorsement,
    make_hr,
    make_live_campaign,
    make_outbox_message,
    make_story,
    make_user,
)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """Run axe-core in the page; one line per violated rule, naming the first elements."""
    # Contrast is judged on what stays on screen, not halfway through a fade-in.
    page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_A_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes'][:3]]}"
            for v in result["violations"]]


def check_pages(page, paths: list[str], prefix: str) -> dict[str, list[str]]:
    """axe on each path; screenshots of each kept as artifacts."""
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response.status < 400 and response.url.endswith(path), f"{path}: {response.status} {response.url}"
        if violations := axe_violations(page):
            found[path] = violations
        screenshot(page, prefix + (path.strip("/").replace("/", "-") or "home"))
    return found


@pytest.fixture
def week(db):
    """A nominating campaign with stories, comments and endorsements, and last year's winners."""
    if not AXE.exists():
        message = f"{AXE.relative_to(ROOT)} is missing: `make test` installs it with npm"
        if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    now = utcnow()
    past = make_live_campaign((-400, -396, -395, -394), year=now.year - 1)
    winner = make_story(past, title="Last year's star", photo=True)
    db.session.add(Vote(campaign_id=past.id, category_id=winner.category_id, story_id=winner.id,
                        voter_id=make_user().id, slot=1))
    announce(db.session, past)
    campaign = make_live_campaign()
    author = make_user("ada@a11y.example", display_name="Ada Lovelace")
    story = make_story(campaign, nominator=author, title="She fixed it on the first call", photo=True)
    make_story(campaign, nominator=author, status="pending", title="Still waiting for HR")
    make_endorsement(story)
    make_comment(story, text="Well deserved!")
    make_outbox_message(status="failed", last_error="550 mailbox unavailable")
    return {"past": past, "campaign": campaign, "author": author, "story": story}


def test_every_main_page_has_no_wcag_violation(open_page, db, week):
    campaign, story = week["campaign"], week["story"]
    found = {}
    anonymous = open_page()
    found |= check_pages(anonymous, ["/login", "/forgot-password"], "anonymous-")

    employee = open_page(week["author"])
    found |= check_pages(employee, ["/", "/nominate", "/nominate/mine", f"/nominate/{story.id}/edit", "/stories",
                                    "/stories?q=first+call", f"/stories/{story.id}", "/hall-of-fame", "/account"],
                         "employee-")
    employee.goto("/nominate")
    employee.click("button[name=submit]")  # every field's error message at once
    employee.wait_for_selector(".error-summary")
    if violations := axe_violations(employee):
        found["/nominate (with errors)"] = violations
    screenshot(employee, "employee-nominate-errors")

    hr = open_page(make_hr(email="hr@a11y.example"))
    found |= check_pages(hr, ["/admin/", "/admin/campaigns/", f"/admin/campaigns/{campaign.id}",
                              "/admin/campaigns/new", f"/admin/campaigns/{campaign.id}/categories/new",
                              f"/admin/campaigns/{campaign.id}/results", "/admin/moderation/",
                              "/admin/moderation/audit", "/admin/outbox/", "/admin/people/",
                              "/admin/people/import", "/admin/people/invite",
                              f"/admin/campaigns/{week['past'].id}/ceremony",
                              f"/admin/people/{week['author'].id}/erase"], "hr-")
    hr.click("button[type=submit].danger")  # an erasure without its confirmation: refused, at its field
    hr.wait_for_selector(".error-summary")
    if violations := axe_violations(hr):
        found["/admin/people/<id>/erase (with errors)"] = violations
    screenshot(hr, "hr-erase-errors")

    start_next_phase(db.session, campaign, utcnow() - timedelta(seconds=1))  # voting opens
    db.session.commit()
    found |= check_pages(employee, ["/vote", "/"], "voting-")
    found |= check_pages(open_page(week["author"], locale="zh-CN"), ["/vote"], "voting-zh-")

    assert found == {}, "\n".join(f"{path}:\n  " + "\n  ".join(lines) for path, lines in found.items())
