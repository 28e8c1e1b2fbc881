"""An index of the unread messages only, for the badge and the caseload's unread figure.

Revision ID: 0b8befdc012e
Revises: a351fff58c13
Create Date: 2026-12-06 16:28:45.274555
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0b8befdc012e"
down_revision: str | None = "a351fff58c13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNREAD = sa.text("read_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_messages_unread",
        "messages",
        ["conversation_id", "from_client"],
        postgresql_where=UNREAD,
        sqlite_where=UNREAD,
    )


def downgrade() -> None:
    op.drop_index("ix_messages_unread", table_name="messages")
