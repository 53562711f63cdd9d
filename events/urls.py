from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    # Public (DESIGN.md §5)
    path("kegiatan/", views.public_list, name="public_list"),
    path("kegiatan/kalender.ics", views.public_ics, name="public_ics"),
    path("kegiatan/kalender/<str:token>.ics", views.officer_feed, name="officer_feed"),
    path("kegiatan/<int:pk>/", views.public_detail, name="public_detail"),
    # Staff
    path("staf/kegiatan/", views.staff_list, name="staff_list"),
    path("staf/kegiatan/kalender/", views.staff_calendar, name="staff_calendar"),
    path("staf/kegiatan/saya/", views.my_sessions, name="my_sessions"),
    path("staf/kegiatan/saya/kalender/", views.renew_feed, name="renew_feed"),
    path("staf/kegiatan/baru/", views.session_create, name="session_create"),
    path("staf/kegiatan/serentak/", views.batch_create, name="batch_create"),
    path("staf/kegiatan/serentak/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("staf/kegiatan/serentak/<int:pk>/hentikan/", views.batch_stop, name="batch_stop"),
    path("staf/kegiatan/<int:pk>/", views.session_detail, name="staff_detail"),
    path("staf/kegiatan/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("staf/kegiatan/<int:pk>/tunda/", views.session_postpone, name="session_postpone"),
    path("staf/kegiatan/<int:pk>/batal/", views.session_cancel, name="session_cancel"),
    path("staf/kegiatan/<int:pk>/berlangsung/", views.session_held, name="session_held"),
    path("staf/kegiatan/<int:pk>/laporan/", views.session_report, name="session_report"),
    path("staf/kegiatan/<int:pk>/laporan/koreksi/", views.report_correct, name="report_correct"),
    path("staf/kegiatan/<int:pk>/foto/<int:photo_pk>/", views.session_photo, name="session_photo"),
    path("staf/kegiatan/<int:pk>/poster/", views.session_poster, name="session_poster"),
    path("staf/operasi/", views.operation_list, name="operation_list"),
    path("staf/operasi/baru/", views.operation_create, name="operation_create"),
    path("staf/operasi/<int:pk>/", views.operation_detail, name="operation_detail"),
]
