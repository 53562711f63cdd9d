from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dasbor/", views.index, name="index"),
    path("dasbor/ekspor.csv", views.export_csv, name="export_csv"),
    path("dasbor/ekspor.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dasbor/ekspor/<int:pk>/", views.export_job, name="export_job"),
    path("dasbor/ekspor/<int:pk>/status.json", views.export_job_status, name="export_job_status"),
    path("dasbor/ekspor/<int:pk>/unduh/", views.export_job_download, name="export_job_download"),
]
