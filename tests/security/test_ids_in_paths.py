"""An id in a path that no record can have is a 404 like any unknown id, on every route, never a 5xx.

The walk reads ``app.url_map``, so a route added later is walked too.
"""
import re

import pytest
from werkzeug.routing import IntegerConverter

from portal.params import IdConverter, LARGEST_ID
from tests.test_access_matrix import matrix_data

OUT_OF_RANGE = ["0", "-1", str(2**31), str(2**63), str(10**30)]

# What each path argument is when it is not the one being tried.
VALID = {"story_id": "story", "target_id": "story", "comment_id": "comment", "endorsement_id": "endorsement",
         "induction_id": "induction", "campaign_id": "campaign", "message_id": "message", "user_id": "person",
         "category_id": "category"}
PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _rules_with_ids(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())]


def _url(rule, data: dict, trying: str, value: str) -> str:
    def fill(match):
        name = match.group(2)
        if name == trying:
            return value
        if name == "target_type":
            return "story"
        return str(data[VALID[name]])
    return PLACEHOLDER.sub(fill, rule.rule)


def _csrf_token(client) -> str:
    page = client.get("/account").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_every_id_in_a_path_uses_the_id_converter(app):
    rules = _rules_with_ids(app)
    assert len(rules) >= 21
    for rule in rules:
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert isinstance(converter, IdConverter), f"{rule.rule}: write <id:{name}>"
                assert name in VALID, f"{rule.rule}: tell this test what a valid {name} is"


@pytest.mark.parametrize("role", ["employee", "hr"])
def test_no_id_out_of_range_reaches_the_database(app, login_as, role):
    data = matrix_data()
    client = login_as(role)
    app.config["WTF_CSRF_ENABLED"] = True
    token = _csrf_token(client)
    tried = 0
    for rule in _rules_with_ids(app):
        for name in rule.arguments & VALID.keys():
            for value in OUT_OF_RANGE:
                url = _url(rule, data, name, value)
                for method in sorted(rule.methods & {"GET", "POST"}):
                    response = client.open(url, method=method, data={"csrf_token": token, "text": "x" * 20,
                                                                     "reason": "Not true"})
                    assert response.status_code == 404, (method, url, response.status_code)
                    tried += 1
    assert tried >= 21 * len(OUT_OF_RANGE)


def test_the_largest_id_is_an_ordinary_unknown_story(login_as):
    client = login_as("employee")
    assert client.get(f"/stories/{LARGEST_ID}").status_code == 404
    assert client.post(f"/vote/{LARGEST_ID}").status_code == 404


QUERIES_AND_FORMS = [
    ("GET", "/admin/people/?team={big}&after_name=A&after_id={big}", None),
    ("GET", "/vote?category={big}&after={big}", None),
    ("GET", "/stories?after=1-{big}&year={big}", None),
    ("GET", "/hall-of-fame?year={big}", None),
    ("GET", "/nominate?category={big}", None),
    ("GET", "/admin/campaigns/new?year={big}", None),
    ("GET", "/hall-of-fame/{induction}/certificate.pdf?person={big}", None),
    ("POST", "/nominate", {"nominees": "{big}", "category": "{big}", "team": "{big}", "title": "A fine title"}),
    ("POST", "/admin/moderation/approve", {"story": "{big}"}),
]


@pytest.mark.parametrize("big", [str(2**31), str(2**40), str(2**53)])
def test_ids_beyond_range_in_queries_and_forms_are_ignored(app, login_as, big):
    data = matrix_data()
    client = login_as("hr")
    for method, url, form in QUERIES_AND_FORMS:
        values = {**{key: value for key, value in data.items() if not key.startswith("_")}, "big": big}
        body = {key: value.format(**values) for key, value in form.items()} if form else None
        response = client.open(url.format(**values), method=method, data=body)
        assert response.status_code < 500, (method, url, response.status_code)
