"""The story wall: filters, search in three scripts, keyset pagination."""
from datetime import timedelta

from portal.types import utcnow
from tests.factories import make_live_campaign, make_story, make_team, make_user


def _titles(page: str, titles) -> list[str]:
    return [title for title in titles if title in page]


def test_newest_first_and_only_published(db, login_as):
    campaign = make_live_campaign()
    now = utcnow()
    make_story(campaign, title="Older published", created_at=now - timedelta(days=2))
    make_story(campaign, title="Newer published", created_at=now - timedelta(days=1))
    make_story(campaign, title="Still pending", status="pending")
    make_story(campaign, title="Hidden one", hidden=True)
    page = login_as("employee").get("/stories").get_data(as_text=True)
    assert page.index("Newer published") < page.index("Older published")
    assert "Still pending" not in page and "Hidden one" not in page


def test_filters_by_year_category_department_site_and_country(db, login_as):
    past = make_live_campaign((-400, -399, -398, -397), year=2025)
    live = make_live_campaign(year=2026)
    leeds = make_user(department="Billing", site="Leeds", country="GB")
    hyderabad = make_user(department="Tech", site="Hyderabad", country="IN")
    make_story(past, nominees=[leeds], title="Leeds 2025")
    make_story(live, nominees=[hyderabad], title="Hyderabad 2026", category_index=1)
    make_story(live, nominees=[leeds], title="Leeds 2026")
    client = login_as("employee")
    titles = ("Leeds 2025", "Hyderabad 2026", "Leeds 2026")
    assert _titles(client.get("/stories?year=2025").get_data(as_text=True), titles) == ["Leeds 2025"]
    assert _titles(client.get("/stories?category=Timeliness").get_data(as_text=True), titles) == ["Hyderabad 2026"]
    assert _titles(client.get("/stories?department=Billing&year=2026").get_data(as_text=True), titles) == ["Leeds 2026"]
    assert _titles(client.get("/stories?site=Hyderabad").get_data(as_text=True), titles) == ["Hyderabad 2026"]
    assert set(_titles(client.get("/stories?country=GB").get_data(as_text=True), titles)) == {"Leeds 2025", "Leeds 2026"}


def test_search_finds_title_story_and_names_in_english_chinese_and_telugu(db, login_as):
    campaign = make_live_campaign()
    make_story(campaign, title="Boiler rescue", body="Fixed the heating at midnight " + "x" * 50)
    make_story(campaign, title="耐心帮助老人完成线上缴费", body="一位七十多岁的老人第一次使用手机缴费，" + "很" * 50)
    make_story(campaign, title="వృద్ధ కస్టమర్‌కు ఓపికగా సహాయం", body="కస్టమర్ మొదటిసారి ఆన్‌లైన్‌లో బిల్లు " + "అ" * 50)
    make_story(campaign, nominees=[make_user(display_name="Grace Hopper")], title="Named story")
    make_story(campaign, team=make_team("Night Owls"), category_index=6, title="Team story")
    client = login_as("employee")
    titles = ("Boiler rescue", "耐心帮助老人完成线上缴费", "వృద్ధ కస్టమర్‌కు ఓపికగా సహాయం", "Named story", "Team story")

    def found(query):
        return _titles(client.get("/stories", query_string={"q": query}).get_data(as_text=True), titles)

    assert found("MIDNIGHT heating") == ["Boiler rescue"]
    assert found("老人") == ["耐心帮助老人完成线上缴费"]          # two characters: the LIKE fallback
    assert found("手机缴费") == ["耐心帮助老人完成线上缴费"]
    assert found("ఆన్‌లైన్") == ["వృద్ధ కస్టమర్‌కు ఓపికగా సహాయం"]
    assert found("grace hop") == ["Named story"]
    assert found("night owls") == ["Team story"]
    assert found("nothing like this") == []
    assert "No story matches" in client.get("/stories?q=zzzzzz").get_data(as_text=True)


def test_several_words_find_the_stories_with_all_of_them_in_any_order(db, login_as):
    campaign = make_live_campaign()
    make_story(campaign, title="Late night rescue",
               body="Priya stayed late on the line with a worried customer until the heating worked " + "x" * 40)
    make_story(campaign, title="Early bird", body="Stayed calm and kind with an early caller " + "y" * 50)
    make_story(campaign, title="耐心帮助老人完成线上缴费", body="一位七十多岁的老人第一次使用手机缴费，" + "很" * 50)
    client = login_as("employee")
    titles = ("Late night rescue", "Early bird", "耐心帮助老人完成线上缴费")

    def found(query):
        return _titles(client.get("/stories", query_string={"q": query}).get_data(as_text=True), titles)

    assert found("late stayed") == ["Late night rescue"]           # reversed
    assert found("stayed line") == ["Late night rescue"]           # words apart
    assert set(found("stayed")) == {"Early bird", "Late night rescue"}  # one word: both
    assert found("stayed nowhere") == []                             # every word is needed
    assert found("缴费 老人") == ["耐心帮助老人完成线上缴费"]          # Chinese, reversed, no spaces in the story
    page = client.get("/stories", query_string={"q": "heating PRIYA"}).get_data(as_text=True)
    assert "<mark>Priya</mark> stayed" in page and "<mark>heating</mark>" in page


def test_a_match_deep_in_a_long_story_is_shown_in_its_excerpt():
    from portal.stories.search import highlighted_excerpt
    body = "An ordinary morning at the help desk. " * 12 + "Then the <b>refund</b> arrived & all was well."
    excerpt = str(highlighted_excerpt(body, "refund", 120))
    assert excerpt.startswith("…") and "&lt;b&gt;<mark>refund</mark>&lt;/b&gt;" in excerpt and "&amp;" in excerpt


def test_search_survives_hostile_queries(db, login_as):
    make_story(title="Plain story")
    client = login_as("employee")
    for query in ('"', "' OR 1=1 --", "NEAR(a b)", "*", "%_", "a" * 200, "\\"):
        assert client.get("/stories", query_string={"q": query}).status_code == 200


def test_keyset_pagination_walks_every_story_once(app, db, login_as):
    campaign = make_live_campaign()
    now = utcnow()
    same_moment = now - timedelta(hours=1)
    for number in range(30):
        make_story(campaign, title=f"Story number {number:02d}",
                   created_at=same_moment if number % 3 == 0 else now - timedelta(minutes=number))
    client = login_as("employee")
    seen, url = [], "/stories"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [f"{n:02d}" for n in range(30) if f"Story number {n:02d}" in page]
        marker = 'class="pager"><a class="button" href="'
        url = page.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in page else None
    assert sorted(seen) == [f"{n:02d}" for n in range(30)] and len(seen) == 30


def test_filter_options_are_kept_for_a_while_then_read_again(app, db, monkeypatch):
    from portal.extensions import cache
    from portal.stories import wall as service

    make_user(department="Billing")
    monkeypatch.setitem(app.config, "FILTER_OPTIONS_CACHE_SECONDS", 60)
    assert service.filter_options(db.session)["departments"] == ["Billing"]
    make_user(department="Retention")
    assert service.filter_options(db.session)["departments"] == ["Billing"]  # a minute's cache
    cache.delete("filter-options")  # as when the minute is up
    assert service.filter_options(db.session)["departments"] == ["Billing", "Retention"]


def test_a_match_deep_in_a_story_without_spaces_is_shown_too():
    from portal.stories.search import highlighted_excerpt
    body = "一位七十多岁的老人" * 20 + "终于完成了退款"
    excerpt = str(highlighted_excerpt(body, "退款", 60))
    assert excerpt.startswith("…") and "<mark>退款</mark>" in excerpt
