from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dasbor/", views.index, name="index"),
    path("dasbor/ekspor.csv", views.export_csv, name="export_csv"),
    path("dasbor/ekspor.xlsx", views.export_xlsx, name="export_xlsx"),
]
