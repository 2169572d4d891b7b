"""The week as people live it, in a real browser: nominate, approve, vote, announce, celebrate."""

from portal.scheduler import perform_moments
from portal.types import utcnow
from tests.browser.conftest import screenshot
from tests.factories import MOMENT, make_hr, make_image, make_live_campaign, make_story, make_user

STORY_TEXT = "Oscar stayed on the line for **two hours** until the customer's heating worked again."


def _start_next_phase(page, campaign_id: int) -> None:
    page.goto(f"/admin/campaigns/{campaign_id}")
    page.get_by_role("button", name="Start the next phase now").click()
    page.get_by_text("The next phase has started.").wait_for()


def test_from_nomination_to_hall_of_fame_certificate(open_page, db, tmp_path):
    campaign = make_live_campaign()
    nina = make_user("nina@journey.example", display_name="Nina Nominator")
    make_user("oscar@journey.example", display_name="Oscar Okafor", job_title="Support engineer")
    vera = make_user("vera@journey.example", display_name="Vera Voter")
    hr = make_hr(email="hr@journey.example", display_name="Harriet HR")

    # Nina nominates Oscar, with a photo, through the type-ahead picker.
    nominator = open_page(nina)
    nominator.goto("/nominate")
    nominator.locator("input[name=category]").first.check()
    nominator.fill("input[name=person_search]", "Oscar")
    nominator.get_by_role("checkbox", name="Oscar Okafor").check()
    nominator.fill("input[name=title]", "Heating back on before midnight")
    nominator.fill("textarea[name=story]", STORY_TEXT)
    nominator.fill("textarea[name=customer_impact]", "A family with a newborn was warm again.")
    nominator.fill("input[name=moment_date]", MOMENT.isoformat())
    nominator.set_input_files("input[name=photo]", {"name": "oscar.jpg", "mimeType": "image/jpeg",
                                                     "buffer": make_image(800, 600)})
    screenshot(nominator, "nominate")
    nominator.click("button[name=submit]")
    nominator.get_by_text("Heating back on before midnight").first.wait_for()
    assert nominator.get_by_text("Waiting for HR").count() == 1

    # HR publishes it.
    moderator = open_page(hr)
    moderator.goto("/admin/moderation")
    screenshot(moderator, "moderation")
    moderator.get_by_role("button", name="Publish Heating back on before midnight").click()
    moderator.get_by_text("Published. The nominator and the nominees are told by email.").wait_for()
    _start_next_phase(moderator, campaign.id)  # voting opens

    # Vera votes; the button updates in place.
    voter = open_page(vera)
    voter.goto("/vote")
    vote = voter.get_by_role("button", name="Vote — Heating back on before midnight")
    vote.click()
    voter.get_by_role("button", name="Withdraw my vote — Heating back on before midnight").wait_for()
    assert voter.locator("[aria-pressed=true]").count() == 1
    screenshot(voter, "ballot")

    # Voting closes, the announcement moment comes, and the scheduler announces.
    _start_next_phase(moderator, campaign.id)
    _start_next_phase(moderator, campaign.id)
    db.session.commit()  # a fresh snapshot, with the browser's writes
    performed = perform_moments(db.session, utcnow())
    assert (campaign.id, "announced") in performed

    voter.goto("/hall-of-fame")
    voter.get_by_role("link", name="Heating back on before midnight").wait_for()
    screenshot(voter, "hall-of-fame")
    with voter.expect_download() as download_info:
        voter.get_by_role("link", name="Oscar Okafor (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"service-star-{campaign.year}-Oscar Okafor.pdf"
    assert download.path().read_bytes().startswith(b"%PDF")

    voter.get_by_role("link", name="Heating back on before midnight").click()
    voter.get_by_text("two hours").wait_for()
    assert voter.locator("strong", has_text="two hours").count() == 1  # the Markdown was rendered
    screenshot(voter, "story")


def test_the_language_switch_changes_every_word_and_remembers_it(open_page, db):
    campaign = make_live_campaign()
    make_story(campaign, title="A story for everyone")
    page = open_page(make_user(display_name="Lin"))
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_selector("html[lang=zh-Hans]")
    assert page.get_by_role("link", name="提名").count() >= 1 or "提名" in page.content()
    screenshot(page, "home-zh")
    page.goto("/stories")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_role("button", name="తెలుగు").click()
    page.wait_for_selector("html[lang=te]")
    screenshot(page, "home-te")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")


def test_a_nomination_made_with_the_keyboard_alone(open_page, db):
    make_live_campaign()
    make_user("kim@journey.example", display_name="Kim Keys")
    make_user("pat@journey.example", display_name="Pat Patience")
    page = open_page(make_user("kim2@journey.example", display_name="Kim Two"))
    page.goto("/nominate")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("selector => !!document.activeElement && document.activeElement.matches(selector)",
                             selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[name=person_search]")  # who first, then which category
    page.keyboard.type("Pat")
    tab_to("input[name=nominees]")
    page.keyboard.press("Space")
    tab_to("input[name=category]")
    page.keyboard.press("Space")
    tab_to("input[name=title]")
    page.keyboard.type("Patience on a busy Monday")
    tab_to("textarea[name=story]")
    page.keyboard.type("Pat calmed an angry caller and solved the billing problem on the first call.")
    tab_to("input[name=moment_date]")
    page.keyboard.type(f"{MOMENT:%m%d%Y}")  # month, day, year: Chromium runs with --lang=en-US
    tab_to("button[name=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Patience on a busy Monday").first.wait_for()
    assert page.url.endswith("/nominate/mine")
    assert page.get_by_text("Waiting for HR").count() == 1
    screenshot(page, "my-nominations")
