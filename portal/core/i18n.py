"""Locale choice: the user's setting, then a cookie, then Accept-Language, then Danish."""

from functools import cache

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, refresh
from flask_login import current_user

from portal.core.extensions import babel
from portal.core.translations import install_template_gettext

LANGUAGE_COOKIE = "lang"
# Each language is named in itself, so a person can find theirs whatever the page is in.
LANGUAGE_NAMES = {"da": "Dansk", "sv": "Svenska", "en": "English"}
# Babel's "en" writes American dates (December 4, 2026, 2:00 PM); the portal's English is
# British: day month year and the 24-hour clock. Only dates and numbers use the regional
# locale: the language (catalog, <html lang>, the switcher, an account's setting) stays "en".
FORMAT_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    """Return the locale for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Command-line tools speak to operators in the source language; e-mails rendered
        # outside a request choose their recipient's language with force_locale.
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    # A one-time link opens in the language its account was given, unless the visitor chose.
    hint = g.get("account_locale")
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if hint in languages and cookie not in languages:
        return hint
    if cookie in languages:
        return cookie
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def use_account_language(locale: str | None) -> None:
    """Show this request in the language of the account a link belongs to."""
    g.account_locale = locale
    refresh()


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


@cache
def _format_locale(language: str) -> Locale:
    return Locale.parse(FORMAT_LOCALES.get(language, language))


def format_locale() -> Locale:
    """Return the locale that dates and numbers are written in now (forced e-mails included)."""
    return _format_locale(current_language())


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)  # after Flask-Babel's own, which it replaces

    @app.context_processor
    def _language_context():
        return {"current_language": current_language(), "language_names": LANGUAGE_NAMES}
