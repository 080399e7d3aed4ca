"""The admin of models with a history (``core.history``)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin: a "History" page per object with who changed what, and a
    form to put an earlier version back. simple-history lets anyone who may view the object
    post that form; here only someone who may change the object does (a read-only admin,
    such as the publications', stays read-only)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied("Putting back an earlier version is a change.")
        return super().history_form_view(request, object_id, version_id, extra_context)
