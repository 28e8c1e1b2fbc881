"""The data version the kept reports are keyed by (portal.reports.cache)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import Base


class DataVersion(Base):
    """A counter per kind of derived data; "report" moves on with every change to a table the
    report counts from, in the same transaction. No personal data."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
