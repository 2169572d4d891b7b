"""Every date and time in an email is in its recipient's time zone and language, whoever's job sends it."""
from datetime import datetime, timezone

import time_machine

from portal.scheduler import perform_moments
from tests.factories import make_live_campaign, make_user

OPENING = datetime(2031, 10, 6, 0, 30, tzinfo=timezone.utc)


def _mail_to(mail, person):
    return next(message for message in mail if message.to == person.email)


def test_the_nominations_email_gives_the_deadline_in_each_readers_zone(db, mail):
    with time_machine.travel(OPENING, tick=False):
        campaign = make_live_campaign((0, 2, 4, 5), now=OPENING, year=2031)  # closes Wednesday 8 Oct, 00:30 UTC
        hyderabad = make_user(timezone="Asia/Kolkata")
        shenzhen = make_user(timezone="Asia/Shanghai", locale="zh_Hans")
        london = make_user(timezone="Europe/London")
        nowhere = make_user(timezone=None)  # the organisation's zone (UTC here)
        perform_moments(db.session, OPENING)
        mail = list(mail)  # delivered while it is due
    assert campaign.voting_open_at == datetime(2031, 10, 8, 0, 30, tzinfo=timezone.utc)
    assert "Wednesday, October 8, 2031, 6:00\u202fAM (GMT+05:30, Asia/Kolkata)" in _mail_to(mail, hyderabad).body
    chinese = _mail_to(mail, shenzhen)
    assert "2031年10月8日星期三 08:30" in chinese.body and "提名" in chinese.subject
    assert "Wednesday, October 8, 2031, 1:30\u202fAM (British Summer Time)" in _mail_to(mail, london).body
    assert "12:30\u202fAM (Coordinated Universal Time)" in _mail_to(mail, nowhere).body
