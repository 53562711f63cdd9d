from django.urls import path

from .views import lists, loop, operations, public, sessions

app_name = "events"

urlpatterns = [
    # Public (DESIGN.md §5)
    path("kegiatan/", public.public_list, name="public_list"),
    path("kegiatan/kalender.ics", public.public_ics, name="public_ics"),
    path("kegiatan/kalender/<str:token>.ics", public.officer_feed, name="officer_feed"),
    path("kegiatan/<int:pk>/", public.public_detail, name="public_detail"),
    # Staff
    path("staf/kegiatan/", lists.staff_list, name="staff_list"),
    path("staf/kegiatan/kalender/", lists.staff_calendar, name="staff_calendar"),
    path("staf/kegiatan/saya/", lists.my_sessions, name="my_sessions"),
    path("staf/kegiatan/saya/kalender/", lists.renew_feed, name="renew_feed"),
    path("staf/kegiatan/baru/", sessions.session_create, name="session_create"),
    path("staf/kegiatan/serentak/", operations.batch_create, name="batch_create"),
    path("staf/kegiatan/serentak/<int:pk>/", operations.batch_detail, name="batch_detail"),
    path("staf/kegiatan/serentak/<int:pk>/hentikan/", operations.batch_stop, name="batch_stop"),
    path("staf/kegiatan/<int:pk>/", sessions.session_detail, name="staff_detail"),
    path("staf/kegiatan/<int:pk>/ubah/", sessions.session_edit, name="session_edit"),
    path("staf/kegiatan/<int:pk>/tunda/", sessions.session_postpone, name="session_postpone"),
    path("staf/kegiatan/<int:pk>/batal/", sessions.session_cancel, name="session_cancel"),
    path("staf/kegiatan/<int:pk>/berlangsung/", sessions.session_held, name="session_held"),
    path("staf/kegiatan/<int:pk>/laporan/", sessions.session_report, name="session_report"),
    path("staf/kegiatan/<int:pk>/laporan/koreksi/", sessions.report_correct, name="report_correct"),
    path("staf/kegiatan/<int:pk>/foto/<int:photo_pk>/", sessions.session_photo, name="session_photo"),
    path("staf/kegiatan/<int:pk>/poster/", sessions.session_poster, name="session_poster"),
    path("staf/kegiatan/<int:pk>/agenda/", loop.session_agenda, name="session_agenda"),
    path("staf/kegiatan/<int:pk>/komitmen/", loop.commitment_create, name="commitment_create"),
    path("staf/komitmen/", loop.commitment_list, name="commitment_list"),
    path("staf/komitmen/<int:pk>/", loop.commitment_detail, name="commitment_detail"),
    path("staf/himbauan/", loop.himbauan_list, name="himbauan_list"),
    path("staf/himbauan/baru/", loop.himbauan_create, name="himbauan_create"),
    path("staf/himbauan/<int:pk>/", loop.himbauan_detail, name="himbauan_detail"),
    path("staf/himbauan/<int:pk>/ubah/", loop.himbauan_edit, name="himbauan_edit"),
    path("staf/operasi/", operations.operation_list, name="operation_list"),
    path("staf/operasi/baru/", operations.operation_create, name="operation_create"),
    path("staf/operasi/<int:pk>/", operations.operation_detail, name="operation_detail"),
    path("staf/operasi/<int:pk>/ubah/", operations.operation_edit, name="operation_edit"),
]
