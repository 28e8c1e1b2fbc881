"""eID links: a person's national eID, as the broker's pseudonymous subject for them (one
per person, one person per subject).

Revision ID: 73ea68af5dc5
Revises: 04d73246271f
Create Date: 2026-12-06 13:28:24.157776
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "73ea68af5dc5"
down_revision: str | None = "04d73246271f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "eid_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_eid_links_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eid_links")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_eid_links_issuer")),
    )
    with op.batch_alter_table("eid_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eid_links_user_id"), ["user_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("eid_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eid_links_user_id"))

    op.drop_table("eid_links")
