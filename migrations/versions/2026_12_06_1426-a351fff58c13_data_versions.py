"""Data versions: a counter per kind of derived data; the kept team reports are keyed by
"report", which every change to a table the report counts from moves on.

Revision ID: a351fff58c13
Revises: 73ea68af5dc5
Create Date: 2026-12-06 14:26:59.553603
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a351fff58c13"
down_revision: str | None = "73ea68af5dc5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    versions = sa.table(
        "data_versions", sa.column("name", sa.String), sa.column("version", sa.Integer)
    )
    op.bulk_insert(versions, [{"name": "report", "version": 0}])


def downgrade() -> None:
    op.drop_table("data_versions")
