from django.urls import path

from . import public, views

app_name = "site"

urlpatterns = [
    path("", public.home, name="home"),
    path("favicon.ico", public.favicon, name="favicon"),
    path("manifest.webmanifest", public.manifest, name="manifest"),
    path("staf/", views.staff_home, name="staff_home"),
    path("staf/wilayah/", views.jurisdiction, name="jurisdiction"),
]
