"""The IPS client portal: create_app reads as the table of contents of the application."""

import os

from flask import Flask

from portal.config import check_config, load_config
from portal.core.instance_secret import installation_secret
from portal.models import load_all_models


def create_app(config: dict | None = None) -> Flask:
    """Create the portal with settings from the environment, overridden by `config`."""
    app = Flask(__name__, instance_relative_config=True)
    configure_settings(app, config)
    configure_logging(app)
    load_all_models()
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
    from portal.accounts import mfa_views
    from portal.accounts import views as accounts_views
    from portal.caseload import views as caseload_views
    from portal.feedback import views as feedback_views
    from portal.fidelity import views as fidelity_views
    from portal.goals import views as goals_views
    from portal.intake import views as intake_views
    from portal.meetings import views as meetings_views
    from portal.messaging import views as messaging_views
    from portal.occupations import views as occupations_views
    from portal.partners import contact_views as partner_contact_views
    from portal.partners import meeting_views as partner_meeting_views
    from portal.partners import note_views as partner_note_views
    from portal.partners import proposal_views as partner_proposal_views
    from portal.partners import views as partners_views
    from portal.placements.views import (
        benefits,
        checkins,
        consent,
        employers,
        jobs,
        own_checkins,
        support,
    )
    from portal.plans import views as plans_views
    from portal.privacy import views as privacy_views
    from portal.profiles import views as profiles_views
    from portal.reports import views as reports_views
    from portal.site import views as site_views

    for views in (
        site_views,
        accounts_views,
        mfa_views,
        goals_views,
        plans_views,
        profiles_views,
        messaging_views,
        jobs,
        occupations_views,
        benefits,
        consent,
        checkins,
        own_checkins,
        support,
        employers,
        meetings_views,
        feedback_views,
        caseload_views,
        reports_views,
        fidelity_views,
        privacy_views,
        partner_contact_views,
        partner_note_views,
        partner_meeting_views,
        partner_proposal_views,
        partners_views,
        intake_views,
    ):
        app.register_blueprint(views.bp)
    # Each feature names its own menu entries, layout links and background requests: the
    # layout names none (portal/core/menu.py).
    for views in (
        site_views,
        accounts_views,
        messaging_views,
        goals_views,
        plans_views,
        profiles_views,
        jobs,
        occupations_views,
        consent,
        employers,
        meetings_views,
        reports_views,
        fidelity_views,
        feedback_views,
        partners_views,
        partner_proposal_views,
        partner_meeting_views,
        partner_note_views,
        intake_views,
    ):
        views.init_app(app)


def register_cli(app: Flask) -> None:
    from portal.ops import cli

    cli.init_app(app)
