""""Download my data": everything the portal holds about a person, and never whom they voted for."""
import io
import json
import zipfile

from portal.stories.models import Cheer
from portal.stories.photos import path_for
from tests.factories import (make_comment, make_endorsement, make_induction, make_live_campaign, make_story,
                             make_user)


def _download(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.post("/account/my-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="service-stars-my-data-')
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("data.json")), archive


def test_the_export_holds_what_the_portal_knows_about_the_person(login_as, db):
    campaign = make_live_campaign((-3, -1, 2, 3))
    ada = make_user("ada@export.example", display_name="Ada Okafor", job_title="Agent", site="Leeds")
    told = make_story(campaign, nominator=ada, title="Ravi rebooked a stranded family", photo=True)
    about = make_story(campaign, nominees=[ada], title="Ada calmed an angry caller", category_index=1)
    make_story(campaign, nominees=[ada], status="pending", title="Not yet published", category_index=2)
    make_comment(about, user=ada, text="Thank you all!")
    make_endorsement(told, user=ada, text="I saw this too, he was brilliant")
    db.session.add(Cheer(story_id=about.id, user_id=ada.id))
    db.session.commit()
    induction = make_induction(about)
    photo = path_for(told.photo_key, "large").read_bytes()
    told_id, about_id, induction_id = told.id, about.id, induction.id

    data, archive = _download(login_as(ada))

    assert data["profile"]["email"] == "ada@export.example" and data["profile"]["site"] == "Leeds"
    assert [story["title"] for story in data["stories_you_told"]] == ["Ravi rebooked a stranded family"]
    assert archive.read(data["stories_you_told"][0]["photo"]) == photo
    assert [story["title"] for story in data["stories_about_you"]] == ["Ada calmed an angry caller"]
    assert data["comments"][0]["text"] == "Thank you all!"
    assert data["endorsements"][0]["story"] == told_id
    assert data["cheers"][0]["story"] == about_id
    assert data["hall_of_fame"][0]["certificate"].endswith(f"/hall-of-fame/{induction_id}/certificate.pdf?person="
                                                           f"{data['profile']['id']}")
    assert "Not yet published" not in json.dumps(data)


def test_the_export_counts_votes_and_never_names_their_stories(login_as, db):
    campaign = make_live_campaign((-3, -1, 2, 3))
    voted = make_story(campaign, title="The story she voted for", body="A secret ballot choice. " * 5)
    voted_id = voted.id
    client = login_as("employee")
    assert client.post(f"/vote/{voted_id}").status_code == 302

    data, archive = _download(client)

    assert data["votes_cast"] == [{"campaign": campaign.year, "votes": 1}]
    everything = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "The story she voted for" not in everything and "secret ballot" not in everything
    assert f'"story": {voted_id}' not in everything and f"/stories/{voted_id}" not in everything


def test_someone_else_cannot_download_a_person_s_data(client, db):
    make_user("ada@export.example")
    assert client.post("/account/my-data.zip").status_code == 302  # to the sign-in page
