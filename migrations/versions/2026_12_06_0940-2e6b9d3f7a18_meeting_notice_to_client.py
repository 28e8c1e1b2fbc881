"""A coming meeting that is moved, changed or cancelled leaves a notice for the participant
(their home page, until they have seen it), with the time they knew.

Revision ID: 2e6b9d3f7a18
Revises: 8d1f4b6a2c57
Create Date: 2026-12-06 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "2e6b9d3f7a18"
down_revision: str | None = "8d1f4b6a2c57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(
            sa.Column(
                "client_notice",
                sa.Enum(
                    "changed",
                    "cancelled",
                    name="meeting_notice",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("notice_was_at", portal.core.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint(op.f("ck_meetings_meeting_notice"), type_="check")
        batch_op.drop_column("notice_was_at")
        batch_op.drop_column("client_notice")
