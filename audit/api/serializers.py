from rest_framework import serializers


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True)
    new = serializers.CharField(allow_blank=True)


class EntrySerializer(serializers.Serializer):
    """One change of configuration: who, when, what, old → new."""

    key = serializers.CharField(help_text="`<model>:<history id>`, unique")
    at = serializers.DateTimeField()
    actor = ActorSerializer(allow_null=True, help_text="null for changes made by the system")
    model = serializers.CharField(help_text="e.g. `sla.slapolicy`")
    model_name = serializers.CharField()
    object_id = serializers.IntegerField()
    object_repr = serializers.CharField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    changes = ChangeSerializer(many=True)
