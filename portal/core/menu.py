"""The main menu and the layout's own links, which each feature registers for itself: the
layout and base.html name no feature.

Registrations are kept per app (in app.extensions), since the tests build several apps in
one process and each registers its features once."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.core.identity import Role

# A specialist's seven entries take four lines on a phone: there, the entries used on the go
# (the caseload, the inbox with its badge, logging an employer contact) stay in sight and
# the rest sit behind a "More" button (base.html). A team lead's seven (the teams, the report
# and the fidelity review first) take three, so theirs fold the same way. The other roles'
# entries fit in two lines.
SHOWN_ON_A_PHONE = {Role.SPECIALIST: 3, Role.ADMIN: 3}
# The account link comes after every feature's entries.
LAST = 1000


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: str
    position: int
    # The URL takes the signed-in client's own id (the client's pages of their records).
    takes_client: bool = False
    # Stays current on every page of its blueprint (not only on its own page).
    whole_section: bool = False
    # Returns the markup shown after the label (the unread count), or None.
    badge: Callable[[], Markup] | None = None


@dataclass
class Menu:
    entries: dict[Role, list[MenuEntry]] = field(default_factory=dict)
    # Pages of one blueprint reached from another section's page belong under that section.
    section_of: dict[str, str] = field(default_factory=dict)
    # What the layout links to (home, sign-out, language...): name -> endpoint.
    layout_endpoints: dict[str, str] = field(default_factory=dict)
    # The way between one participant's pages, for staff looking at them.
    participant_tabs: list[MenuEntry] = field(default_factory=list)


def _menu(app: Flask) -> Menu:
    return app.extensions.setdefault("portal.menu", Menu())


def register_menu_entry(
    app: Flask,
    role: Role,
    endpoint: str,
    label: str,
    *,
    position: int,
    takes_client: bool = False,
    whole_section: bool = False,
    badge: Callable[[], Markup] | None = None,
) -> None:
    """Add an entry to `role`'s main menu; entries stand in order of `position`."""
    entries = _menu(app).entries.setdefault(role, [])
    entries.append(MenuEntry(endpoint, label, position, takes_client, whole_section, badge))
    entries.sort(key=lambda entry: entry.position)


def register_section_alias(app: Flask, blueprint: str, under: str) -> None:
    """Show the pages of `blueprint` as part of the section of blueprint `under`."""
    _menu(app).section_of[blueprint] = under


def register_participant_tab(app: Flask, endpoint: str, label: str, *, position: int) -> None:
    """Add a tab to the staff's way between one participant's pages (the URL takes their id)."""
    tabs = _menu(app).participant_tabs
    tabs.append(MenuEntry(endpoint, label, position, takes_client=True))
    tabs.sort(key=lambda tab: tab.position)


def participant_tabs(client_id: int) -> list[tuple[str, str, bool]]:
    """Return (url, label, is_current) for each tab of participant `client_id`'s pages."""
    return [
        (
            url_for(tab.endpoint, client_id=client_id),
            tab.label,
            request.blueprint == tab.endpoint.split(".")[0],
        )
        for tab in _menu(current_app).participant_tabs
    ]


def register_layout_link(app: Flask, name: str, endpoint: str) -> None:
    """Name the page the layout means by `name` (e.g. "home", "login")."""
    _menu(app).layout_endpoints[name] = endpoint


def layout_url(name: str, **values) -> str:
    """The URL of the layout's link `name`, as registered by the feature that serves it."""
    return url_for(_menu(current_app).layout_endpoints[name], **values)


def navigation_items() -> list[tuple[str, str, bool, Markup | str]]:
    """Return (url, label, is_current, badge markup) for the signed-in user's navigation."""
    if not current_user.is_authenticated:
        return []
    menu = _menu(current_app)
    entries = menu.entries.get(current_user.role, [])
    # A page with its own entry is not also under its blueprint's whole-section entry.
    has_own_entry = request.endpoint in {entry.endpoint for entry in entries}
    # A goal's own page still belongs under "Goals", and so on.
    section = menu.section_of.get(request.blueprint, request.blueprint)
    items = []
    for entry in entries:
        values = {"client_id": current_user.id} if entry.takes_client else {}
        whole = entry.whole_section and not has_own_entry
        is_current = section == entry.endpoint.split(".")[0] and (
            entry.takes_client or request.endpoint == entry.endpoint or whole
        )
        badge = entry.badge() if entry.badge else ""
        items.append((url_for(entry.endpoint, **values), entry.label, is_current, badge))
    return items


def navigation_menu() -> tuple[list, list]:
    """Return the navigation split into the entries always shown and those a phone folds."""
    items = navigation_items()
    if not current_user.is_authenticated or current_user.role not in SHOWN_ON_A_PHONE:
        return items, []
    shown = SHOWN_ON_A_PHONE[current_user.role]
    return items[:shown], items[shown:]
