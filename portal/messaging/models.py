"""Conversations, messages, and each specialist's reply time and time away."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, UTCDateTime, utcnow
from portal.core.identity import User


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(120))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    client: Mapped[User] = relationship(foreign_keys=[client_id])
    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation", order_by="Message.id", cascade="all, delete-orphan"
    )


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # True when the client wrote it; the other side is then the staff side, and vice versa.
    from_client: Mapped[bool]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    sender: Mapped[User | None] = relationship()

    # The unread badge and the caseload's unread figure on every page: only the few unread
    # messages are in this index, so counting them reads no conversation's history.
    __table_args__ = (
        Index(
            "ix_messages_unread",
            "conversation_id",
            "from_client",
            postgresql_where=read_at.is_(None),
            sqlite_where=read_at.is_(None),
        ),
    )


class Availability(Base):
    """A specialist's stated reply time and any time away, with who answers meanwhile."""

    __tablename__ = "specialist_availability"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    reply_days: Mapped[int] = mapped_column(default=1)
    away_from: Mapped[date | None] = mapped_column(Date)
    away_until: Mapped[date | None] = mapped_column(Date)
    substitute_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    substitute: Mapped[User | None] = relationship(foreign_keys=[substitute_id])

    def is_away(self, today: date) -> bool:
        return bool(
            self.away_from and self.away_until and self.away_from <= today <= self.away_until
        )
