"""Staff accounts: the password policy, argon2id hashing with rehash at login, and the role ladder."""

import unicodedata

import pytest
from argon2 import PasswordHasher

from intake.accounts import users as accounts
from intake.accounts.users import has_role, password_problem
from intake.database import write_transaction
from intake.extensions import db
from tests.conftest import STAFF_PASSWORD


@pytest.mark.parametrize("password", [
    "tulip engine mosaic",                 # a passphrase with spaces
    "ключ от синей двери",                 # Cyrillic
    "猫が窓の外を見ている午後",              # Japanese, 12 characters
    "🦒 giraffes hum 🎺 at noon",          # emoji
    "x" * 11 + "yzab!",                    # long enough, enough distinct characters
    "w" * 200 + "abcdef",                  # long passphrase well under the cap
])
def test_long_passphrases_and_unicode_are_accepted(app, password):
    with app.app_context():
        assert password_problem(password, email="sam@clinic.example") is None


@pytest.mark.parametrize("password, reason", [
    ("short pass", "at least 12 characters"),
    ("猫が窓の外を見ている", "at least 12 characters"),   # 10 characters, however many bytes
    ("a" * 257, "256 characters"),
    ("password1234", "too common"),
    ("PASSWORD1234", "too common"),             # case does not help
    ("qwertyuiop123", "too common"),            # a common stem plus digits
    ("iloveyou!!!!!!", "too common"),
    ("correct horse battery staple", "too common"),
    ("1qaz2wsx3edc", "too common"),             # a 12-character entry of the list itself
    ("aaaaaaaaaaaaaaaa", "repeats too few"),
    ("abababababababab", "repeats too few"),
    ("samantha.jones-rocks", "email address"),
])
def test_weak_passwords_are_refused_with_a_reason(app, password, reason):
    with app.app_context():
        problem = password_problem(password, email="samantha.jones@clinic.example")
    assert problem is not None and reason in problem


def test_the_shipped_common_password_list_has_a_few_thousand_entries(app):
    common = accounts.common_passwords()
    assert len(common) > 4000
    assert {"123456", "password", "qwerty", "iloveyou"} <= common


def test_passwords_are_stored_as_argon2id_never_in_clear(app, make_user):
    user = make_user(password=STAFF_PASSWORD)
    assert user.password_hash.startswith("$argon2id$")
    assert STAFF_PASSWORD not in user.password_hash


def test_the_same_passphrase_typed_in_another_unicode_form_still_verifies(app, make_user):
    composed = "café au lait at nine"
    user = make_user(password=composed)
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    with app.app_context():
        assert accounts.verify_password(user, decomposed)
        assert not accounts.verify_password(user, "cafe au lait at nine")
        assert not accounts.verify_password(None, composed)


def test_a_hash_made_with_older_parameters_is_replaced_at_the_next_login(app, client, make_user):
    user = make_user(email="old@clinic.example")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(STAFF_PASSWORD)
    with app.app_context():
        with write_transaction() as session:
            session.get(accounts.User, user.id).password_hash = weak

    response = client.post("/staff/login", data={"email": "old@clinic.example", "password": STAFF_PASSWORD})

    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(accounts.User, user.id).password_hash
        assert stored != weak
        cost = app.config
        assert f"m={cost['ARGON2_MEMORY_COST']},t={cost['ARGON2_TIME_COST']},p={cost['ARGON2_PARALLELISM']}" in stored
        assert not accounts.needs_rehash(db.session.get(accounts.User, user.id))


def test_raising_the_configured_cost_marks_existing_hashes_for_rehash(app, make_user):
    user = make_user()
    with app.app_context():
        assert not accounts.needs_rehash(user)
        app.config["ARGON2_TIME_COST"] = 4
        assert accounts.needs_rehash(user)


ROLE_LADDER = [
    # user's role,   front_desk, practitioner, admin
    ("front_desk",   True,       False,        False),
    ("practitioner", True,       True,         False),
    ("admin",        True,       True,         True),
]


@pytest.mark.parametrize("role, front_desk, practitioner, admin", ROLE_LADDER)
def test_each_role_includes_the_roles_below_it(make_user, role, front_desk, practitioner, admin):
    user = make_user(role=role)
    assert [has_role(user, r) for r in ("front_desk", "practitioner", "admin")] == [front_desk, practitioner, admin]
    assert not has_role(user, "superuser")


def test_anonymous_users_and_unknown_roles_have_no_role(app, make_user):
    from flask_login import AnonymousUserMixin

    assert not has_role(AnonymousUserMixin(), "front_desk")
    assert not has_role(None, "front_desk")
    assert not has_role(make_user(role="front_desk"), "janitor")


def test_creating_a_user_with_an_unknown_role_is_refused(app):
    with app.app_context(), pytest.raises(ValueError):
        with write_transaction() as session:
            accounts.create_user(session, email="x@clinic.example", role="superuser", password=STAFF_PASSWORD)


def test_emails_are_stored_lower_case_and_unique(app, make_user):
    make_user(email="Dr.Jones@Clinic.Example")
    with app.app_context():
        assert accounts.find_user_by_email("dr.jones@clinic.example ").email == "dr.jones@clinic.example"
    with pytest.raises(Exception):
        make_user(email="DR.JONES@clinic.example")


def test_public_ids_are_random_uuids_and_lookups_refuse_anything_else(app, make_user):
    first, second = make_user(), make_user()
    assert len(first.public_id) == 36 and first.public_id != second.public_id
    with app.app_context():
        assert accounts.find_user_by_public_id(first.public_id).id == first.id
        assert accounts.find_user_by_public_id(str(first.id)) is None
        assert accounts.find_user_by_public_id("' OR 1=1 --") is None


def test_production_hashing_is_argon2id_at_the_rfc_9106_low_memory_cost():
    from intake.config import Defaults

    assert (Defaults.ARGON2_TIME_COST, Defaults.ARGON2_MEMORY_COST, Defaults.ARGON2_PARALLELISM) == (3, 65536, 4)
    assert PasswordHasher().type.name == "ID"
