from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Charter tracker administration")
admin.site.site_title = _("Charter tracker")
admin.site.index_title = _("Reference data, companies and accounts")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("signatories.urls")),
    path("", include("followup.urls")),
    path("", include("charter.urls")),
]
