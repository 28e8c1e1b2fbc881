"""Role home pages, the language switch, the accessibility statement and health checks."""

from datetime import date

from flask import Blueprint, Flask, current_app, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.accounts.services import set_language
from portal.caseload.forms import ATTENTION, PHASE_LABELS, CaseloadView
from portal.caseload.handover import recent_handovers_to
from portal.caseload.services import (
    CASELOAD_GUIDELINE,
    FIRST_CONTACT_TARGET_DAYS,
    FOLLOW_ALONG_AFTER_DAYS,
    caseload_rows,
    sort_and_filter,
)
from portal.core.authz import public, signed_in
from portal.core.countries import country_of
from portal.core.db import db
from portal.core.errors import stop_using_the_database
from portal.core.forms import LanguageForm
from portal.core.htmx import is_fragment_request, render_page
from portal.core.i18n import LANGUAGE_COOKIE
from portal.core.identity import Country, Role
from portal.core.logs import log_quietly
from portal.core.menu import register_layout_link, register_menu_entry
from portal.core.navigation import safe_next_url, see_other
from portal.intake.services import count_waiting_referrals
from portal.meetings.forms import meeting_labels
from portal.meetings.services import disputed_summaries
from portal.partners.sharing import list_sharing_participants, shared_names
from portal.placements.services.attention import specialist_attention
from portal.placements.services.checkins import employer_placements
from portal.reports.sharing import newly_shared
from portal.site.services import client_home, summarise_teams

bp = Blueprint("site", __name__)

ONE_YEAR = 365 * 24 * 3600
READY_TIMEOUT_MS = 2000
STATEMENT_REVIEWED = date(2026, 11, 28)  # update when the accessibility statement is reviewed
# Where to turn when our answer about accessibility is not good enough: the supervising
# authority of the reader's team's country (else the installation's). The address is plain
# text: the pages link to no other site.
ACCESSIBILITY_COMPLAINTS = {
    Country.DENMARK: _l(
        "If you are not satisfied with our answer, you can complain to "
        "Digitaliseringsstyrelsen, the Danish Agency for Digital Government, which oversees the "
        "accessibility of public websites (www.digst.dk)."
    ),
    Country.SWEDEN: _l(
        "If you are not satisfied with our answer, you can report it to Myndigheten för "
        "digital förvaltning (DIGG), the Swedish Agency for Digital Government, which oversees "
        "the accessibility of public websites (www.digg.se)."
    ),
}


@bp.route("/")
@signed_in
def home():
    role = current_user.role
    context = {}
    if role == Role.CLIENT:
        context = client_home(current_user) | meeting_labels()
    elif role == Role.SPECIALIST:
        return _specialist_home()
    elif role == Role.EMPLOYER:
        context = {"placements": employer_placements(current_user)}
    elif role == Role.ADMIN:
        context = {"teams": summarise_teams(current_user)}
    elif role == Role.PARTNER:
        context = {"participants": list_sharing_participants(), "shared_names": shared_names}
    return render_template(f"site/home_{role.value}.html", **context)


def _specialist_home():
    view = CaseloadView.from_args(request.args)
    rows = caseload_rows(current_user)
    context = {
        "rows": sort_and_filter(rows, view.sort, view.phase, view.show == ATTENTION),
        "total": len(rows),
        "view": view,
        # Translated once here rather than once for every row of the table.
        "phase_labels": {phase: str(label) for phase, label in PHASE_LABELS.items()},
        "guideline": CASELOAD_GUIDELINE,
        "follow_along_days": FOLLOW_ALONG_AFTER_DAYS,
        "first_contact_days": FIRST_CONTACT_TARGET_DAYS,
    }
    if not is_fragment_request():  # sorting and filtering with htmx only shows the table
        context |= {
            "attention": specialist_attention(current_user),
            "disputed": disputed_summaries(current_user),
            "handovers": recent_handovers_to(current_user),
            "referrals_waiting": count_waiting_referrals(current_user),
            "figures_shared": newly_shared(current_user.team_id),
        }
    return render_page("site/home_specialist.html", "caseload", **context)


@bp.route("/language", methods=["POST"])
@public
def change_language():
    form = LanguageForm()
    target = safe_next_url(form.next.data)
    if not form.validate_on_submit():
        return see_other(target)
    set_language(current_user if current_user.is_authenticated else None, form.lang.data)
    db.commit()
    response = make_response(see_other(target))
    response.set_cookie(
        LANGUAGE_COOKIE,
        form.lang.data,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/accessibility")
@public
def accessibility():
    return render_template(
        "site/accessibility.html",
        statement_date=STATEMENT_REVIEWED,
        complaint=ACCESSIBILITY_COMPLAINTS[country_of(current_user)],
    )


@bp.route("/healthz")
@public
def healthz():
    return {"status": "ok"}


@bp.route("/readyz")
@public
def readyz():
    """Ready while the database answers, within a bounded time (a load balancer's probe must
    not hang): the connection attempt gives up after 5 s, a query after READY_TIMEOUT_MS."""
    try:
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text(f"SET LOCAL statement_timeout = {READY_TIMEOUT_MS}"))
        db.execute(text("SELECT 1"))
    except SQLAlchemyError:
        stop_using_the_database()
        return {"status": "unavailable", "detail": _("The database cannot be reached.")}, 503
    db.rollback()
    return {"status": "ok"}


def init_app(app: Flask) -> None:
    """The home page heads every role's menu; the layout links home, to the language choice
    and to the accessibility statement."""
    home_labels = {
        Role.CLIENT: _l("Home"),
        Role.SPECIALIST: _l("Caseload"),
        Role.EMPLOYER: _l("Home"),
        Role.ADMIN: _l("Teams"),
        Role.PARTNER: _l("Home"),
    }
    for role, label in home_labels.items():
        register_menu_entry(app, role, "site.home", label, position=0)
    register_layout_link(app, "home", "site.home")
    register_layout_link(app, "change_language", "site.change_language")
    register_layout_link(app, "accessibility", "site.accessibility")
    log_quietly(app, "site.healthz")
    log_quietly(app, "site.readyz")
