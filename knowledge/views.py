"""Knowledge pages: the portal's knowledge home and article page, the management list and
editor (agents and up), the suggestions partial (htmx), and the desk ticket's actions."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import agent_required
from catalog.queries import items_visible_to
from common.errors import DomainError
from common.filtering import bind
from common.inputs import safe_next
from common.pages import show_error, show_form_errors
from incidents.queries import tickets_visible_to
from knowledge import markdown, permissions, queries, services, workflow
from knowledge.filters import ArticleFilterSet
from knowledge.forms import ArticleForm, ArticleSearchForm, ImageForm, LinkArticleForm
from knowledge.models import Article, ArticleImage, Feedback, Status


def _readable(request, pk: int) -> Article:
    return get_object_or_404(queries.articles_visible_to(request.user), pk=pk)


# --- Portal ---------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    """Browse by service, the most read, and search (everyone signed in)."""
    form = ArticleSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    service_id = request.GET.get("service", "")
    published = queries.published_for(request.user)
    results = None
    by_service = queries.services_with_articles(request.user)
    service = next(
        (row["service"] for row in by_service if str(row["service"].pk) == service_id), None
    )
    if text or service is not None:
        found = queries.matching(published, text) if text else published
        if service is not None:
            found = found.filter(services=service)
        results = Paginator(found.order_by("-views", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/home.html",
        {
            "form": form,
            "text": text,
            "service": service,
            "results": results,
            "services": by_service,
            "most_viewed": queries.most_viewed(request.user),
        },
    )


@login_required
@require_GET
def article(request, pk: int):
    item = _readable(request, pk)
    if item.status == workflow.PUBLISHED:
        services.record_view(item)
    vote = None
    if request.user.is_authenticated:
        vote = Feedback.objects.filter(article=item, user=request.user).first()
    staff = permissions.sees_unpublished(request.user)
    context = {
        "article": item,
        "body_html": markdown.render(item.body),
        "translations": _translations(request, item),
        "vote": vote,
        "can_feedback": permissions.can_give_feedback(request.user, item),
        "staff": staff,
    }
    if staff:
        context.update(_staff_context(request, item))
    return render(request, "knowledge/article.html", context)


def _translations(request, item: Article) -> list[Article]:
    linked = list(item.translations.all())
    if item.translation_of is not None:
        linked.append(item.translation_of)
        linked += [a for a in item.translation_of.translations.all() if a.pk != item.pk]
    return [a for a in linked if permissions.can_read(request.user, a)]


def _staff_context(request, item: Article) -> dict:
    versions = list(queries.versions_of(item))
    diff, old, new = _diff(request, item, versions)
    return {
        "actions": [
            row
            for row in workflow.ACTIONS.values()
            if row.allows(item.status) and permissions.may_take(request.user, row.name)
        ],
        "editable": item.status in workflow.EDITABLE and permissions.can_write(request.user),
        "versions": versions,
        "diff": diff,
        "diff_old": old,
        "diff_new": new,
        "events": item.events.select_related("actor")[:20],
        "linked_tickets": item.ticket_links.select_related("ticket")[:20],
    }


def _diff(request, item: Article, versions: list):
    """A unified diff (lines, escaped by the template) between two published versions
    (`?from=&to=`), else between the last version and unpublished edits, else between the
    last two versions; with the two sides (a side of None is the text as it is now)."""
    by_number = {v.number: v for v in versions}
    chosen = [request.GET.get(k, "") for k in ("from", "to")]
    if all(c.isdigit() and len(c) < 10 and int(c) in by_number for c in chosen):
        old, new = by_number[int(chosen[0])], by_number[int(chosen[1])]
    elif versions and not _unchanged(item, versions[0]):
        old, new = versions[0], None
    elif len(versions) > 1:
        old, new = versions[1], versions[0]
    else:
        return [], None, None
    new_title, new_body = (new.title, new.body) if new else (item.title, item.body)
    lines = difflib.unified_diff(
        [f"# {old.title}", *old.body.splitlines()],
        [f"# {new_title}", *new_body.splitlines()],
        lineterm="",
        n=2,
    )
    rows = [
        {"kind": {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same"), "text": line}
        for line in list(lines)[2:]
    ]
    return rows, old, new


def _unchanged(item: Article, version) -> bool:
    return version.title == item.title and version.body == item.body


@login_required
@require_POST
def feedback(request, pk: int):
    item = _readable(request, pk)
    helpful = {"yes": True, "no": False}.get(request.POST.get("helpful", ""))
    if helpful is None:
        messages.error(request, _("Answer yes or no."))
        return redirect("knowledge:article", pk=item.pk)
    try:
        services.vote(request.user, item, helpful)
    except (DomainError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect("knowledge:article", pk=item.pk)


@login_required
@require_POST
def solved(request, pk: int):
    """ "This solved my problem": a deflection; no ticket is opened."""
    item = _readable(request, pk)
    catalog_item = None
    item_id = request.POST.get("catalog_item", "")
    if item_id.isdigit():
        catalog_item = items_visible_to(request.user).filter(pk=int(item_id)).first()
    try:
        services.mark_solved(request.user, item, catalog_item)
    except PermissionDenied as exc:
        show_error(request, exc)
        return redirect("knowledge:article", pk=item.pk)
    messages.success(request, _("Glad it helped. No ticket was opened."))
    return redirect(f"{reverse('knowledge:article', args=[item.pk])}?solved=1")


@login_required
@require_GET
def suggest(request):
    """The suggestions partial (htmx) of the portal's forms: `title` or `q`, `catalog_item`."""
    text = (request.GET.get("q") or request.GET.get("title") or "")[:200]
    if not text.strip():
        # A guided form: what the user typed into any of its text answers.
        text = " ".join(
            v for k, v in request.GET.items() if k not in ("catalog_item", "csrfmiddlewaretoken")
        )[:200]
    item_id = request.GET.get("catalog_item", "")
    catalog_item = int(item_id) if item_id.isdigit() and len(item_id) < 10 else None
    found = (
        queries.suggest(request.user, text, catalog_item) if text.strip() or catalog_item else []
    )
    return render(
        request,
        "knowledge/_suggestions.html",
        {"articles": found, "catalog_item": catalog_item, "typed": bool(text.strip())},
    )


@login_required
@require_GET
def image(request, pk: int):
    """An article image, for whoever may read its article."""
    row = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    if not permissions.can_read(request.user, row.article):
        raise Http404
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


# --- Management (agents and up) ---------------------------------------------------------


@agent_required
@require_GET
def manage(request):
    """Every article, filtered; "Review due" lists the reader's own articles to check."""
    mine_due = request.GET.get("due") == "mine"
    qs = queries.articles_visible_to(request.user, related=False).select_related("author")
    if mine_due:
        qs = qs.filter(queries.review_due(request.user, timezone.localdate()), author=request.user)
    filters = bind(ArticleFilterSet, request.GET, queryset=qs, request=request)
    rows = filters.qs  # invalid filters are not applied, and said so
    if filters.errors:
        show_form_errors(request, filters.form)
    page = Paginator(rows.order_by("-updated_at", "-id"), 25).get_page(request.GET.get("page"))
    counts = dict(Article.objects.values_list("status").annotate(n=Count("id")).order_by())
    due_count = Article.objects.filter(
        queries.review_due(request.user, timezone.localdate()), author=request.user
    ).count()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/manage.html",
        {
            "filters": filters,
            "page": page,
            "mine_due": mine_due,
            "due_count": due_count,
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Status.choices
            ],
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _form_initial(item: Article) -> dict:
    return {
        "title": item.title,
        "body": item.body,
        "language": item.language,
        "visibility": item.visibility,
        "services": list(item.services.all()),
        "catalog_items": list(item.catalog_items.all()),
        "tags": ", ".join(item.tags),
        "review_due": item.review_due,
        "translation_of": item.translation_of_id,
    }


@agent_required
def create(request):
    form = ArticleForm(request.POST or None, initial={"language": _default_language(request)})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_article(request.user, services.ArticleData(**form.cleaned_data))
        except DomainError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("knowledge:article", pk=item.pk)
    return render(request, "knowledge/form.html", {"form": form, "article": None})


def _default_language(request) -> str:
    return "zh-hans" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("zh") else "en"


@agent_required
def edit(request, pk: int):
    item = _readable(request, pk)
    if item.status not in workflow.EDITABLE:
        messages.error(request, _("A retired article is kept as it was: it cannot be edited."))
        return redirect("knowledge:article", pk=item.pk)
    form = ArticleForm(request.POST or None, initial=_form_initial(item))
    form.fields["translation_of"].queryset = Article.objects.exclude(pk=item.pk).order_by("title")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_article(request.user, item, dict(form.cleaned_data))
        except DomainError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Article saved."))
            return redirect("knowledge:article", pk=item.pk)
    return render(
        request, "knowledge/form.html", {"form": form, "article": item, "image_form": ImageForm()}
    )


@agent_required
@require_POST
def upload_image(request, pk: int):
    item = _readable(request, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("knowledge:edit", pk=item.pk)
    try:
        row = services.add_image(request.user, item, form.cleaned_data["file"])
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _("Image uploaded. Put it in the body with: %(markdown)s")
            % {"markdown": f"![{row.original_name}](/knowledge/images/{row.pk}/)"},
        )
    return redirect("knowledge:edit", pk=item.pk)


@agent_required
@require_POST
def act(request, pk: int, action: str):
    """submit, publish or retire (knowledge.workflow)."""
    item = _readable(request, pk)
    if action not in workflow.ACTIONS:
        raise Http404
    try:
        services.transition(request.user, item, action)
    except (DomainError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("Done: %(action)s.") % {"action": workflow.ACTIONS[action].label}
        )
    return redirect("knowledge:article", pk=item.pk)


# --- From the desk ticket page -----------------------------------------------------------


@agent_required
@require_POST
def from_ticket(request, ticket_pk: int):
    ticket = get_object_or_404(tickets_visible_to(request.user), pk=ticket_pk)
    item = services.draft_from_ticket(request.user, ticket)
    messages.success(
        request,
        _("Draft made from %(number)s: check it and submit it for review.")
        % {"number": ticket.number},
    )
    return redirect("knowledge:edit", pk=item.pk)


@agent_required
@require_POST
def link(request, ticket_pk: int):
    ticket = get_object_or_404(tickets_visible_to(request.user), pk=ticket_pk)
    back = safe_next(request, reverse("incidents:desk-ticket", args=[ticket.pk]))
    form = LinkArticleForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(back)
    item = queries.articles_visible_to(request.user).filter(pk=form.cleaned_data["article"]).first()
    if item is None:
        messages.error(request, _("No such article."))
        return redirect(back)
    services.link_article(request.user, ticket, item)
    messages.success(request, _("Article linked to the ticket."))
    return redirect(back)
