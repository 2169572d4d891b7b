"""On a phone (390 × 844): a compact header with a menu button, and no page wider than the screen."""
from tests.browser.conftest import screenshot
from tests.factories import make_hr, make_induction, make_live_campaign, make_story, make_user

PHONE = {"width": 390, "height": 844}
PAGES = ("/", "/stories", "/nominate", "/hall-of-fame", "/account", "/admin", "/admin/people", "/admin/moderation",
         "/admin/outbox")


def test_the_header_is_one_line_with_a_menu_that_opens(open_page, db):
    make_live_campaign()
    page = open_page(make_user(display_name="Pat Phone"))
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page.locator(".site-header").bounding_box()["height"] < 70
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.is_visible()
    page.get_by_text("Menu").click()
    nav.get_by_role("link", name="Stories").wait_for()
    screenshot(page, "phone-menu-open")
    nav.get_by_role("link", name="Stories").click()
    page.wait_for_url("**/stories")


def test_no_page_is_wider_than_a_phone(open_page, db):
    campaign = make_live_campaign((-5, -4, -3, -1))
    make_induction(make_story(campaign, nominees=[make_user(display_name="Ada Okafor")], title="A long title " * 4))
    for number in range(3):
        make_user(f"a.very.long.address.number.{number}@subsidiary.example.com", display_name=f"Person {number}")
    page = open_page(make_hr())
    page.set_viewport_size(PHONE)
    wide = {}
    for path in PAGES:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    assert wide == {}
