"""In a real browser: every error of a nomination at once, a photo that survives Preview, the ballot's
progress updated in place, and a search in any order."""
from datetime import date

from tests.browser.conftest import screenshot
from tests.factories import MOMENT, make_image, make_live_campaign, make_story, make_user


def test_four_wrong_fields_are_listed_at_once_and_the_photo_survives_preview(open_page, db):
    make_live_campaign()
    make_user(display_name="Oscar Okafor")
    page = open_page(make_user(display_name="Nina Nominator"))
    page.goto("/nominate")
    page.set_input_files("input[name=photo]", {"name": "oscar.jpg", "mimeType": "image/jpeg",
                                                "buffer": make_image(800, 600)})
    page.fill("textarea[name=story]", "Too short.")
    page.fill("input[name=moment_date]", date(2099, 1, 5).isoformat())
    page.click("button[name=submit]")
    summary = page.locator(".error-summary li")
    assert summary.count() == 5  # who, category, title, story, date
    assert page.locator(".kept-photo img").count() == 1
    screenshot(page, "nominate-errors")
    summary.filter(has_text="Give the story a title.").get_by_role("link").click()
    assert page.evaluate("document.activeElement.name") == "title"

    # Fix everything but press Preview first: the photo is still kept, and then sent.
    page.fill("input[name=person_search]", "Oscar")
    page.get_by_role("checkbox", name="Oscar Okafor").check()
    page.locator("input[name=category]").first.check()
    page.fill("input[name=title]", "Heating back on before midnight")
    page.fill("textarea[name=story]", "Oscar stayed on the line for two hours until the heating worked again.")
    page.fill("input[name=moment_date]", MOMENT.isoformat())
    page.click("button[name=preview]")
    assert page.locator(".kept-photo img").count() == 1 and page.locator(".preview").count() == 1
    page.click("button[name=submit]")
    page.get_by_text("Heating back on before midnight").first.wait_for()
    from portal.stories.models import Story
    db.session.commit()
    assert db.session.query(Story).one().photo_key is not None


def test_the_ballot_shows_progress_and_a_spent_category_in_place(open_page, db):
    campaign = make_live_campaign((-3, -1, 2, 3))
    for number in range(3):
        make_story(campaign, title=f"Ballot story {number}")
    make_story(campaign, title="Another category", category_index=1)
    page = open_page(make_user(display_name="Vera Voter"))
    page.goto("/vote")
    categories = len(campaign.open_categories)
    page.get_by_text(f"You have voted in 0 of {categories} categories.").wait_for()
    page.get_by_role("button", name="Vote — Ballot story 0").click()
    page.get_by_text(f"You have voted in 1 of {categories} categories.").wait_for()
    assert page.get_by_role("button", name="Vote — Ballot story 1").is_disabled()
    note = page.locator(".ballot-card:not(.voted) .spent-note").first
    assert note.is_visible() and "withdraw one of them first" in note.inner_text()
    assert page.locator(".category-tabs a.done").count() == 1
    screenshot(page, "ballot-progress")
    page.get_by_role("button", name="Withdraw my vote — Ballot story 0").click()
    page.get_by_text(f"You have voted in 0 of {categories} categories.").wait_for()
    assert page.get_by_role("button", name="Vote — Ballot story 1").is_enabled()


def test_two_words_in_reversed_order_find_their_story(open_page, db):
    campaign = make_live_campaign()
    make_story(campaign, title="Late night rescue", body="Priya stayed late on the line with a worried customer " * 2)
    page = open_page(make_user())
    page.goto("/stories")
    page.fill("input[name=q]", "late stayed")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Late night rescue").wait_for()
    assert page.locator("mark", has_text="stayed").count() >= 1
    screenshot(page, "search-any-order")
