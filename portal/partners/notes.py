"""A treatment or agency contact's notes to the IPS team about one participant (#21).

A contact writes only while the participant shares with them now (the view loads the
participant with `sharing.load_shared_client`). The participant sees every note about her and
what it says, unless a treatment contact marked it as about treatment only: then she sees
that it was written and can ask to read it, which shows it to her (and tells the team she
did). A note stays with the team and the participant after the sharing stops: it was written
to the team; the contact no longer sees it.
"""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.authz import deny
from portal.core.db import db, utcnow
from portal.core.identity import Role, User
from portal.partners.models import PartnerLink, PartnerNote

NOTE_LENGTH = 2000


def write_note(contact: User, link: PartnerLink, text: str, treatment_only: bool) -> PartnerNote:
    """Save `contact`'s note about `link`'s participant. Only a treatment contact may keep a
    note's words from the participant (a clinician's judgement; an agency has none to make)."""
    note = PartnerNote(
        link_id=link.id,
        client_id=link.client_id,
        author_id=contact.id,
        text=text,
        treatment_only=bool(treatment_only) and link.is_treatment,
    )
    db.add(note)
    db.flush()
    return note


def _newest_first(query):
    return list(
        db.scalars(
            query.options(joinedload(PartnerNote.author)).order_by(
                PartnerNote.created_at.desc(), PartnerNote.id.desc()
            )
        )
    )


def list_notes_about(client_id: int) -> list[PartnerNote]:
    """Every note about the participant, newest first: for her and her specialist."""
    return _newest_first(select(PartnerNote).where(PartnerNote.client_id == client_id))


def list_notes_written(contact: User, client_id: int) -> list[PartnerNote]:
    """The notes `contact` wrote about this participant, newest first (none of anyone else's)."""
    return _newest_first(
        select(PartnerNote).where(
            PartnerNote.client_id == client_id, PartnerNote.author_id == contact.id
        )
    )


def load_my_note(user: User, note_id: int) -> PartnerNote:
    """The note about `user` (a participant) with this id, or 404 as for nothing."""
    note = db.get(PartnerNote, note_id)
    if note is None or user.role != Role.CLIENT or note.client_id != user.id:
        deny()
    return note


def may_read(note: PartnerNote) -> bool:
    """Whether the participant may read the note's words now."""
    return not note.treatment_only or note.read_requested_at is not None


def ask_to_read(note: PartnerNote) -> None:
    """The participant asks to read a treatment-only note: it is shown to her from now on. The
    first asking is the one kept (asking twice changes nothing)."""
    if note.read_requested_at is None:
        note.read_requested_at = utcnow()
