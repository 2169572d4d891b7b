"""Every payload of the XSS corpus, through every text field, rendered in Chromium: nothing runs.

The pages are opened with the Content-Security-Policy bypassed, so what is
proved is that the portal's own escaping and sanitising hold, not only the CSP.
"""
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Error as PlaywrightError

from portal.types import utcnow
from portal.voting.models import Vote
from portal.hall_of_fame.service import announce
from tests.factories import make_comment, make_endorsement, make_hr, make_live_campaign, make_outbox_message, \
    make_story, make_user

CORPUS = Path(__file__).resolve().parents[1] / "security" / "data" / "xss_payloads.txt"
PAYLOADS = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("# ")]

# Finds what an injection would leave behind: a handler attribute, a script not
# served from /static/, a javascript:/vbscript:/HTML-data URL, or an element
# the portal's templates never use.
SCAN = """() => {
  const found = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster'];
  const foreign = ['IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'BASE', 'STYLE', 'APPLET', 'svg', 'math',
                   'VIDEO', 'AUDIO', 'MARQUEE', 'DIALOG', 'TEMPLATE', 'ISINDEX', 'KEYGEN', 'BGSOUND'];
  for (const element of document.querySelectorAll('*')) {
    const tag = element.tagName;
    if (foreign.includes(tag)) found.push('<' + tag + '>');
    if (tag === 'SCRIPT' && !(element.src && new URL(element.src).origin === location.origin &&
                              new URL(element.src).pathname.startsWith('/static/'))) found.push('<script>');
    if (tag === 'META' && element.httpEquiv) found.push('<meta http-equiv>');
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]+/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(tag + ' ' + name);
      if (name === 'srcdoc') found.push(tag + ' srcdoc');
      if (urlAttributes.includes(name) && /^(javascript:|vbscript:|data:text\\/html)/.test(value)) {
        found.push(tag + ' ' + name + '=' + value.slice(0, 40));
      }
    }
  }
  return found;
}"""


def _fit(text: str, length: int) -> str:
    return text[:length]


@pytest.fixture
def poisoned(db):
    """Every payload in every text field a person or HR can fill in."""
    assert len(PAYLOADS) >= 100
    now = utcnow()
    past = make_live_campaign((-400, -396, -395, -394), year=now.year - 1)
    past.theme = PAYLOADS[0]
    campaign = make_live_campaign((-3, -1, 2, 3))
    campaign.theme = PAYLOADS[1]
    for index, category in enumerate(campaign.categories + past.categories):
        category.name = _fit(PAYLOADS[index + 2], 80)
        category.description = PAYLOADS[index + 20]
    author = make_user("author@xss.example", display_name="Story Teller")
    stories = []
    for index, payload in enumerate(PAYLOADS):
        nominee = make_user(f"nominee{index}@xss.example", display_name=_fit(payload, 120),
                            job_title=_fit(payload, 120), department=_fit(payload, 120), site=_fit(payload, 120))
        fields = dict(nominator=author, nominees=[nominee], category_index=index % 6, title=_fit(payload, 120),
                      body=f"{payload}\n\n{payload}", customer_impact=_fit(payload, 1000))
        story = make_story(campaign, **fields)
        make_story(campaign, status="rejected", rejection_reason=payload, **(fields | {"category_index": (index + 1) % 6}))
        make_comment(story, user=nominee, text=payload)
        make_endorsement(story, user=make_user(display_name=_fit(payload, 120)), text=_fit(payload, 500))
        make_outbox_message(status="failed", subject=_fit(payload, 255), last_error=payload)
        stories.append(story)
    for index, payload in enumerate(PAYLOADS[:12]):
        winner = make_story(past, nominator=author, category_index=index % 6, title=_fit(payload, 120),
                            body=payload, nominees=[make_user(display_name=_fit(payload, 120))])
        db.session.add(Vote(campaign_id=past.id, category_id=winner.category_id, story_id=winner.id,
                            voter_id=make_user().id, slot=1))
    announce(db.session, past)
    db.session.commit()
    return {"author": author, "stories": [story.id for story in stories], "past": past.id}


def _pages(data) -> list[str]:
    pages = ["/", "/stories", "/hall-of-fame", "/nominate/mine", "/vote"]
    pages += [f"/vote?category={index}" for index in range(1, 16)]
    pages += [f"/stories/{story_id}" for story_id in data["stories"]]
    pages += [f"/stories?q={quote(payload)}" for payload in PAYLOADS]
    return pages


def _visit(page, path: str, problems: dict) -> None:
    dialogs = len(page.dialogs)
    try:
        response = page.goto(path)
        found = [f"HTTP {response.status}"] if response.status >= 500 else page.evaluate(SCAN)
    except PlaywrightError as error:  # an injected redirect took the page away
        found = [f"navigated away: {error.message.splitlines()[0]}"]
    found += [f"dialog: {message}" for message in page.dialogs[dialogs:]]
    if found:
        problems[path] = sorted(set(found))


def test_no_payload_runs_or_injects_anything(open_page, db, poisoned):
    problems = {}
    reader = open_page(poisoned["author"], bypass_csp=True)
    for path in _pages(poisoned):
        _visit(reader, path, problems)
    # Follow the wall's keyset pages to the end.
    reader.goto("/stories")
    for _ in range(20):
        more = reader.locator(".pager a")
        if more.count() == 0:
            break
        more.first.click()
        _visit(reader, reader.url.replace(reader.url.split("/stories")[0], ""), problems)

    hr = open_page(make_hr(email="hr@xss.example"), bypass_csp=True)
    for path in ["/admin/moderation/", "/admin/moderation/audit", "/admin/people/", "/admin/outbox/",
                 "/admin/campaigns/", f"/admin/campaigns/{poisoned['past']}",
                 f"/admin/campaigns/{poisoned['past']}/results", f"/admin/campaigns/{poisoned['past']}/ceremony",
                 "/nominate/people?q=%3Cscript%3E"]:
        _visit(hr, path, problems)

    assert problems == {}, "\n".join(f"{path}: {found}" for path, found in problems.items())
