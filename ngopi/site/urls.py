from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("staf/", views.staff_home, name="staff_home"),
    path("staf/wilayah/", views.jurisdiction, name="jurisdiction"),
]
