"""A treatment or agency contact's notes to the team about a participant (partner_notes,
with the treatment-only mark and the participant's request to read), and the contacts
invited to a participant's meeting (meeting_partners). See portal.partners.models.

Revision ID: 6075d7fbb4da
Revises: 409af8397081
Create Date: 2026-12-06 04:36:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "6075d7fbb4da"
down_revision: str | None = "409af8397081"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_partners",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_meeting_partners_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_partners_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["users.id"],
            name=op.f("fk_meeting_partners_partner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "partner_id", name=op.f("pk_meeting_partners")),
    )
    with op.batch_alter_table("meeting_partners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_partners_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "partner_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("treatment_only", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("read_requested_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_partner_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_partner_notes_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["partner_links.id"],
            name=op.f("fk_partner_notes_link_id_partner_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_notes")),
    )
    with op.batch_alter_table("partner_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_notes_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_notes_link_id"), ["link_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("partner_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_notes_link_id"))
        batch_op.drop_index(batch_op.f("ix_partner_notes_client_id"))

    op.drop_table("partner_notes")
    with op.batch_alter_table("meeting_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_partners_partner_id"))

    op.drop_table("meeting_partners")
