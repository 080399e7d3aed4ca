from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views

from . import views

admin.site.site_header = _("Charter tracker administration")
admin.site.site_title = _("Charter tracker")
admin.site.index_title = _("Reference data, companies and accounts")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Django's language switch, which also keeps a logged-in person's choice
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("signatories.urls")),
    path("", include("followup.urls")),
    path("", include("procurement.urls")),
    path("", include("relations.urls")),
    path("", include("callnumbers.urls")),
    path("", include("meetings.urls")),
    path("", include("results.urls")),
    path("", include("documents.urls")),
    path("", include("charter.urls")),
]

# 503 with its own page when the database cannot be reached; Django's 500 page otherwise.
handler500 = views.server_error
