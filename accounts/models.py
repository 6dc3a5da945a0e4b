"""Users, support (assignment) groups and customer units (客户单位)."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.phone import MAX_LENGTH as PHONE_MAX_LENGTH
from accounts.phone import normalize_phone
from accounts.roles import Role
from common.inputs import validate_single_line
from common.models import TimeStampedModel

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
    _("Use 1–32 letters, digits, hyphens or underscores, starting with a letter or digit."),
)


def validate_phone(value: str) -> None:
    if value and normalize_phone(value) is None:
        raise ValidationError(
            _("Enter a Chinese mobile (13812345678) or landline (021-12345678) number."),
            code="invalid_phone",
        )


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid_timezone")


def validate_email_free(email: str, user: "User | None") -> None:
    """An address belongs to one person: mail to it, and password resets, must not reach
    someone else. Compared without case; empty addresses are not compared."""
    if not email:
        return
    others = User.objects.filter(email__iexact=email.strip())
    if user is not None and user.pk is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise ValidationError(
            {"email": _("Another user already has this email address.")}, code="email_taken"
        )


def validate_delegation(
    user: "User", delegate: "User | None", until: "dt.date | None", past_ok: bool = False
) -> None:
    """The delegation rule (an approver's stand-in): both a delegate and an end date
    (inclusive) or neither, someone else, active, the date not past when it is set."""
    errors: dict[str, str] = {}
    if delegate is not None and user.pk is not None and delegate.pk == user.pk:
        errors["delegate"] = _("Choose someone else as your delegate.")
    elif delegate is not None and not delegate.is_active:
        errors["delegate"] = _("This user is no longer active.")
    if delegate is not None and until is None:
        errors["delegate_until"] = _("Say until when (a date, inclusive).")
    if delegate is None and until is not None:
        errors["delegate"] = _("Choose who approves for you until then.")
    if until is not None and not past_ok and until < timezone.localdate():
        errors["delegate_until"] = _("Choose today or a later date.")
    if errors:
        raise ValidationError(errors)


class CustomerUnit(TimeStampedModel):
    """客户单位: the organisation that owns or uses devices and raises tickets."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    # Approves for requesters of the unit who have no line manager of their own.
    manager = models.ForeignKey(
        "accounts.User",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_units",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("customer unit")
        verbose_name_plural = _("customer units")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class ITSMUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who uses the desk. `role` is the source of truth for admin rights."""

    display_name = models.CharField(
        _("display name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    phone = models.CharField(
        _("phone"), max_length=PHONE_MAX_LENGTH, blank=True, validators=[validate_phone]
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.REQUESTER, db_index=True
    )
    customer_unit = models.ForeignKey(
        CustomerUnit,
        verbose_name=_("customer unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_timezone]
    )
    # Their line manager: approves what a catalog item sends to "the requester's manager".
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    # A stand-in for approvals while away: new approval requests go to them until
    # `delegate_until` (a date, inclusive).
    delegate = models.ForeignKey(
        "self",
        verbose_name=_("delegate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegators",
    )
    delegate_until = models.DateField(_("delegate until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = ITSMUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["display_name"])]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def created_at(self):
        return self.date_joined

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = normalize_phone(self.phone) or self.phone
        validate_email_free(self.email, self)
        if self.pk is not None and self.manager_id == self.pk:
            raise ValidationError({"manager": _("A user cannot be their own manager.")})
        validate_delegation(self, self.delegate, self.delegate_until, past_ok=True)

    def save(self, *args, **kwargs):
        # Django admin access follows the role, so the two can never disagree.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        if kwargs.get("update_fields") is not None and "role" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff", "is_superuser"}
        # A new password (set_password, whichever page, API, admin form or command set it;
        # not the silent re-hash at login) ends every API token obtained with the old one.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from accounts import tokens

            tokens.revoke(self)


class MembershipHistory(HistoricalRecords):
    """Audits group membership whichever side changes it. From a user's side
    (`user.support_groups.set(...)`) the record is written for each group concerned:
    django-simple-history would otherwise build the *user's* history row from the group's
    fields and fail."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            instance._cleared_group_ids = set(instance.support_groups.values_list("pk", flat=True))
            return None
        if action == "post_clear":
            pk_set = getattr(instance, "_cleared_group_ids", set())
        if action in ("post_add", "post_remove", "post_clear") and pk_set:
            for group in SupportGroup.objects.filter(pk__in=pk_set):
                super().m2m_changed(group, action, attr, pk_set, False, **kwargs)
        return None


class SupportGroup(TimeStampedModel):
    """A support (assignment) group: a team that tickets are assigned to."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), blank=True)
    manager = models.ForeignKey(
        User,
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_groups",
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), blank=True, related_name="support_groups"
    )
    # Membership is who may work a group's tickets: its changes are audited too.
    history = MembershipHistory(m2m_fields=[members])

    class Meta:
        ordering = ["code"]
        verbose_name = _("support group")
        verbose_name_plural = _("support groups")

    def __str__(self) -> str:
        return self.name
