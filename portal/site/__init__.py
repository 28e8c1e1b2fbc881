"""The pages every visitor shares: role home pages, language choice, accessibility, health."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from portal.site import views  # noqa: E402, F401  (registers the routes)
