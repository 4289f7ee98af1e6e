"""The client address behind a proxy: X-Forwarded-For is read only when PROXY_FIX_X_FOR says how many hops.

Observed through the per-client rate limit on the questionnaire (and the audit address on login).
"""

import pytest
from sqlalchemy import select

from intake import create_app
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD


@pytest.fixture
def make_app(app_config):
    made = []

    def make(**config):
        app = create_app({**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "PATIENT_RATE_LIMIT": "2 per minute", **config})
        with app.app_context():
            db.create_all()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def _statuses(client, forwarded_for_values):
    """An empty About-you page sent: 302 back to the page with its errors (post/redirect/get), or 429 when limited."""
    return [client.post("/about-you", data={}, headers={"X-Forwarded-For": value}).status_code
            for value in forwarded_for_values]


def test_without_a_proxy_configured_x_forwarded_for_is_ignored(make_app):
    """Otherwise anyone could dodge the rate limit (or fake the audit address) by sending the header."""
    client = make_app().test_client()
    assert _statuses(client, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) == [302, 302, 429]


def test_behind_one_proxy_each_client_address_has_its_own_limit(make_app):
    client = make_app(PROXY_FIX_X_FOR=1).test_client()
    assert _statuses(client, ["198.51.100.1", "198.51.100.1", "198.51.100.1"]) == [302, 302, 429]
    assert _statuses(client, ["198.51.100.2"]) == [302]


def test_behind_one_proxy_an_address_the_client_prepended_is_not_trusted(make_app):
    """The proxy appends the real address; whatever the client wrote before it is ignored."""
    client = make_app(PROXY_FIX_X_FOR=1).test_client()
    spoofed = [f"10.0.0.{i}, 203.0.113.9" for i in range(3)]
    assert _statuses(client, spoofed) == [302, 302, 429]


def test_the_audit_trail_records_the_forwarded_address_when_configured(make_app):
    from intake.accounts import users as accounts
    from intake.accounts.audit import AuditEvent
    from intake.database import write_transaction

    app = make_app(PROXY_FIX_X_FOR=1)
    with app.app_context():
        with write_transaction() as session:
            accounts.create_user(session, email="p@clinic.example", role="practitioner", password=STAFF_PASSWORD)
    app.test_client().post("/staff/login", data={"email": "p@clinic.example", "password": STAFF_PASSWORD},
                           headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.44"})
    with app.app_context():
        addresses = db.session.scalars(select(AuditEvent.client_address)).all()
    assert addresses and set(addresses) == {"203.0.113.44"}
