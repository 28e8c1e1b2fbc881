"""Create held_forms, the words of a form sent just after the session ended, kept for the
same account until it signs in again (see portal.core.held_forms).

Revision ID: 9e3ce04d376c
Revises: c789cf9e13e7
Create Date: 2026-12-05 00:16:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "9e3ce04d376c"
down_revision: str | None = "c789cf9e13e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "held_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_held_forms_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_forms")),
        sa.UniqueConstraint("user_id", "page", name=op.f("uq_held_forms_user_id")),
    )


def downgrade() -> None:
    op.drop_table("held_forms")
