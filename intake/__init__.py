"""Intake: a self-hosted patient symptom intake questionnaire for chiropractic practices."""

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py, then FLASK_/INTAKE_ environment, then test_config."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    # Under the `flask` command (explain, content check, users…) nothing may be served yet: the key is
    # checked when a request comes. Anything else (gunicorn, tests) checks it at once.
    from_cli = os.environ.get("FLASK_RUN_FROM_CLI") == "true"
    register_config(app, test_config, check_key=not from_cli)
    register_extensions(app)
    register_page_helpers(app)
    register_blueprints(app)
    register_content_and_commands(app)
    if from_cli:
        _check_secret_key_before_serving(app)
    from .web import kept_render

    kept_render.init_app(app)  # last: it guards every template global registered above
    return app


def register_config(app, test_config, check_key: bool) -> None:
    """The settings in their layers, checked: the app refuses to start on one that cannot work."""
    app.config.from_object("intake.config.Defaults")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("FLASK")
    app.config.from_prefixed_env("INTAKE")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app)
    if check_key:
        _check_secret_key(app)
    from .config import finish as finish_config
    from .deployment import gunicorn_workers, rate_limit_problem

    finish_config(app.config)
    problem = rate_limit_problem(app.config, gunicorn_workers())
    if problem:
        raise RuntimeError(f"Refusing to start: {problem}")


def register_extensions(app) -> None:
    """The database (its tables imported), migrations, CSRF, rate limits and translations."""
    from . import models  # noqa: F401  (the tables)
    from .accounts import two_factor  # noqa: F401  (its tables)
    from .database import configure_sqlite, engine_options
    from .extensions import babel, csrf, db, limiter, migrate
    from .web import language

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"],
                                                             app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=language.select_locale)


def register_page_helpers(app) -> None:
    """What every page shares: security headers, formatting, the language switch, errors, logs, kiosks."""
    from . import i18n
    from .web import bodymap_markup, choice_markup, errors, formatting, kiosk, language, logs, security, shells

    security.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    language.init_app(app)
    app.jinja_env.globals["body_map"] = bodymap_markup.body_map
    app.jinja_env.globals["choice_inputs"] = choice_markup.choice_inputs
    app.jinja_env.globals["when_chosen"] = shells.when_chosen
    errors.init_app(app)
    logs.init_app(app)
    kiosk.init_app(app)
    # Browsers and other clients ask for /favicon.ico where a page links none (print views, feeds): our own icon.
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.ico"))


def register_blueprints(app) -> None:
    """The pages by audience: patients, articles, the staff workspace, and the FHIR definitions for other systems."""
    from .web.fhir import bp as fhir_bp
    from .web.learn import bp as learn_bp
    from .web.patient import bp as patient_bp

    app.register_blueprint(patient_bp)
    app.register_blueprint(learn_bp)
    register_staff_blueprints(app)
    app.register_blueprint(fhir_bp)


def register_staff_blueprints(app) -> None:
    """The staff workspace under /staff/, one blueprint per job; each brings the shared staff hooks."""
    from .web.staff import account, admin, auth, exports, review, waiting_room

    for package in (account, review, admin, exports, waiting_room):
        app.register_blueprint(package.bp)
    auth.init_app(app)  # the staff session check and login manager, for all of them


def register_content_and_commands(app) -> None:
    """The education library, read once, and the `flask` commands."""
    from . import cli
    from .content import library

    library.init_app(app)
    cli.init_app(app)


def _database_url(app) -> str:
    url = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        return f"sqlite:///{Path(app.instance_path) / 'intake.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _check_secret_key_before_serving(app) -> None:
    """Commands that serve nothing need no key; `flask run` without a good one refuses every request."""
    try:
        _check_secret_key(app)
    except RuntimeError as problem:
        refusal = problem

        def refuse(environ, start_response):
            raise refusal

        app.wsgi_app = refuse


def _check_secret_key(app) -> None:
    from .deployment import secret_key_problem

    key = app.config.get("SECRET_KEY")
    if app.testing or app.debug:
        if not key:
            raise RuntimeError("SECRET_KEY is not set: run `make run` once, or set INTAKE_SECRET_KEY.")
        return
    problem = secret_key_problem(key)
    if problem:
        raise RuntimeError(
            f"Refusing to start without a strong SECRET_KEY ({problem}): "
            "set INTAKE_SECRET_KEY or put SECRET_KEY in instance/config.py."
        )
