"""A request's Host header is never echoed: slash redirects stay on this site, and with PUBLIC_URL set
(TRUSTED_HOSTS derived from it) an unknown host gets a plain 400."""

import pytest

from intake import create_app


@pytest.mark.parametrize("path", ["/staff", "/learn", "/staff/users/new/"])
def test_a_slash_redirect_never_names_the_requests_host(client, path):
    response = client.get(f"{path}?x=1", headers={"Host": "evil.example"})
    if response.status_code in (301, 308):
        location = response.headers["Location"]
        assert "evil.example" not in location and location.startswith("/")
    assert b"evil.example" not in response.data


def test_the_slash_redirect_still_goes_to_the_page_with_its_query(client):
    response = client.get("/staff?x=1")
    assert response.status_code == 308 and response.headers["Location"] == "/staff/?x=1"


@pytest.fixture
def public_app(app_config):
    return create_app({**app_config, "PUBLIC_URL": "https://intake.birchwood.example/"})


def test_with_public_url_set_an_unknown_host_gets_a_plain_400(public_app):
    client = public_app.test_client()
    response = client.get("/staff", headers={"Host": "evil.example"})
    assert response.status_code == 400 and b"evil.example" not in response.data
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    for host in ("intake.birchwood.example", "intake.birchwood.example:443", "localhost", "127.0.0.1:8000"):
        assert client.get("/staff", headers={"Host": host}).status_code == 308, host


def test_trusted_hosts_set_by_the_clinic_win(app_config):
    app = create_app({**app_config, "PUBLIC_URL": "https://intake.birchwood.example/",
                      "TRUSTED_HOSTS": ["intake.birchwood.example"]})
    assert app.test_client().get("/staff", headers={"Host": "localhost"}).status_code == 400
