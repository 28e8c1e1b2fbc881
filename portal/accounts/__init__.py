"""Sign-in, sign-out, invitations, password reset and the user's own settings."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import views  # noqa: E402, F401  (registers the routes)
