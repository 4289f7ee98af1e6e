"""Command line for staff accounts and the audit trail: `flask --app intake users …` and `… audit verify`."""

import os

import click
from flask.cli import AppGroup

from ..accounts import users as accounts, audit, audit_chain, user_admin
from ..database import write_transaction
from ..extensions import db

users = AppGroup("users", help="Staff accounts.")
audit_cli = AppGroup("audit", help="The audit trail.")

PASSWORD_ENV = "INTAKE_PASSWORD"  # nosec B105: the name of an environment variable, not a password


def init_app(app):
    app.cli.add_command(users)
    app.cli.add_command(audit_cli)


def _read_password(email: str) -> str:
    """From INTAKE_PASSWORD (for scripts), else prompted twice without echo; refused until it meets the policy."""
    from_env = os.environ.get(PASSWORD_ENV)
    while True:
        password = from_env if from_env is not None else click.prompt(
            "Password", hide_input=True, confirmation_prompt="Repeat the password")
        problem = accounts.password_problem(password, email=email)
        if problem is None:
            return password
        if from_env is not None:
            raise click.ClickException(f"{PASSWORD_ENV}: {problem}")
        click.echo(problem, err=True)


def _existing_user(email: str) -> accounts.User:
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the email address {accounts.normalize_email(email)}.")
    return user


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(accounts.ROLES), help="What the user may do.")
@click.option("--name", default="", help="The person's name, shown to colleagues.")
def create(email, role, name):
    """Add a staff user. The password is prompted for twice, or read from INTAKE_PASSWORD."""
    email = create_account(email, role, name)
    click.echo(f"Created {email} ({role}).")


def create_account(email: str, role: str, name: str = "") -> str:
    """Check the address and name, read the password (policy checked), store the user, audited; returns the address."""
    email = accounts.normalize_email(email)
    if "@" not in email or len(email) > accounts.EMAIL_MAX_LENGTH:
        raise click.ClickException("Give the user's email address, like name@example.com.")
    if accounts.find_user_by_email(email):
        raise click.ClickException(f"There is already a user with the email address {email}.")
    if accounts.name_problem(name):
        raise click.ClickException(accounts.name_problem(name) + ".")
    password = _read_password(email)
    with write_transaction() as session:
        user = accounts.create_user(session, email=email, role=role, password=password, name=name)
        audit.record("user.create", object_type="user", object_id=user.public_id)
    return email


@users.command("list")
def list_users():
    """Show every staff user with role and status."""
    rows = db.session.scalars(db.select(accounts.User).order_by(accounts.User.email)).all()
    if not rows:
        click.echo("No users yet. Add one with: flask --app intake users create EMAIL --role admin")
    for user in rows:
        status = "active" if user.active else "disabled"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role}\t{status}\tlast login {last} UTC")


@users.command("disable")
@click.argument("email")
def disable(email):
    """Disable a user and end every session they have open."""
    user = _existing_user(email)
    ended = user_admin.disable_user(user)
    click.echo(f"Disabled {user.email}; ended {ended} session(s).")


@users.command("enable")
@click.argument("email")
def enable(email):
    """Allow a disabled user to log in again."""
    user = _existing_user(email)
    user_admin.enable_user(user)
    click.echo(f"Enabled {user.email}.")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(accounts.ROLES))
def set_role(email, role):
    """Change what a user may do."""
    user = _existing_user(email)
    user_admin.set_role(user, role)
    click.echo(f"{user.email} is now {role}.")


@users.command("set-password")
@click.argument("email")
def set_password(email):
    """Set a user's password (prompted twice, or INTAKE_PASSWORD) and end their sessions."""
    user = _existing_user(email)
    password = _read_password(user.email)
    with write_transaction() as session:
        ended = accounts.set_password(session, user, password)
        audit.record("user.password", object_type="user", object_id=user.public_id)
    click.echo(f"Password changed for {user.email}; ended {ended} session(s).")


@audit_cli.command("verify")
def verify():
    """Check the audit trail: keyed hash chain and checkpoint; exits 1 if any row was changed, removed or reordered."""
    intact, checked, problem = audit.verify_chain()
    if not intact:
        click.echo(f"AUDIT TRAIL TAMPERED: {problem} ({checked} earlier row(s) verified).", err=True)
        raise SystemExit(1)
    click.echo(f"Audit trail intact: {checked} row(s) verified.")
    checkpoint = audit_chain.read_checkpoint()
    if checkpoint is not None:
        if checkpoint.keyed_from > 1 and checkpoint.keyed_from > (audit.first_row_id() or 0):
            click.echo(f"Rows before row {checkpoint.keyed_from} were written before the chain was keyed: "
                       "they are checked by their plain hash only.")
        click.echo(f"Checkpoint: row {checkpoint.head_id}, {checkpoint.rows} row(s) up to it "
                   f"({audit_chain.checkpoint_path()}).")
    if checked:
        # Kept somewhere else (a notebook, an email), this detects a later truncation of the log too.
        click.echo(f"Latest hash: {audit.latest_hash()}")
