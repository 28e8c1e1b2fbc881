"""The invitations page: a lead or specialist invites someone and sees the invitations they
sent that are still open, each to be sent again.

Its routes join the accounts blueprint (accounts.invitations, accounts.resend_invitation_view):
portal.accounts.views imports this module once it has made the blueprint."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.accounts.forms import InvitationForm
from portal.accounts.invitations import load_sent_invitation, sent_invitations
from portal.accounts.same_answer import invite_user, send_invitation_again
from portal.accounts.services import AccountError, NewAccount, normalise_email
from portal.accounts.views import bp
from portal.core.authz import invitable_roles, led_team_ids, roles_required
from portal.core.db import db
from portal.core.forms import show_field_error
from portal.core.htmx import is_fragment_request, render_page
from portal.core.i18n import current_language
from portal.core.identity import ROLE_LABELS, Role, Team
from portal.core.navigation import see_other


def _invitation_form(blank: bool = False) -> InvitationForm:
    """Build the invitation form with the roles and teams this user may choose."""
    form = InvitationForm(formdata=None) if blank else InvitationForm()
    roles = invitable_roles(current_user)
    form.role.choices = [SelectChoice(role.value, ROLE_LABELS[role]) for role in roles]
    # A lead's staff join a team the lead leads (invite_user refuses any other).
    led = led_team_ids(current_user)
    teams = db.scalars(select(Team).where(Team.id.in_(led)).order_by(Team.name)) if led else []
    form.team.choices = [SelectChoice(team.id, team.name) for team in teams]
    if blank or request.method == "GET":
        form.team.data = current_user.team_id if current_user.team_id in led else None
        form.language.data = current_language()
    return form


def _render_invitations(form: InvitationForm, status: int = 200):
    body = render_page(
        "accounts/invitations.html",
        block="invitations_panel",
        form=form,
        sent=sent_invitations(current_user),
        show_team=current_user.role == Role.ADMIN,
        show_workplace=Role.EMPLOYER in invitable_roles(current_user),
    )
    return body, status


@bp.route("/invitations", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.SPECIALIST)
def invitations():
    form = _invitation_form()
    if form.validate_on_submit():
        account = NewAccount(
            role=Role(form.role.data),
            email=form.email.data,
            name=form.name.data,
            locale=form.language.data,
            team_id=form.team.data if current_user.role == Role.ADMIN else None,
            workplace=form.workplace.data or None,
        )
        try:
            invite_user(current_user, account)
        except AccountError as error:
            show_field_error(form, error, fallback="email")
            db.rollback()
        else:
            db.commit()
            # The same words whether or not the address has an account (see same_answer).
            email = normalise_email(account.email)
            flash(_("The invitation is sent to %(email)s.", email=email), "success")
            if is_fragment_request():
                return _render_invitations(_invitation_form(blank=True))
            return see_other(url_for("accounts.invitations"))
    return _render_invitations(form, 422 if form.errors else 200)


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@roles_required(Role.ADMIN, Role.SPECIALIST)
def resend_invitation_view(invitation_id: int):
    invitation = load_sent_invitation(invitation_id)
    send_invitation_again(current_user, invitation)
    db.commit()
    flash(_("A new invitation is sent to %(email)s.", email=invitation.email), "success")
    return see_other(url_for("accounts.invitations"))
