"""`flask --app intake setup`: a new clinic's settings and first administrator, written to instance/config.py."""

import os
import re
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, select

from ..accounts import users as accounts
from ..config import public_url_problem
from ..extensions import db

# (setting, option, question, kind): asked in this order; kind says how an answer is checked.
SETTINGS = (
    ("CLINIC_NAME", "--clinic-name", "The clinic's name (page header, titles, e-mails)", "text"),
    ("CLINIC_PHONE", "--phone", "The clinic's phone number (blank for none)", "optional"),
    ("CLINIC_ADDRESS", "--address", "The clinic's address on one line (blank for none)", "optional"),
    ("PUBLIC_URL", "--public-url", "The questionnaire's public address, e.g. https://intake.example-clinic.com/", "url"),
    ("CLINIC_TIMEZONE", "--timezone", "The clinic's time zone (IANA name, e.g. America/New_York)", "zone"),
    ("MAIL_FROM", "--mail-from", "The address e-mails are sent from (blank: no e-mail)", "email"),
    ("MAIL_HOST", "--mail-host", "SMTP server", "mail"),
    ("MAIL_PORT", "--mail-port", "SMTP port", "port"),
    ("MAIL_STARTTLS", "--mail-starttls", "Use STARTTLS (yes/no)", "bool"),
    ("MAIL_USERNAME", "--mail-username", "SMTP user name (blank for none)", "mail_optional"),
    ("MAIL_PASSWORD", "--mail-password", "SMTP password", "secret"),
    ("NOTIFY_EMAIL", "--notify-email", "Address told of each new submission (blank: no notices)", "email"),
)
MAIL_KINDS = ("mail", "port", "bool", "mail_optional", "secret")
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)\s*=")


def check(kind: str, value):
    """The answer as stored, or click.BadParameter saying what is wrong."""
    value = value.strip() if isinstance(value, str) else value
    if kind == "text" and not value:
        raise click.BadParameter("must not be empty")
    if kind == "zone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise click.BadParameter(f"{value!r} is not a time zone name such as Europe/London") from None
    if kind == "url" and value and public_url_problem(value):
        raise click.BadParameter(public_url_problem(value))
    if kind == "email" and value and ("@" not in value or any(c.isspace() for c in value)):
        raise click.BadParameter("must be an e-mail address like name@example.com")
    if kind == "port":
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise click.BadParameter("must be a port number such as 587") from None
        if not 0 < value < 65536:
            raise click.BadParameter("must be a port number such as 587")
    if kind == "bool" and isinstance(value, str):
        if value.lower() not in ("yes", "no", "y", "n", "true", "false"):
            raise click.BadParameter("answer yes or no")
        value = value.lower() in ("yes", "y", "true")
    return value or (None if kind in ("url", "email", "mail_optional", "secret") else value)


def ask(kind: str, question: str, current):
    while True:
        answer = click.prompt(question, default="" if current is None else current, show_default=kind != "secret",
                              hide_input=kind == "secret", type=str)
        try:
            return check(kind, answer)
        except click.BadParameter as error:
            click.echo(f"  {error.message}", err=True)


def write_config(path: Path, values: dict) -> None:
    """Set `values` in instance/config.py, keeping every other line (SECRET_KEY above all); mode 0600."""
    lines = path.read_text().splitlines() if path.exists() else []
    kept = [line for line in lines if (ASSIGNMENT.match(line) or [None, None])[1] not in values]
    if not any((ASSIGNMENT.match(line) or [None, None])[1] == "SECRET_KEY" for line in kept):
        kept.insert(0, f"SECRET_KEY = {secrets.token_urlsafe(48)!r}")
    kept.append("# Written by `flask --app intake setup`.")
    kept += [f"{key} = {value!r}" for key, value in values.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".py.tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as target:
        target.write("\n".join(kept) + "\n")
    os.chmod(partial, 0o600)
    os.replace(partial, path)


def _options(command):
    for key, option, question, kind in reversed(SETTINGS):
        if kind == "bool":
            command = click.option(f"{option}/--no-{option[2:]}", key.lower(), default=None, help=question)(command)
        else:
            command = click.option(option, key.lower(), default=None, help=question)(command)
    return command


@click.command("setup")
@_options
@click.option("--admin-email", default=None, help="The first administrator's e-mail address (skipped if one exists).")
@click.option("--admin-name", default=None, help="The first administrator's name.")
@click.option("--no-input", is_flag=True, help="Ask nothing: use the options given and keep the rest as they are.")
@with_appcontext
def setup(admin_email, admin_name, no_input, **given):
    """Walk a new clinic through its settings and first administrator (INTAKE_PASSWORD gives the password)."""
    config = current_app.config
    values, mail = {}, None
    for key, _option, question, kind in SETTINGS:
        value = given[key.lower()]
        if value is not None:
            try:
                values[key] = check(kind, value)
            except click.BadParameter as error:
                raise click.BadParameter(error.message, param_hint=_option) from None
            continue
        if no_input or (kind in MAIL_KINDS and not (values.get("MAIL_FROM") or mail)):
            values[key] = config.get(key)  # kept; the mail server is only asked for when e-mail is on
            continue
        values[key] = ask(kind, question, config.get(key))
        mail = mail or (key == "MAIL_FROM" and values[key])
    if values.get("NOTIFY_EMAIL") and not values.get("MAIL_FROM"):
        raise click.ClickException("Notices need MAIL_FROM: give --mail-from as well.")
    path = Path(current_app.instance_path) / "config.py"
    write_config(path, values)
    click.echo(f"Wrote the clinic's settings to {path} (readable by this user only). Restart the server to use them.")
    _first_admin(admin_email, admin_name, no_input)


def _first_admin(email, name, no_input) -> None:
    from flask_migrate import upgrade

    from .accounts import create_account

    if not inspect(db.engine).has_table("staff_user"):
        upgrade()  # a new install: the tables first
    if db.session.scalar(select(accounts.User.id).where(accounts.User.role == "admin").limit(1)):
        click.echo("An administrator already exists: no new one added (`flask --app intake users create` adds more).")
        return
    if email is None and not no_input:
        email = click.prompt("The first administrator's e-mail address")
        name = name if name is not None else click.prompt("Their name", default="")
    if not email:
        click.echo("No administrator yet: add one with `flask --app intake users create EMAIL --role admin`.")
        return
    created = create_account(email, "admin", name or "")
    click.echo(f"Created the administrator {created}. Passwords: at least 12 characters, common ones refused.")
