"""What the API shows of each resource. Reads only: writes go through the apps' forms and
services (``v1/``), so the API has no validation or permission rules of its own."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aspirations import rules as aspiration_rules
from aspirations import workflow as aspiration_workflow
from aspirations.models import Aspiration, Category, TimelineEntry
from events import selectors as event_selectors
from events import workflow as event_workflow
from events.models import Commitment, Himbauan, Operation, Session, SessionBatch, SessionReport
from ngopi.areas.models import Area, Post
from ngopi.notifications.models import Notification

from .models import ApiToken


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class AreaSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display")

    class Meta:
        model = Area
        fields = ["id", "name", "level", "level_label", "code", "parent"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "name", "kind", "rw", "address", "latitude", "longitude"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "default_priority", "is_police_matter"]


class SessionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.name")
    post = NamedSerializer()
    rw = NamedSerializer()
    unit = NamedSerializer()
    operation = NamedSerializer(allow_null=True)
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Session
        fields = [
            "id",
            "title",
            "kind",
            "post",
            "rw",
            "unit",
            "operation",
            "starts_at",
            "ends_at",
            "agenda",
            "status",
            "status_label",
            "status_reason",
        ]


class StaffSessionSerializer(SessionSerializer):
    allowed_actions = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "allowed_actions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, session) -> list[str]:
        user = self.context["request"].user
        return sorted(str(a) for a in event_workflow.allowed_actions(session, user))


class SessionReportSerializer(serializers.ModelSerializer):
    filed_by = UserRefSerializer()
    photo_count = serializers.SerializerMethodField()

    class Meta:
        model = SessionReport
        fields = [
            "residents_count",
            "leaders_count",
            "agencies_count",
            "summary",
            "issues_raised",
            "filed_by",
            "filed_at",
            "updated_at",
            "photo_count",
        ]

    def get_photo_count(self, report) -> int:
        return len(report.photos.all())


class SessionWithReportSerializer(StaffSessionSerializer):
    report = SessionReportSerializer(allow_null=True)

    class Meta(StaffSessionSerializer.Meta):
        fields = [*StaffSessionSerializer.Meta.fields, "report"]


class OperationSerializer(serializers.ModelSerializer):
    unit = NamedSerializer()
    session_count = serializers.IntegerField()

    class Meta:
        model = Operation
        fields = ["id", "name", "unit", "starts_on", "ends_on", "description", "session_count"]


class BatchSerializer(serializers.ModelSerializer):
    unit = NamedSerializer()
    operation = NamedSerializer(allow_null=True)
    created_by = UserRefSerializer()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = SessionBatch
        fields = [
            "id",
            "title",
            "unit",
            "operation",
            "starts_at",
            "ends_at",
            "status",
            "status_label",
            "status_reason",
            "created_by",
            "created_at",
        ]


class BatchDetailSerializer(BatchSerializer):
    sessions = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "sessions", "allowed_actions"]

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_sessions(self, batch) -> dict:
        """Its sessions (in the caller's jurisdiction) counted by status."""
        user = self.context["request"].user
        filters = event_selectors.SessionFilters(batch=batch)
        return {status: n for status, _label, n in event_selectors.status_counts(user=user, filters=filters)}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, batch) -> list[str]:
        return sorted(
            str(a) for a in event_workflow.allowed_batch_actions(batch, self.context["request"].user)
        )


class AspirationSerializer(serializers.ModelSerializer):
    category = NamedSerializer()
    rw = NamedSerializer()
    village = NamedSerializer()
    unit = NamedSerializer(allow_null=True)
    assignee = UserRefSerializer(allow_null=True)
    status_label = serializers.CharField(source="get_status_display")
    is_overdue = serializers.BooleanField()

    # The relations a row shows (session and operation are ids): what the list fetches.
    RELATED = ("category", "rw", "village", "unit", "assignee")

    class Meta:
        model = Aspiration
        fields = [
            "id",
            "code",
            "kind",
            "category",
            "description",
            "rw",
            "village",
            "unit",
            "assignee",
            "location_detail",
            "occurred_at",
            "urgent",
            "privacy",
            "source",
            "session",
            "operation",
            "status",
            "status_label",
            "priority",
            "due_at",
            "is_overdue",
            "created_at",
            "updated_at",
        ]


class TimelineEntrySerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(allow_null=True)
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = TimelineEntry
        fields = ["id", "kind", "kind_label", "actor", "is_public", "text", "status_after", "created_at"]


class AspirationDetailSerializer(AspirationSerializer):
    """The staff page's aspiration: the reporter's identity is not part of it (the web page's
    logged "show identity" is the only way to it)."""

    outcome = NamedSerializer(allow_null=True)
    timeline = TimelineEntrySerializer(many=True, source="entries")
    photos = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    has_identity = serializers.SerializerMethodField()

    class Meta(AspirationSerializer.Meta):
        fields = [
            *AspirationSerializer.Meta.fields,
            "outcome",
            "resolution",
            "verification",
            "verification_results",
            "referred_to",
            "referred_on",
            "referral_reference",
            "duplicate_of",
            "resolved_at",
            "closed_at",
            "rating",
            "rating_comment",
            "has_identity",
            "allowed_actions",
            "photos",
            "timeline",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_photos(self, aspiration) -> list[str]:
        request = self.context["request"]
        return [
            request.build_absolute_uri(reverse("api:aspiration_photo", args=[aspiration.pk, p.pk]))
            for p in aspiration.photo_list
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, aspiration) -> list[str]:
        actions = aspiration_workflow.allowed_actions(aspiration, self.context["request"].user)
        return sorted(a for a in actions if a in aspiration_workflow.STAFF_ACTIONS)

    def get_has_identity(self, aspiration) -> bool:
        return aspiration_rules.can_see_identity(self.context["request"].user, aspiration)


class HimbauanSerializer(serializers.ModelSerializer):
    area = NamedSerializer()
    unit = NamedSerializer()
    operation = NamedSerializer(allow_null=True)

    class Meta:
        model = Himbauan
        fields = ["id", "title", "body", "area", "unit", "operation", "valid_from", "valid_until"]


class CommitmentSerializer(serializers.ModelSerializer):
    rw = NamedSerializer()
    unit = NamedSerializer()
    responsible = UserRefSerializer()
    status_label = serializers.CharField(source="get_status_display")
    is_overdue = serializers.BooleanField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "session",
            "rw",
            "unit",
            "text",
            "responsible",
            "due_date",
            "status",
            "status_label",
            "is_overdue",
            "outcome_note",
            "closed_at",
        ]


class CommitmentDetailSerializer(CommitmentSerializer):
    closed_by = UserRefSerializer(allow_null=True)
    may_close = serializers.SerializerMethodField()

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "evidence", "closed_by", "created_at", "may_close"]

    def get_may_close(self, commitment) -> bool:
        return event_workflow.may_close_commitment(commitment, self.context["request"].user)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "urgent", "created_at", "read_at"]


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "shown", "created_at", "expires_at", "last_used_at", "revoked_at"]
