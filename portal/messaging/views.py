"""Routes for messages; each view loads and authorises, calls one service and commits once."""

from flask import (
    Blueprint,
    Flask,
    flash,
    g,
    get_template_attribute,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal.core.authz import roles_required, signed_in
from portal.core.dates import local_today, moment_formatter
from portal.core.db import db
from portal.core.extensions import limiter
from portal.core.htmx import after_save, is_fragment_request, render_page
from portal.core.identity import Role, User
from portal.core.menu import register_menu_entry
from portal.core.navigation import register_background_endpoint, see_other
from portal.core.submissions import already_submitted
from portal.messaging.availability import (
    DEFAULT_REPLY_DAYS,
    colleagues,
    get_availability,
    save_availability,
)
from portal.messaging.crisis import crisis_notice
from portal.messaging.forms import AvailabilityForm, MessageForm, NewConversationForm
from portal.messaging.inbox import (
    conversation_title,
    first_words,
    list_conversations,
    unread_count,
)
from portal.messaging.models import Conversation
from portal.messaging.services import (
    MAX_SHOWN,
    MESSAGES_SHOWN,
    first_message_body,
    last_message_id,
    latest_messages,
    load_conversation,
    mark_read,
    send_message,
    start_conversation,
    writable_clients,
)

bp = Blueprint("messaging", __name__)

# A friendly limit: far above what a person types, far below a script's flood.
SEND_LIMIT = "10 per minute; 100 per day"
INBOX = "messaging/inbox.html"
CONVERSATION = "messaging/conversation.html"
ANNOUNCED_LENGTH = 200  # what a screen reader reads aloud of a message that just arrived


def _per_user() -> str:
    # Flask-Limiter checks before the sign-in guard runs; anonymous requests never send.
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


# One budget for every way of sending, so a flood cannot hop between conversations.
send_limit = limiter.shared_limit(
    SEND_LIMIT, scope="send-message", key_func=_per_user, methods=["POST"]
)


def _reply_promise(client: User) -> dict:
    """What the client sees before writing: the usual reply time, and any time away."""
    specialist = client.specialist
    availability = get_availability(specialist.id) if specialist else None
    away = availability is not None and availability.is_away(local_today())
    return {"specialist": specialist, "availability": availability, "away": away}


def _inbox_context(form=None) -> dict:
    staff = current_user.role == Role.SPECIALIST
    form = form or NewConversationForm(formdata=None)
    if staff:
        form.client.choices = [SelectChoice(c.id, c.name) for c in writable_clients(current_user)]
    else:
        del form.client
    return {
        "rows": list_conversations(current_user),
        "form": form,
        "staff": staff,
        "promise": None if staff else _reply_promise(current_user),
        "restricted": not staff and current_user.restricted_at is not None,
        "crisis_notice": None if staff else crisis_notice(current_user),
    }


@bp.route("/messages", methods=["GET", "POST"])
@roles_required(Role.CLIENT, Role.SPECIALIST)
@send_limit
def inbox():
    if request.method == "GET":
        return render_template(INBOX, **_inbox_context())
    form = NewConversationForm()
    context = _inbox_context(form)
    if not form.validate():
        return render_template(INBOX, **context), 422
    client = db.get(User, form.client.data) if "client" in form else current_user
    if already_submitted(form, current_user):
        return see_other(url_for("messaging.inbox"))
    conversation = start_conversation(current_user, client, form.subject.data, form.body.data)
    db.commit()
    flash(_("Your message is sent."), "success")
    return see_other(url_for("messaging.conversation", conversation_id=conversation.id))


def _shown() -> int:
    """How many of the latest messages to show: the address's `shown`, within bounds."""
    asked = request.args.get("shown", default=MESSAGES_SHOWN, type=int)
    return min(max(asked, MESSAGES_SHOWN), MAX_SHOWN)


def _conversation_context(conversation: Conversation, form=None) -> dict:
    shown = _shown()
    messages, has_earlier = latest_messages(conversation, shown)
    if conversation.subject or not has_earlier:
        first = messages[0].body if messages else None
    else:
        first = first_message_body(conversation)
    return {
        "conversation": conversation,
        "title": conversation_title(conversation.subject, first),
        "messages_shown": shown,
        "has_earlier": has_earlier,
        "more_messages": min(shown + MESSAGES_SHOWN, MAX_SHOWN),
        "client": conversation.client,
        "messages": messages,
        "last_id": messages[-1].id if messages else 0,
        "form": form or MessageForm(formdata=None),
        "promise": _reply_promise(conversation.client),
        "crisis_notice": crisis_notice(conversation.client)
        if current_user.id == conversation.client_id
        else None,
        "viewer_is_client": current_user.id == conversation.client_id,
        "restricted": conversation.client.restricted_at is not None,
        # Each message's time, as the `moment` filter writes it, but faster.
        "message_moment": moment_formatter(),
    }


@bp.route("/conversations/<int:conversation_id>", methods=["GET", "POST"])
@signed_in
@send_limit
def conversation(conversation_id: int):
    conversation = load_conversation(conversation_id)
    if request.method == "GET":
        if mark_read(current_user, conversation):
            db.commit()
        return render_template(CONVERSATION, **_conversation_context(conversation))
    form = MessageForm()
    # No fragment: without JavaScript the page opens at the top, at the confirmation.
    page = url_for("messaging.conversation", conversation_id=conversation.id)
    if not form.validate():
        context = _conversation_context(conversation, form)
        return render_page(CONVERSATION, "reply", **context), 422
    if not already_submitted(form, current_user):
        send_message(current_user, conversation, form.body.data)
        db.commit()
        flash(_("Your message is sent."), "success")
    return after_save(
        page, CONVERSATION, "conversation_body", lambda: _conversation_context(conversation)
    )


@bp.route("/conversations/<int:conversation_id>/poll")
@signed_in
def poll(conversation_id: int):
    """Answer 204 (nothing new, nothing to swap) or the messages, now read."""
    conversation = load_conversation(conversation_id)
    if str(last_message_id(conversation)) == request.args.get("last"):
        return "", 204
    if mark_read(current_user, conversation):
        db.commit()
    context = _conversation_context(conversation)
    fragment = render_page(CONVERSATION, "messages", with_flash=False, **context)
    if not is_fragment_request():
        return fragment
    # The list is replaced whole, which a screen reader does not read out: the page's polite
    # live region is filled (out of band) with only what arrived since the page's last look.
    seen = request.args.get("last", default=0, type=int)
    arrivals = [
        {
            "sender": message.sender.name if message.sender else _("someone no longer here"),
            "words": first_words(message.body, ANNOUNCED_LENGTH),
        }
        for message in context["messages"]
        if message.id > seen and message.sender_id != current_user.id
    ]
    if not arrivals:
        return fragment
    return fragment + render_template("messaging/_arrivals.html", arrivals=arrivals, oob=True)


@bp.route("/messages/badge")
@signed_in
def badge():
    """The unread badge for the navigation; 204 while the count the page shows is right."""
    count = unread_count(current_user)
    if request.args.get("seen") == str(count):
        return "", 204
    return _badge_markup(count)


@bp.route("/messages/availability", methods=["GET", "POST"])
@roles_required(Role.SPECIALIST)
def availability():
    current = get_availability(current_user.id)
    form = (
        AvailabilityForm(obj=current)
        if request.method == "POST"
        else AvailabilityForm(formdata=None, obj=current)
    )
    nobody = SelectChoice(0, _("Nobody"))
    form.substitute.choices = [
        nobody,
        *(SelectChoice(c.id, c.name) for c in colleagues(current_user)),
    ]
    if request.method == "GET":
        form.reply_days.data = current.reply_days if current else DEFAULT_REPLY_DAYS
        form.substitute.data = (current.substitute_id or 0) if current else 0
    elif form.validate():
        save_availability(
            current_user,
            form.reply_days.data,
            form.away_from.data,
            form.away_until.data,
            form.substitute.data or None,
        )
        db.commit()
        flash(_("Saved. Your participants see this before they write."), "success")
        return see_other(url_for("messaging.availability"))
    status = 422 if form.errors else 200
    return render_template("messaging/availability.html", form=form), status


def _unread_messages() -> int:
    # Asked by the navigation and again by some pages: one query per request.
    if "unread_messages" not in g:
        g.unread_messages = unread_count(current_user) if current_user.is_authenticated else 0
    return g.unread_messages


def _badge_markup(count: int) -> Markup:
    # The macro's output is Markup already, every value in it escaped by Jinja.
    return get_template_attribute("messaging/_badge.html", "unread_badge")(count)


def _unread_badge() -> Markup:
    return _badge_markup(_unread_messages())


def init_app(app: Flask) -> None:
    """The inbox in the menu, with its unread badge (also given to every page), and the
    page's own polls, which are not the person being active."""
    for role, label in ((Role.CLIENT, _l("Messages")), (Role.SPECIALIST, _l("Inbox"))):
        register_menu_entry(
            app,
            role,
            "messaging.inbox",
            label,
            position=10,
            whole_section=True,
            badge=_unread_badge,
        )
    register_background_endpoint(app, "messaging.poll")
    register_background_endpoint(app, "messaging.badge")

    @app.context_processor
    def _unread():
        return {"unread_messages": _unread_messages}
