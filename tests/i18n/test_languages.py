"""Choosing a language, and pages, errors, form messages and emails in it."""
import re

from tests.factories import make_user


def test_the_browser_language_is_used_until_the_person_chooses(client, db):
    chinese = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in chinese and "登录 Service Stars" in chinese
    telugu = client.get("/login", headers={"Accept-Language": "te-IN"}).get_data(as_text=True)
    assert '<html lang="te">' in telugu and "సైన్ ఇన్" in telugu
    assert "Sign in to Service Stars" in client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_the_footer_switch_changes_the_language_and_keeps_the_page(client, db):
    response = client.post("/language", data={"locale": "te"}, headers={"Referer": "http://localhost/login"})
    assert response.headers["Location"] == "/login"
    assert "Service Starsకు సైన్ ఇన్ చేయండి" in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"locale": "klingon"})
    assert "Service Starsకు సైన్ ఇన్ చేయండి" in client.get("/login").get_data(as_text=True)


def test_a_signed_in_persons_choice_is_saved(db, login_as):
    client = login_as("employee")
    client.post("/language", data={"locale": "zh_Hans"})
    db.session.refresh(client.user)
    assert client.user.locale == "zh_Hans"
    assert "欢迎您" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_error_pages_and_form_errors_are_translated(client, db):
    client.post("/language", data={"locale": "zh_Hans"})
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "找不到页面" in missing.get_data(as_text=True)
    failed = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "请输入您的电子邮件地址。" in failed and "请输入密码。" in failed
    wrong = client.post("/login", data={"email": "x@example.com", "password": "wrong password"})
    assert "电子邮件和密码与任何账户都不匹配。" in wrong.get_data(as_text=True)


def test_emails_are_written_in_the_recipients_language(client, db, mail):
    make_user("wei@example.com", display_name="王伟", locale="zh_Hans")
    make_user("ravi@example.com", display_name="రవి", locale="te")
    for email in ("wei@example.com", "ravi@example.com"):
        client.post("/forgot-password", data={"email": email})
    by_person = {message.to: message for message in mail}
    assert by_person["wei@example.com"].subject == "重置您的 Service Stars 密码"
    assert "王伟，您好：" in by_person["wei@example.com"].body
    assert by_person["ravi@example.com"].subject == "మీ Service Stars పాస్‌వర్డ్‌ను రీసెట్ చేయండి"
    assert "నమస్కారం రవి," in by_person["ravi@example.com"].body


def test_plural_forms_in_telugu(db, login_as):
    from tests.factories import make_live_campaign, make_story
    campaign = make_live_campaign((-3, -1, 2, 3))
    make_story(campaign)
    client = login_as("employee", locale="te")
    assert "ఈ వర్గంలో మీకు 1 ఓటు మిగిలి ఉంది." in client.get("/vote").get_data(as_text=True)
    campaign.votes_per_category = 2
    db.session.commit()
    assert "ఈ వర్గంలో మీకు 2 ఓట్లు మిగిలి ఉన్నాయి." in client.get("/vote").get_data(as_text=True)


def test_every_main_page_renders_in_every_language(db, login_as):
    from tests.factories import make_induction, make_live_campaign, make_story
    story = make_story(make_live_campaign(), photo=False)
    make_induction(story)
    for locale in ("zh_Hans", "te"):
        for who, pages in (("employee", ["/", "/stories", f"/stories/{story.id}", "/nominate", "/nominate/mine",
                                         "/vote", "/hall-of-fame", "/account"]),
                           ("hr", ["/admin/", "/admin/people/", "/admin/people/import", "/admin/people/invite",
                                   "/admin/campaigns/", f"/admin/campaigns/{story.campaign_id}",
                                   "/admin/moderation/", "/admin/outbox/"])):
            client = login_as(who, locale=locale)
            for page in pages:
                response = client.get(page)
                assert response.status_code == 200, (locale, page)
                body = response.get_data(as_text=True)
                assert f'<html lang="{locale.replace("_", "-")}">' in body
                visible = re.sub(r"<[^>]+>", " ", body)
                assert "Skip to content" not in visible and "My account" not in visible, (locale, page)


def test_default_categories_are_shown_in_the_viewers_language_but_renamed_ones_as_typed(db, login_as):
    from tests.factories import make_live_campaign
    campaign = make_live_campaign()
    campaign.categories[1].name = "Speedy Heroes"
    db.session.commit()
    page = login_as("employee", locale="zh_Hans").get("/nominate").get_data(as_text=True)
    assert "可靠" in page and "年度服务团队" in page and "Speedy Heroes" in page
    assert "Reliability" not in page


def test_each_email_of_one_request_is_in_its_own_recipients_language(db, login_as, mail):
    """Publishing a story emails its nominator and nominees at once; each reads their own language."""
    from tests.factories import make_live_campaign, make_story
    nominator = make_user("wei@example.com", display_name="王伟", locale="zh_Hans")
    nominee = make_user("ravi@example.com", display_name="రవి", locale="te")
    story = make_story(make_live_campaign(), nominator=nominator, nominees=[nominee], status="pending")
    assert login_as("hr").post(f"/admin/moderation/{story.id}/approve").status_code == 302
    by_person = {message.to: message for message in mail}
    assert "王伟，您好：" in by_person["wei@example.com"].body
    assert "నమస్కారం రవి," in by_person["ravi@example.com"].body
    assert "您" not in by_person["ravi@example.com"].body
