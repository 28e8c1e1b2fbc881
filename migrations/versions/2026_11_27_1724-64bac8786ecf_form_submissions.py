"""Create form_submissions, the one-time tokens that make a double submit save once.

Revision ID: 64bac8786ecf
Revises: 9351d40de3b5
Create Date: 2026-11-27 17:24:39.924824
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "64bac8786ecf"
down_revision: str | None = "9351d40de3b5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_submissions",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_form_submissions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submissions")),
    )
    op.create_index(op.f("ix_form_submissions_user_id"), "form_submissions", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_form_submissions_user_id"), table_name="form_submissions")

    op.drop_table("form_submissions")
