from django.urls import path

from . import views

app_name = "signatories"

# /signataires/
urlpatterns = [
    path("signataires/", views.signatory_list, name="signatory_list"),
]
