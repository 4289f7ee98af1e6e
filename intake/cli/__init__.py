"""Command-line tools for the clinic: `flask --app intake COMMAND`."""

import click
from flask import current_app
from flask.cli import AppGroup


def init_app(app):
    from .content import content, explain

    app.cli.add_command(drafts)
    app.cli.add_command(explain)
    app.cli.add_command(content)
    from . import accounts as accounts_cli

    accounts_cli.init_app(app)  # users …, audit verify
    from . import records as records_cli

    records_cli.init_app(app)  # purge, backup, restore
    from .doctor import doctor

    app.cli.add_command(doctor)
    from .setup import setup

    app.cli.add_command(setup)
    from .exports import export

    app.cli.add_command(export)  # export fhir | csv | pdf


drafts = AppGroup("drafts", help="Answers in progress.")


@drafts.command("purge", help="Delete drafts past their expiry time.")
def purge_drafts():
    from ..web.drafts import purge_expired

    count = purge_expired()
    click.echo(f"Deleted {count} expired draft(s).")
    current_app.logger.info("purged %d expired drafts", count)
