"""Create the job development log and hand-overs; add the enrolment day of clients.

Revision ID: f0c5f53c4830
Revises: d313d5427c3f
Create Date: 2026-11-27 23:34:20.846895
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "f0c5f53c4830"
down_revision: str | None = "d313d5427c3f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("contact_on", sa.Date(), nullable=False),
        sa.Column("in_person", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_employer_contacts_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer_organisations.id"],
            name=op.f("fk_employer_contacts_employer_id_employer_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["users.id"],
            name=op.f("fk_employer_contacts_specialist_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contacts")),
    )
    op.create_index(
        op.f("ix_employer_contacts_client_id"), "employer_contacts", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_employer_contacts_employer_id"), "employer_contacts", ["employer_id"], unique=False
    )
    op.create_index(
        "ix_employer_contacts_specialist_id_contact_on",
        "employer_contacts",
        ["specialist_id", "contact_on"],
        unique=False,
    )

    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("from_specialist_id", sa.Integer(), nullable=True),
        sa.Column("to_specialist_id", sa.Integer(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("note_to_client", sa.Text(), nullable=True),
        sa.Column("note_to_specialist", sa.Text(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_handovers_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_handovers_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_specialist_id"],
            ["users.id"],
            name=op.f("fk_handovers_from_specialist_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_specialist_id"],
            ["users.id"],
            name=op.f("fk_handovers_to_specialist_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    op.create_index(op.f("ix_handovers_client_id"), "handovers", ["client_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enrolled_on", sa.Date(), nullable=True))

    # Clients already enrolled joined on the day their account was made.
    op.execute("UPDATE users SET enrolled_on = DATE(created_at) WHERE role = 'client'")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("enrolled_on")

    op.drop_index(op.f("ix_handovers_client_id"), table_name="handovers")

    op.drop_table("handovers")
    op.drop_index("ix_employer_contacts_specialist_id_contact_on", table_name="employer_contacts")
    op.drop_index(op.f("ix_employer_contacts_employer_id"), table_name="employer_contacts")
    op.drop_index(op.f("ix_employer_contacts_client_id"), table_name="employer_contacts")

    op.drop_table("employer_contacts")
