"""Flask-Babel, with the request's translations found once instead of once per string.

Flask-Babel looks the catalog up anew for every message: the domain, the locale and the
catalog each through `g`, and the locale's name built again as the cache key, about 8 µs a
string against 0.1 µs for the look-up itself; a page shows dozens of strings. Here the
catalog is kept in `g` beside the locale object it belongs to. A forced locale (an e-mail in
the recipient's language) or a refreshed one (a link in its account's language) is another
locale object, so it finds its own catalog, and the request's is found again afterwards.
"""

from functools import cached_property

from flask import Flask, g
from flask_babel import Babel, Domain, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

KEPT = "request_translations"
CATALOG = "_catalog"  # the template context's catalog, taken when the rendering starts


class RequestDomain(Domain):
    def get_translations(self):
        locale = get_locale()
        if locale is None:  # outside a request: Flask-Babel's own answer
            return super().get_translations()
        kept = g.get(KEPT)
        if kept is not None and kept[0] is locale:
            return kept[1]
        translations = super().get_translations()
        setattr(g, KEPT, (locale, translations))
        return translations


class PortalBabel(Babel):
    """Flask-Babel's extension, using RequestDomain for the portal's messages."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


def _catalog(context):
    found = context.get(CATALOG)
    return found if found is not None else get_translations()


def _finished(context, text, variables: dict):
    """What Jinja's newstyle gettext makes of a translation (markup where autoescaping, the
    variables put in), without formatting a text that has nothing to format: Jinja always
    formats, so that "%%" is read as "%", and a text without "%" is the same either way."""
    if context.eval_ctx.autoescape:
        # The portal's own catalog, trusted as Jinja's own gettext trusts it.
        text = Markup(text)  # noqa: S704  # nosec B704
    return text % variables if variables or "%" in text else text


@pass_context
def _gettext(context, message, /, **variables):
    return _finished(context, _catalog(context).ugettext(message), variables)


@pass_context
def _ngettext(context, singular, plural, num, /, **variables):
    variables.setdefault("num", num)
    return _finished(context, _catalog(context).ungettext(singular, plural, num), variables)


@pass_context
def _plain_gettext(context, message):
    return _catalog(context).ugettext(message)


@pass_context
def _plain_ngettext(context, singular, plural, n):
    return _catalog(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context, where, message):
    return _catalog(context).upgettext(where, message)


@pass_context
def _npgettext(context, where, singular, plural, n):
    return _catalog(context).unpgettext(where, singular, plural, n)


def install_template_gettext(app: Flask) -> None:
    """Templates translate with the catalog their rendering began with (in the locale of that
    moment: an e-mail's forced one included), a look-up in the template's own context instead
    of three in `g` per string. A macro imported without the context asks Flask-Babel."""

    @app.context_processor
    def _catalog_of_this_rendering():
        return {CATALOG: get_translations()}

    app.jinja_env.install_gettext_callables(
        _plain_gettext,
        _plain_ngettext,
        newstyle=True,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )
    # The two that pages use hundreds of times, and `_`, without Jinja's wrapper around them.
    app.jinja_env.globals.update(gettext=_gettext, ngettext=_ngettext, _=_gettext)
