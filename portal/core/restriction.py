"""Restriction (GDPR art. 18): a restricted client's records are stored, not otherwise used.

Every list, count, e-mail and report figure that can show a client or their things goes
through one of these conditions, so a restricted person drops out everywhere at once rather
than wherever someone remembered a filter. Only the client themself (their own pages, their
export) and the team lead's data protection page still reach the records.
"""

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased

from portal.core.identity import Role, User


def not_restricted(client=User):
    """A condition on a client row (`User` or an alias) already in the query."""
    return client.restricted_at.is_(None)


def of_usable_client(client_id):
    """A condition on a `client_id` column: none (a row about nobody in particular, such as
    anonymous feedback), or a client whose records are not restricted. A correlated NOT
    EXISTS on the primary key: cheap, and it adds no query to a page."""
    client = aliased(User)
    restricted = exists().where(client.id == client_id, client.restricted_at.is_not(None))
    return or_(client_id.is_(None), ~restricted)


def usable_caseload(specialist_ids: list[int]):
    """The clients of these specialists whose records may be worked on, by name."""
    return (
        select(User)
        .where(User.role == Role.CLIENT, User.specialist_id.in_(specialist_ids), not_restricted())
        .order_by(User.name)
    )
