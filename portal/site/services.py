"""What the home pages show for each role."""

from sqlalchemy import func, select

from portal.accounts.models import Role, Team, User
from portal.db import db

CASELOAD_GUIDELINE = 20


def list_caseload(specialist: User) -> list[User]:
    """Return the specialist's clients, active and invited, by name."""
    return list(
        db.scalars(
            select(User)
            .where(User.specialist_id == specialist.id, User.role == Role.CLIENT)
            .order_by(User.name)
        )
    )


def summarise_teams() -> list[tuple[Team, int, int]]:
    """Return each team with its number of specialists and of clients, in one query."""
    specialist = select(func.count(User.id)).where(
        User.team_id == Team.id, User.role == Role.SPECIALIST
    )
    client = select(func.count(User.id)).where(User.team_id == Team.id, User.role == Role.CLIENT)
    rows = db.execute(
        select(Team, specialist.scalar_subquery(), client.scalar_subquery()).order_by(Team.name)
    )
    return [(team, specialists, clients) for team, specialists, clients in rows]
