from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import CatalogItem, Service
from knowledge import rules
from knowledge.models import Article, Language, Visibility


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=rules.TITLE_MAX)
    body = forms.CharField(
        label=_("Body (Markdown)"),
        max_length=rules.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: # headings, **bold**, lists, [links](https://…), tables."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    services = forms.ModelMultipleChoiceField(
        label=_("Services"), queryset=Service.objects.order_by("name"), required=False
    )
    catalog_items = forms.ModelMultipleChoiceField(
        label=_("Catalog items"), queryset=CatalogItem.objects.order_by("name"), required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=rules.TAGS_MAX * (rules.TAG_MAX + 2),
        help_text=_("Separated by commas."),
    )
    review_due = forms.DateField(
        label=_("Review due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date you want to check the article is still right."),
    )
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Article.objects.order_by("title"),
        required=False,
        help_text=_("The article in the other language that this one translates."),
    )

    def clean_tags(self):
        value = self.cleaned_data["tags"] or ""
        return [t for t in (part.strip() for part in value.replace("，", ",").split(",")) if t]


class LinkArticleForm(forms.Form):
    article = forms.IntegerField(
        label=_("Article number"),
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.NumberInput(attrs={"data-testid": "link-article-id"}),
    )


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image"))


class ArticleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the knowledge base"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. VPN, password, 打印机")}
        ),
    )
