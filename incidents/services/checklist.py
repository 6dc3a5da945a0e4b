"""A ticket's checklist (its tasks): made when the ticket opens, ticked by agents, and the
rule that open tasks hold back a resolve unless it is forced with a reason."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.checklists import clean_steps
from common.errors import Conflict, IllegalTransition
from incidents import permissions, rules
from incidents.models import EventKind, Ticket, TicketTask
from incidents.services.common import ActionBody, Invalid, clean_text, lock, record

# History fields of the checklist (incidents.history turns them into sentences).
TASK_DONE, TASK_REOPENED, TASKS_FORCED = "task_done", "task_reopened", "tasks_forced"


def add_tasks(ticket: Ticket, steps: Sequence[str]) -> list[TicketTask]:
    """Give a ticket being opened its checklist, in order (inside the caller's transaction)."""
    try:
        texts = clean_steps(list(steps), text_max=rules.TASK_TEXT_MAX)
    except ValidationError as exc:
        raise Invalid({"tasks": exc.messages}) from exc
    return TicketTask.objects.bulk_create(
        TicketTask(ticket=ticket, order=number, text=text)
        for number, text in enumerate(texts, start=1)
    )


def tick_task(actor: User, ticket: Ticket, task_id: int, done: bool) -> TicketTask:
    """Tick (or untick) one task: who and when are kept on the task and in the history."""
    if not permissions.can_work_tasks(actor, ticket):
        raise PermissionDenied
    with transaction.atomic():
        ticket = lock(ticket)
        if not rules.accepts_task_changes(ticket.status):
            raise IllegalTransition(
                _("A ticket that is %(status)s keeps its checklist as it is.")
                % {"status": ticket.get_status_display()}
            )
        task = TicketTask.objects.select_for_update().filter(ticket=ticket, pk=task_id).first()
        if task is None:
            raise TicketTask.DoesNotExist
        if task.done == done:
            return task
        task.done = done
        task.done_by = actor if done else None
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done", "done_by", "done_at"])
        record(
            ticket,
            actor,
            EventKind.FIELD,
            TASK_DONE if done else TASK_REOPENED,
            "",
            task.text,
            internal=True,
        )
        # Not an edit of the ticket: its `version` stays, so an open resolve panel still
        # posts a current version after the agent ticked the last task.
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    return task


def _flag(value: object) -> bool | None:
    """A force flag as sent: a boolean (API) or "1"/"on"/"true" (a page's checkbox)."""
    if value is None or value is False or value == "":
        return False
    if value is True:
        return True
    if isinstance(value, str) and value.lower() in ("1", "on", "true", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("0", "off", "false", "no"):
        return False
    return None


def check_tasks_before_resolve(actor: User, ticket: Ticket, body: ActionBody) -> None:
    """The rule: a ticket with open tasks is resolved only when forced with a reason.
    Open tasks without `force` → 409; `force` without a reason → 400; a forced resolve
    writes the reason in the history."""
    force = _flag(body.get("force"))
    if force is None:
        raise Invalid({"force": _("Must be a valid boolean.")})
    errors: dict[str, object] = {}
    reason = clean_text(
        errors, "reason", body.get("reason"), required=bool(force), limit=rules.REASON_MAX
    )
    if errors:
        raise Invalid(errors)
    open_tasks = ticket.tasks.filter(done=False).count()
    if not open_tasks:
        return
    if not force:
        raise Conflict(
            _(
                "%(n)d task(s) of the checklist are still open: tick them, or resolve with "
                "“force” and say why."
            )
            % {"n": open_tasks}
        )
    record(ticket, actor, EventKind.FIELD, TASKS_FORCED, str(open_tasks), reason, internal=True)
