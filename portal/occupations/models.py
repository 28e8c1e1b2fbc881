"""The national lists of occupation titles, as the administrator last imported them."""

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import Base


class OccupationTitle(Base):
    """One occupation of a national list, DISCO-08 or SSYK 2012, under the ISCO-08 sub-major
    group it belongs to. Jobs keep only the group, so a new import never touches a job."""

    __tablename__ = "occupation_titles"
    __table_args__ = (
        UniqueConstraint("classification", "code"),
        Index("ix_occupation_titles_classification_folded", "classification", "folded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classification: Mapped[str] = mapped_column(String(10))  # "disco-08" or "ssyk-2012"
    code: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    # The title case-folded in Python: SQLite's lower() leaves æ, ø, å, ä and ö as they are.
    folded: Mapped[str] = mapped_column(String(300))
    isco_group: Mapped[str] = mapped_column(String(2))
