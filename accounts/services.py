"""Changes to users that other records depend on."""

from django.db import transaction
from django.db.models import ForeignObjectRel, ManyToManyRel
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import Conflict

# What a user may take with them: their own API token. Everything else that points at a
# user is attribution (who requested, was assigned, wrote, changed, managed, was emailed,
# belonged to a group): deleting the user would wipe it or break it.
OWN_RECORDS = frozenset({"authtoken.token"})


class UserInUse(Conflict):
    """The user is referenced by other records (HTTP 409): deactivate them instead."""


def references(user: User) -> list[tuple[str, int]]:
    """`[(what, how many), ...]` of the records pointing at the user: every relation to
    users, hidden ones (history actors, `related_name="+"`) included; a query each."""
    found: dict[str, int] = {}
    for relation in User._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue  # only reverse relations: what other models hold about the user
        model = relation.related_model
        if not isinstance(model, type) or model._meta.auto_created:
            continue  # a many-to-many's own table: counted through its relation (or the
            # user's own groups and permissions, Django's, which go with them)
        if model._meta.label_lower in OWN_RECORDS:
            continue
        if isinstance(relation, ManyToManyRel) and relation.through is not None:
            rows = relation.through._base_manager.filter(
                **{relation.field.m2m_reverse_field_name(): user.pk}
            )
        else:
            rows = model._base_manager.filter(**{relation.field.name: user.pk})
        count = rows.count()
        if count:
            name = str(capfirst(model._meta.verbose_name_plural))
            found[name] = found.get(name, 0) + count
    return sorted(found.items())


def check_deletable(user: User) -> None:
    """Raise UserInUse, naming what refers to the user, unless nothing does."""
    refs = references(user)
    if refs:
        records = ", ".join(f"{name} ({count})" for name, count in refs)
        raise UserInUse(
            _(
                "This user cannot be deleted: other records refer to them (%(records)s). "
                "Deactivate the user instead: they can no longer sign in, and every record "
                "keeps their name."
            )
            % {"records": records}
        )


def delete_user(user: User) -> None:
    """Delete a user nothing refers to (an account made by mistake); 409 otherwise."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        check_deletable(locked)
        locked.delete()
