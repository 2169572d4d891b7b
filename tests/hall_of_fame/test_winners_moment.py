"""The winner's moment on the home page: everyone sees the winners, an inductee their own congratulation,
and a nominee that colleagues nominated them."""
from tests.factories import make_induction, make_live_campaign, make_story, make_team, make_user

ANNOUNCED = (-5, -4, -3, -1)


def test_on_announcement_day_the_home_page_names_every_winner(db, login_as):
    campaign = make_live_campaign(ANNOUNCED)
    ada, wei = make_user(display_name="Ada Okafor"), make_user(display_name="王伟")
    make_induction(make_story(campaign, nominees=[ada], title="Stayed until the heating worked"))
    make_induction(make_story(campaign, nominees=[wei], title="耐心帮助老人", category_index=1))
    make_induction(make_story(campaign, team=make_team("Night Owls"), category_index=6, title="Owls at night"))
    make_story(campaign, nominees=[make_user(display_name="Not A Winner")], title="A good story")
    page = login_as("employee").get("/").get_data(as_text=True)
    start = page.index('id="winners-heading"')
    winners = page[start:page.index("</section>", start)]
    for name in ("Ada Okafor", "王伟", "Night Owls", "Stayed until the heating worked", "Owls at night"):
        assert name in winners
    assert "Not A Winner" not in winners
    assert "You are in the Hall of Fame" not in page


def test_an_inductee_sees_their_own_congratulation_and_certificate(db, login_as):
    campaign = make_live_campaign(ANNOUNCED)
    ada = make_user(display_name="Ada Okafor")
    induction = make_induction(make_story(campaign, nominees=[ada, make_user()], title="Stayed late"))
    page = login_as(ada).get("/").get_data(as_text=True)
    assert "Congratulations! You are in the Hall of Fame." in page and "“Stayed late”" in page
    assert f'href="/hall-of-fame/{induction.id}/certificate.pdf?person={ada.id}"' in page


def test_a_team_member_sees_the_teams_congratulation(db, login_as):
    campaign = make_live_campaign(ANNOUNCED)
    owls = make_team("Night Owls")
    member = make_user(team_id=owls.id)
    induction = make_induction(make_story(campaign, team=owls, category_index=6))
    page = login_as(member).get("/").get_data(as_text=True)
    assert "You are in the Hall of Fame" in page and f'href="/hall-of-fame/{induction.id}/certificate.pdf"' in page


def test_before_the_announcement_no_winner_is_shown(db, login_as):
    campaign = make_live_campaign((-4, -3, -1, 2))  # counting
    ada = make_user(display_name="Ada Okafor")
    make_story(campaign, nominees=[ada], title="Stayed late")
    page = login_as(ada).get("/").get_data(as_text=True)
    assert 'id="winners-heading"' not in page and "You are in the Hall of Fame" not in page


def test_a_nominee_sees_that_colleagues_nominated_them_once_published(db, login_as):
    campaign = make_live_campaign()
    ada = make_user(display_name="Ada Okafor")
    make_story(campaign, nominees=[ada], title="Published about Ada")
    make_story(campaign, nominees=[ada], title="Still waiting for HR", status="pending", category_index=1)
    make_story(campaign, nominees=[make_user()], title="About someone else", category_index=2)
    page = login_as(ada).get("/").get_data(as_text=True)
    nominated = page[page.index('id="nominated-heading"'):]
    assert "Colleagues nominated you" in page and "Published about Ada" in nominated
    assert "Still waiting for HR" not in page and "About someone else" not in nominated[:nominated.index("</section>")]
    assert "Colleagues nominated you" not in login_as("employee").get("/").get_data(as_text=True)


def test_a_team_member_sees_a_published_story_about_their_team(db, login_as):
    campaign = make_live_campaign()
    owls = make_team("Night Owls")
    make_story(campaign, team=owls, category_index=6, title="The owls kept the lights on")
    make_story(campaign, team=make_team("Early Birds"), category_index=6, title="The birds sang")
    page = login_as(make_user(team_id=owls.id)).get("/").get_data(as_text=True)
    nominated = page[page.index('id="nominated-heading"'):]
    nominated = nominated[:nominated.index("</section>")]
    assert "Your team, for Service Team of the Year:" in nominated and "The owls kept the lights on" in nominated
    assert "The birds sang" not in nominated
