"""Public pages under /aspirasi/ (DESIGN.md §5: printed on posters) and staff pages under /staf/aspirasi/."""

from django.urls import path

from . import views

app_name = "aspirations"

urlpatterns = [
    path("aspirasi/kirim/", views.submit, name="submit"),
    path("aspirasi/wilayah/", views.area_steps, name="area_steps"),
    path("aspirasi/terkirim/<str:code>/", views.receipt, name="receipt"),
    path("aspirasi/terkirim/<str:code>/tanda-terima.txt", views.receipt_download, name="receipt_download"),
    path("aspirasi/lacak/", views.lookup, name="lookup"),
    path("aspirasi/lacak/<str:code>/", views.track, name="track"),
    path("aspirasi/lacak/<str:code>/foto/<int:photo_pk>/", views.track_photo, name="track_photo"),
    path("aspirasi/lacak/<str:code>/balas/", views.track_reply, name="track_reply"),
    path("aspirasi/lacak/<str:code>/nilai/", views.track_rate, name="track_rate"),
    path("staf/aspirasi/", views.inbox, name="inbox"),
    path("staf/aspirasi/kegiatan/<int:session_pk>/catat/", views.capture, name="capture"),
    path("staf/aspirasi/<int:pk>/", views.detail, name="staff_detail"),
    path("staf/aspirasi/<int:pk>/identitas/", views.identity, name="identity"),
    path("staf/aspirasi/<int:pk>/foto/<int:photo_pk>/", views.photo, name="staff_photo"),
    path("staf/aspirasi/<int:pk>/<slug:action>/", views.act, name="act"),
]
