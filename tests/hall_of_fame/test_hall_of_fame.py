"""The Hall of Fame gallery, certificates, the ceremony and the spotlight."""
import re
from datetime import datetime, timezone

import time_machine

from portal.scheduler import perform_moments
from portal.types import utcnow
from tests.factories import make_induction, make_live_campaign, make_story, make_team, make_user


def test_gallery_newest_year_first_with_filters(db, login_as):
    old = make_live_campaign((-400, -399, -398, -397), year=2025)
    new = make_live_campaign((-40, -39, -38, -37), year=2026)
    leeds, hyd = make_user(site="Leeds", country="GB"), make_user(site="Hyderabad", country="IN")
    make_induction(make_story(old, nominees=[leeds], title="Winner 2025"))
    make_induction(make_story(new, nominees=[hyd], title="Winner 2026", category_index=2))
    client = login_as("employee")
    page = client.get("/hall-of-fame").get_data(as_text=True)
    assert page.index("Winner 2026") < page.index("Winner 2025")
    assert "Winner 2025" not in client.get("/hall-of-fame?year=2026").get_data(as_text=True)
    assert "Winner 2026" not in client.get("/hall-of-fame?country=GB").get_data(as_text=True)
    assert "Winner 2025" not in client.get("/hall-of-fame?category=Personalization").get_data(as_text=True)


def test_each_inductee_downloads_a_landscape_certificate(db, login_as):
    campaign = make_live_campaign((-40, -39, -38, -37), year=2026)
    campaign.theme = "Service from the heart"
    db.session.commit()
    ada, wei = make_user(display_name="Ada Okafor"), make_user(display_name="王伟")
    induction = make_induction(make_story(campaign, nominees=[ada, wei]))
    client = login_as("employee")
    assert f"certificate.pdf?person={ada.id}" in client.get("/hall-of-fame").get_data(as_text=True)
    response = client.get(f"/hall-of-fame/{induction.id}/certificate.pdf?person={ada.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "service-star-2026-Ada-Okafor.pdf" in response.headers["Content-Disposition"]
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", response.data)
    width, height = float(box.group(1)), float(box.group(2))
    assert width > height and round(width) == 842  # A4 landscape, in points
    letter = client.get(f"/hall-of-fame/{induction.id}/certificate.pdf?person={wei.id}&paper=letter")
    assert letter.status_code == 200 and b"/MediaBox [0 0 792" in letter.data
    assert "filename*=UTF-8''service-star-2026-%E7%8E%8B%E4%BC%9F.pdf" in letter.headers["Content-Disposition"]


def test_a_team_inductee_gets_one_certificate(db, login_as):
    team = make_team("Night Owls")
    induction = make_induction(make_story(team=team, category_index=6))
    response = login_as("employee").get(f"/hall-of-fame/{induction.id}/certificate.pdf")
    assert response.status_code == 200 and "Night-Owls" in response.headers["Content-Disposition"]


def test_no_certificate_for_someone_who_is_not_an_inductee(db, login_as):
    story = make_story()
    induction = make_induction(story)
    client = login_as("employee")
    assert client.get(f"/hall-of-fame/{induction.id}/certificate.pdf?person={make_user().id}").status_code == 404
    assert client.get(f"/hall-of-fame/{induction.id}/certificate.pdf").status_code == 404
    assert client.get(f"/hall-of-fame/{induction.id + 99}/certificate.pdf?person=1").status_code == 404
    not_inducted = make_story(story.campaign, title="Not a winner")
    assert client.get(f"/hall-of-fame/{not_inducted.id + 1000}/certificate.pdf").status_code == 404


def test_hr_runs_the_ceremony_after_the_announcement(db, login_as):
    campaign = make_live_campaign((-4, -3, -2, -1), year=2026)
    winner = make_story(campaign, nominees=[make_user(display_name="Star Person")], title="Winning tale")
    from tests.voting.test_tally import _vote
    _vote(db, winner, 2)
    hr = login_as("hr")
    perform_moments(db.session, utcnow())
    page = hr.get(f"/admin/campaigns/{campaign.id}/ceremony").get_data(as_text=True)
    assert "And the Service Star is…" in page and "Star Person" in page and "Winning tale" in page
    assert "ceremony.js" in page
    assert login_as("employee").get(f"/admin/campaigns/{campaign.id}/ceremony").status_code == 403


def test_ceremony_waits_for_the_announcement(db, login_as):
    campaign = make_live_campaign()
    response = login_as("hr").get(f"/admin/campaigns/{campaign.id}/ceremony", follow_redirects=True)
    assert "The ceremony is ready once the winners are announced." in response.get_data(as_text=True)


def test_spotlight_features_a_different_story_each_day_of_the_week(db, login_as):
    campaign = make_live_campaign((-1, 2, 4, 5), now=datetime(2030, 10, 7, 9, tzinfo=timezone.utc), year=2030)
    for number in range(10):
        make_story(campaign, title=f"Spotlight candidate {number}")
    featured = []
    for day in range(7, 12):  # Monday 7 to Friday 11 October 2030
        with time_machine.travel(datetime(2030, 10, day, 10, tzinfo=timezone.utc), tick=False):
            page = login_as("employee").get("/").get_data(as_text=True)
        assert "Today’s spotlight" in page
        featured.append(re.search(r'id="spotlight-heading"><a href="/stories/(\d+)"', page).group(1))
    assert len(set(featured)) == 5
    with time_machine.travel(datetime(2030, 10, 14, 10, tzinfo=timezone.utc), tick=False):
        assert "Today’s spotlight" not in login_as("employee").get("/").get_data(as_text=True)


def test_the_spotlight_follows_the_campaign_whatever_its_dates(db, login_as):
    march = datetime(2031, 3, 10, 9, tzinfo=timezone.utc)  # nominations opened early, far from October
    campaign = make_live_campaign((-20, 2, 4, 5), now=march, year=2031)
    make_story(campaign, title="A March story")
    with time_machine.travel(march, tick=False):
        page = login_as("employee").get("/").get_data(as_text=True)
    assert re.search(r'id="spotlight-heading"><a href="/stories/\d+">A March story<', page)
    with time_machine.travel(march.replace(month=2), tick=False):  # before nominations open
        assert "Today’s spotlight" not in login_as("employee").get("/").get_data(as_text=True)


def test_a_certificate_is_made_even_without_unicode_fonts(db, login_as, monkeypatch):
    from portal.hall_of_fame import certificates
    monkeypatch.setattr(certificates, "_font_dirs", lambda: [])
    induction = make_induction(make_story(nominees=[make_user(display_name="రవి రావు")]))
    person = induction.story.nominees[0]
    response = login_as("employee").get(f"/hall-of-fame/{induction.id}/certificate.pdf?person={person.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
