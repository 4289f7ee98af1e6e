"""The addresses that once gave a 500: each now gets a page that says what is wrong, or a safe redirect."""

import pytest


def test_a_newline_in_the_path_of_a_language_switch_redirects_safely(client):
    response = client.get("/learn/x%0a?lang=es")
    assert response.status_code == 303
    # Percent-encoded again, as it came: no raw newline in the header, and still this site's own path.
    assert response.headers["Location"] == "/learn/x%0A"
    assert client.get(response.headers["Location"]).status_code == 404


def test_the_language_switch_keeps_an_ordinary_path_as_it_was(client):
    response = client.get("/learn/neck-pain?lang=es")
    assert response.status_code == 303 and response.headers["Location"] == "/learn/neck-pain"


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=9999-12-31", "from=0001-01-01", "to=0001-01-01",
                                   "from=0001-01-01&to=9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_refused_with_a_message_on_the_queue(client, login, query):
    login(client, role="front_desk")
    response = client.get(f"/staff/?{query}")
    assert response.status_code == 200
    assert "between the years 2000 and 2100" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/staff/export.csv", "/staff/export.fhir.json"])
@pytest.mark.parametrize("query", ["to=9999-12-31", "from=9999-12-31", "from=0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_never_break_an_export(client, login, path, query):
    login(client, role="practitioner")
    assert client.get(f"{path}?{query}").status_code < 500


@pytest.mark.parametrize("before", ["²", "1²", "٣", "9" * 30, "99999999999999999999"])
def test_an_audit_page_that_cannot_exist_is_refused_with_a_message(client, login, before):
    login(client, role="admin")
    response = client.get("/staff/audit", query_string={"before": before})
    assert response.status_code == 400
    assert "does not exist" in response.get_data(as_text=True)


def test_an_ordinary_older_audit_page_still_opens(client, login):
    login(client, role="admin")
    assert client.get("/staff/audit?before=5").status_code == 200
