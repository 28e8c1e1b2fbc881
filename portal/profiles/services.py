"""The career profile: the client writes each section and decides who sees it."""

from sqlalchemy import select

from portal.core.authz import is_own_client, load_client_record, may_write_own_words, require
from portal.core.db import db, utcnow
from portal.core.history import changed_fields, record_change
from portal.core.identity import User
from portal.core.versioning import check_version
from portal.profiles.models import SECTION_FIELDS, CareerProfile, ProfileSuggestion, Section


def get_profile(client_id: int) -> CareerProfile | None:
    return db.scalar(select(CareerProfile).where(CareerProfile.client_id == client_id))


def visible_sections(viewer: User, client: User, profile: CareerProfile | None) -> list[Section]:
    """The client sees every section; their specialist only the ones the client shares."""
    if may_write_own_words(viewer, client):
        return list(Section)
    if not is_own_client(viewer, client):
        return []
    return [s for s in Section if profile is None or profile.is_shared(s)]


def _new_or_current_profile(client: User, version: int | None) -> CareerProfile:
    profile = get_profile(client.id)
    if profile is None:
        profile = CareerProfile(client_id=client.id)
        db.add(profile)
    else:
        check_version(profile, version)
    return profile


def _apply_section(actor, client, profile, section: Section, values: dict, shared: bool) -> dict:
    # One history entry per section, named after it, so a hidden section's changes stay hidden.
    fields = {name: values[name] for name in SECTION_FIELDS[section]}
    changes = changed_fields(profile, {**fields, f"{section.value}_shared": shared})
    if changes:
        db.flush()
        record_change(actor, client.id, "profile", profile.id, section.value, changes)
    return changes


def save_section(
    actor: User, client: User, section: Section, values: dict, shared: bool, version: int | None
) -> dict:
    """Save one section's text and whether the specialist may see it."""
    require(may_write_own_words(actor, client))
    profile = _new_or_current_profile(client, version)
    return _apply_section(actor, client, profile, section, values, shared)


def save_profile(
    actor: User, client: User, values: dict, shared: dict[Section, bool], version: int | None
) -> list[Section]:
    """Save the sections in `shared` (every one the page showed) at once; return the changed.

    One save for the whole page: words typed in one section are never lost to another's save.
    """
    require(may_write_own_words(actor, client))
    profile = _new_or_current_profile(client, version)
    return [
        section
        for section in Section
        if section in shared
        and _apply_section(actor, client, profile, section, values, shared[section])
    ]


def list_suggestions(client_id: int, sections: list[Section]) -> list[ProfileSuggestion]:
    return list(
        db.scalars(
            select(ProfileSuggestion)
            .where(
                ProfileSuggestion.client_id == client_id,
                ProfileSuggestion.dismissed_at.is_(None),
                ProfileSuggestion.section.in_(sections),
            )
            .order_by(ProfileSuggestion.id)
        )
    )


def add_suggestion(actor: User, client: User, section: Section, body: str) -> ProfileSuggestion:
    """The specialist suggests something for a section the client shares with them."""
    require(section in visible_sections(actor, client, get_profile(client.id)))
    require(is_own_client(actor, client))
    suggestion = ProfileSuggestion(
        client_id=client.id, section=section, author_id=actor.id, body=body
    )
    db.add(suggestion)
    db.flush()
    record_change(
        actor, client.id, "profile", None, "suggested", {"section": [None, section.value]}
    )
    return suggestion


def dismiss_suggestion(actor: User, suggestion: ProfileSuggestion, client: User) -> None:
    require(may_write_own_words(actor, client))
    if suggestion.dismissed_at is None:
        suggestion.dismissed_at = utcnow()
        record_change(actor, client.id, "profile", None, "suggestion_set_aside")


def load_suggestion(suggestion_id: int) -> tuple[ProfileSuggestion, User]:
    """Return a suggestion and its client when the current user may see them, or answer 404."""
    return load_client_record(ProfileSuggestion, suggestion_id)
