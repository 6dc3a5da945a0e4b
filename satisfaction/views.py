"""Satisfaction pages: the public survey (no login, phone-sized) and the managers' pages.
Thin: answers and follow-ups go through satisfaction.services."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.decorators import manager_required
from common import pages
from common.errors import DomainError
from common.inputs import parse_date
from satisfaction import permissions, queries, services
from satisfaction.forms import RATING_LABELS, FollowUpForm, SurveyAnswerForm, SurveyRuleForm
from satisfaction.models import FollowUpStatus, SurveyRule, SurveyStatus

PERIOD_DAYS = 30


def _speak_their_language(request, survey) -> None:
    """The page speaks the language of the email (the requester's), unless the visitor
    chose one with the switcher or is signed in with their own."""
    if request.user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if survey is not None and survey.requester.language:
        translation.activate(survey.requester.language)
        request.LANGUAGE_CODE = translation.get_language()


def _closed(request, exc: services.BadToken):
    _speak_their_language(request, exc.survey)
    response = render(
        request,
        "satisfaction/survey_closed.html",
        {"kind": exc.kind, "survey": exc.survey},
        status=400,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def survey(request, token: str):
    """GET shows the form (`?rating=N` from the email preselects, records nothing: mail
    scanners follow links); POST records the answer once."""
    try:
        current = services.open_survey_for_token(token)
    except services.BadToken as exc:
        return _closed(request, exc)
    _speak_their_language(request, current)
    if request.method == "POST":
        form = SurveyAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.respond(token, form.cleaned_data["rating"], form.cleaned_data["comment"])
            except services.BadToken as exc:
                return _closed(request, exc)
            except DomainError as exc:
                pages.show_error(request, exc, form)
            else:
                return redirect("satisfaction:survey-thanks", token=token)
        status = 400
    else:
        preset = request.GET.get("rating", "")
        initial = {"rating": int(preset)} if preset in {"1", "2", "3", "4", "5"} else {}
        form = SurveyAnswerForm(initial=initial)
        status = 200
    response = render(
        request,
        "satisfaction/survey.html",
        {"survey": current, "ticket": current.ticket, "form": form, "labels": RATING_LABELS},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def survey_thanks(request, token: str):
    try:
        answered = services.survey_for_token(token)
    except services.BadToken as exc:
        return _closed(request, exc)
    if answered.status != SurveyStatus.ANSWERED:
        return redirect("satisfaction:survey", token=token)
    _speak_their_language(request, answered)
    return render(request, "satisfaction/survey_thanks.html", {"survey": answered})


# --- managers -------------------------------------------------------------------------------


def _date(request, name: str) -> datetime.date | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return None


def _period(request) -> tuple[datetime.date, datetime.date]:
    """From/to dates of the page, inclusive; the last 30 days by default."""
    end = _date(request, "to") or timezone.localdate()
    start = _date(request, "from") or end - datetime.timedelta(days=PERIOD_DAYS - 1)
    return (end, start) if start > end else (start, end)


@manager_required
def overview(request):
    """CSAT for a period by group, agent, service or month; the open follow-ups."""
    start, end = _period(request)
    by = request.GET.get("by", "group")
    if by not in queries.GROUPINGS:
        by = "group"
    surveys = queries.in_period(queries.surveys_visible_to(request.user), start, end)
    figures = queries.csat(surveys, by)
    recent = (
        queries.surveys_visible_to(request.user)
        .filter(status=SurveyStatus.ANSWERED)
        .order_by("-responded_at")[:10]
    )
    return render(
        request,
        "satisfaction/overview.html",
        {
            "figures": figures,
            "start": start,
            "end": end,
            "by": by,
            "groupings": [
                ("group", _("Group")),
                ("agent", _("Agent")),
                ("service", _("Service")),
                ("month", _("Month")),
            ],
            "open_follow_ups": queries.open_follow_ups_for(request.user)[:10],
            "recent": recent,
            "labels": RATING_LABELS,
        },
    )


@manager_required
def follow_up_list(request):
    status = request.GET.get("status", FollowUpStatus.OPEN)
    mine = request.GET.get("mine") == "1"
    items = (
        queries.open_follow_ups_for(request.user)
        if mine
        else queries.follow_ups_visible_to(request.user)
    )
    if status in FollowUpStatus.values:
        items = items.filter(status=status)
    page = Paginator(items.order_by("-created_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "satisfaction/follow_up_list.html",
        {"page": page, "status": status, "mine": mine, "statuses": FollowUpStatus.choices},
    )


@manager_required
def follow_up_detail(request, pk: int):
    follow_up = get_object_or_404(queries.follow_ups_visible_to(request.user), pk=pk)
    can_complete = permissions.can_complete_follow_up(request.user, follow_up)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if not can_complete:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.complete_follow_up(
                    request.user, follow_up, form.cleaned_data["action_taken"]
                )
            except DomainError as exc:
                pages.show_error(request, exc)
            else:
                messages.success(request, _("Follow-up recorded. Thank you."))
            return redirect("satisfaction:follow-up", pk=pk)
    return render(
        request,
        "satisfaction/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "survey": follow_up.survey,
            "ticket": follow_up.ticket,
            "form": form,
            "can_complete": can_complete,
            "labels": RATING_LABELS,
        },
        status=400 if request.method == "POST" else 200,
    )


@manager_required
def rule_list(request):
    """Which services and catalog items get surveys, after how long, for how long."""
    rules = SurveyRule.objects.select_related("service", "catalog_item__service")
    return render(
        request,
        "satisfaction/rule_list.html",
        {
            "rules": rules,
            "defaults": {
                "delay": settings.SURVEY_DELAY_MINUTES,
                "expiry": settings.SURVEY_EXPIRY_DAYS,
                "reminder": settings.SURVEY_REMINDER_DAYS,
            },
        },
    )


@manager_required
def rule_edit(request, pk: int | None = None):
    rule = get_object_or_404(SurveyRule, pk=pk) if pk else SurveyRule()
    if request.method == "POST" and request.POST.get("delete") and rule.pk:
        rule.delete()
        messages.success(request, _("Rule removed: the defaults apply again."))
        return redirect("satisfaction:rules")
    form = SurveyRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Survey rule saved."))
        return redirect("satisfaction:rules")
    return render(request, "satisfaction/rule_form.html", {"form": form, "rule": rule})
