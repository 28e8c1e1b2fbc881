"""What the privacy tests share: rows referring to a client, and a client with more of them."""

from sqlalchemy import func, select

from portal.core.dates import local_today
from portal.core.db import Base, db
from portal.core.identity import User
from portal.feedback.services import give_feedback
from portal.meetings.models import Meeting
from portal.placements.models import EmployerContact


def references_to(client_id: int) -> dict[str, int]:
    """How many rows of each table refer to the client through a foreign key to users."""
    counts = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "users" and table.name != "users":
                count = db.scalar(
                    select(func.count()).select_from(table).where(fk.parent == client_id)
                )
                if count:
                    counts[f"{table.name}.{fk.parent.name}"] = count
    return counts


def enrich(app, people):
    """Give client A named feedback, an employer contact and a sign-in session too."""
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        meeting = db.scalar(select(Meeting).where(Meeting.client_id == anna.id))
        give_feedback(anna, 4, "Named words", True, meeting)
        db.add(
            EmployerContact(
                specialist_id=people["specialist_a"].id,
                employer_id=people["employer"].employers[0].id,
                client_id=anna.id,
                contact_on=local_today(),
                in_person=True,
            )
        )
        db.commit()
