from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.emails import site_url

from . import services
from .forms import InvitationAdminForm
from .models import Invitation, Membership, SignatoryRepresentative, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("company", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("company",)
    extra = 0


class SignatoryRepresentativeInline(admin.TabularInline):
    model = SignatoryRepresentative
    fields = ("signatory", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("signatory",)
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline, SignatoryRepresentativeInline]
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = (
        "email",
        "full_name",
        "language",
        "is_committee_member",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = (
        "is_committee_member",
        "is_staff",
        "is_superuser",
        "is_active",
        "language",
        "groups",
    )
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_committee_member",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "company", "created_at")
    list_select_related = ("user", "company")
    search_fields = ("user__email", "user__full_name", "company__legal_name", "company__siren")
    autocomplete_fields = ("user", "company")


@admin.register(SignatoryRepresentative)
class SignatoryRepresentativeAdmin(admin.ModelAdmin):
    list_display = ("user", "signatory", "created_at")
    list_filter = ("signatory",)
    list_select_related = ("user", "signatory")
    search_fields = ("user__email", "user__full_name", "signatory__acronym", "signatory__name")
    autocomplete_fields = ("user", "signatory")


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("pending")),
            ("accepted", _("accepted")),
            ("revoked", _("revoked")),
            ("expired", _("expired")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "pending":
            return queryset.pending()
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "revoked":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(
                Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
            )
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the add form (the service makes the link and e-mails it)
    and revoked with the action; a sent invitation is never edited, its link being gone."""

    form = InvitationAdminForm
    list_display = (
        "email",
        "company",
        "signatory",
        "as_committee_member",
        "state_display",
        "created_at",
        "expires_at",
        "invited_by",
    )
    list_filter = (InvitationStateFilter, "as_committee_member", "language")
    list_select_related = ("company", "signatory", "invited_by")
    search_fields = ("email", "company__legal_name", "company__siren", "signatory__acronym")
    autocomplete_fields = ("company", "signatory")
    date_hierarchy = "created_at"
    actions = ["revoke"]
    readonly_fields = (
        "email",
        "company",
        "signatory",
        "as_committee_member",
        "language",
        "state_display",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else InvitationAdminForm.Meta.fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a sent invitation is read-only; revoke it and send another

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # keep the record of who was given access, and by whom

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("accounts.change_invitation")

    @admin.display(description=_("state"))
    def state_display(self, obj: Invitation) -> str:
        return obj.state

    def save_model(self, request, obj: Invitation, form, change: bool) -> None:
        created = services.invitation_create(
            email=form.cleaned_data["email"],
            company=form.cleaned_data.get("company"),
            signatory=form.cleaned_data.get("signatory"),
            as_committee_member=form.cleaned_data.get("as_committee_member", False),
            invited_by=request.user,
            language=form.cleaned_data["language"],
            base_url=site_url(request),
        )
        # The admin goes on with ``obj`` (its log entry, its redirect): make it the saved row.
        for field in Invitation._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    @admin.action(description=_("Revoke the selected invitations"), permissions=["revoke"])
    def revoke(self, request, queryset) -> None:
        revoked = 0
        for invitation in queryset:
            try:
                services.invitation_revoke(invitation=invitation, by=request.user)
            except services.InvitationError:
                continue
            revoked += 1
        skipped = queryset.count() - revoked
        if revoked:
            self.message_user(
                request,
                ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", revoked)
                % {"count": revoked},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation was left as it was: already accepted, revoked "
                    "or expired.",
                    "%(count)d invitations were left as they were: already accepted, revoked "
                    "or expired.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
