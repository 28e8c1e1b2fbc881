"""The IPS client portal: create_app reads as the table of contents of the application."""

import os

from flask import Flask

from portal.config import check_config, load_config
from portal.core.instance_secret import installation_secret


def create_app(config: dict | None = None) -> Flask:
    """Create the portal with settings from the environment, overridden by `config`."""
    app = Flask(__name__, instance_relative_config=True)
    configure_settings(app, config)
    configure_logging(app)
    configure_extensions(app)
    register_blueprints(app)
    register_cli(app)
    return app


def configure_settings(app: Flask, overrides: dict | None) -> None:
    # The folder holds the signing key and, by default, the SQLite database: health data.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = os.path.join(
        app.root_path, os.pardir, "translations"
    )
    if overrides:
        app.config.from_mapping(overrides)
    if not app.config["SECRET_KEY"] and app.config["PORTAL_ENV"] != "production":
        # Looked up only now, so an app given its key (the tests) never writes instance/.
        app.config["SECRET_KEY"] = installation_secret(app.instance_path)
    check_config(app.config)


def configure_logging(app: Flask) -> None:
    from portal.core import logs

    logs.configure_logging(app)


def configure_extensions(app: Flask) -> None:
    from portal.accounts import login
    from portal.core import (
        assets,
        audit,
        db,
        errors,
        htmx,
        i18n,
        logs,
        security,
        templating,
        url_ids,
    )
    from portal.core.extensions import compress

    # The request log first: after-request hooks run in reverse, so it sees the final response.
    logs.init_app(app)
    url_ids.init_app(app)
    compress.init_app(app)
    assets.init_app(app)
    db.init_app(app)
    security.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    htmx.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    audit.init_app(app)


def register_blueprints(app: Flask) -> None:
    from portal.accounts.mfa_views import bp as mfa_bp
    from portal.accounts.views import bp as accounts_bp
    from portal.caseload.views import bp as caseload_bp
    from portal.feedback.views import bp as feedback_bp
    from portal.goals.views import bp as goals_bp
    from portal.meetings.views import bp as meetings_bp
    from portal.messaging import views as messaging_views
    from portal.placements.views.checkins import bp as checkins_bp
    from portal.placements.views.consent import bp as consent_bp
    from portal.placements.views.employers import bp as employers_bp
    from portal.placements.views.jobs import bp as jobs_bp
    from portal.plans.views import bp as plans_bp
    from portal.privacy.views import bp as privacy_bp
    from portal.profiles.views import bp as profiles_bp
    from portal.reports.views import bp as reports_bp
    from portal.site.views import bp as site_bp

    for blueprint in (
        site_bp,
        accounts_bp,
        mfa_bp,
        goals_bp,
        plans_bp,
        profiles_bp,
        messaging_views.bp,
        jobs_bp,
        consent_bp,
        checkins_bp,
        employers_bp,
        meetings_bp,
        feedback_bp,
        caseload_bp,
        reports_bp,
        privacy_bp,
    ):
        app.register_blueprint(blueprint)
    messaging_views.init_app(app)


def register_cli(app: Flask) -> None:
    from portal.ops import cli

    cli.init_app(app)
