"""Tries to get back in touch with a participant who has gone quiet (fidelity item V14).

Revision ID: e7ae62d7282a
Revises: afec1c99ea80
Create Date: 2026-12-06 19:46:00.822012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "e7ae62d7282a"
down_revision: str | None = "afec1c99ea80"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outreach_tries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("tried_on", sa.Date(), nullable=False),
        sa.Column(
            "way",
            sa.Enum(
                "phone",
                "message",
                "home_visit",
                "community_visit",
                "treatment_team",
                "family",
                name="outreach_way",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_outreach_tries_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["users.id"],
            name=op.f("fk_outreach_tries_specialist_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_tries")),
    )
    with op.batch_alter_table("outreach_tries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_tries_client_id"), ["client_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_tries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_tries_client_id"))

    op.drop_table("outreach_tries")
