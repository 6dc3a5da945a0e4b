from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from assets import tags
from assets.models import Asset, AssetCategory, AssetRelation, Building, Room, tag_error_message


class AssetForm(forms.ModelForm):
    """Create or edit a configuration item; the tag rule is the model's."""

    tag = forms.CharField(
        label=_("Tag"),
        max_length=tags.MAX_INPUT_LENGTH,
        help_text=_("DZZXXXX-YYY: building, floor and room, machine number. E.g. D010210-009."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (username)"),
        queryset=get_user_model().objects.all(),
        to_field_name="username",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid_choice": _("No user has this username.")},
    )

    class Meta:
        model = Asset
        fields = [
            "tag",
            "name",
            "category",
            "customer_unit",
            "status",
            "owner",
            "serial_number",
            "model",
            "ip_address",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_tag(self):
        value = self.cleaned_data["tag"]
        if not tags.is_valid(value):
            raise forms.ValidationError(tag_error_message(), code="invalid_tag")
        return tags.normalize(value)


class RelationForm(forms.ModelForm):
    target = forms.CharField(
        label=_("Other item's tag"),
        max_length=tags.MAX_INPUT_LENGTH,
        widget=forms.TextInput(
            attrs={"class": "form-control-sm font-monospace", "placeholder": "D010210-009"}
        ),
    )

    class Meta:
        model = AssetRelation
        fields = ["kind"]
        labels = {"kind": _("This item")}
        widgets = {"kind": forms.Select(attrs={"class": "form-select-sm"})}

    def __init__(self, *args, source: Asset, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = source
        kind = self.fields["kind"]
        kind.choices = [(value, label) for value, label in kind.choices if value]

    def clean_target(self):
        value = self.cleaned_data["target"]
        if not tags.is_valid(value):
            raise forms.ValidationError(tag_error_message())
        target = Asset.objects.filter(tag=tags.normalize(value)).first()
        if target is None:
            raise forms.ValidationError(_("No item has this tag."))
        if target.pk == self.instance.source.pk:
            raise forms.ValidationError(_("An item cannot be related to itself."))
        self.instance.target = target
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.target_id
            and AssetRelation.objects.filter(
                source=self.instance.source, target=self.instance.target, kind=cleaned.get("kind")
            ).exists()
        ):
            raise forms.ValidationError(_("This relation already exists."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    update = forms.BooleanField(label=_("Update items whose tag already exists"), required=False)
    dry_run = forms.BooleanField(label=_("Check only (write nothing)"), required=False)


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["code", "name"]


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["building", "code", "name"]

    def clean(self):
        cleaned = super().clean()
        building, code = cleaned.get("building"), cleaned.get("code")
        if building and code and Room.objects.filter(building=building, code=code).exists():
            raise forms.ValidationError({"code": _("This room already exists.")})
        return cleaned


class CategoryForm(forms.ModelForm):
    class Meta:
        model = AssetCategory
        fields = ["code", "name"]
