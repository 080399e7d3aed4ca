from django.urls import path

from . import views

app_name = "charter"

# /, /axes/<n>/
urlpatterns = [
    path("", views.home, name="home"),
    path("axes/<int:number>/", views.axis_detail, name="axis_detail"),
]
