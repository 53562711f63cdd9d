from django.urls import path

from . import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("notifikasi/", views.inbox, name="inbox"),
    path("notifikasi/baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("notifikasi/pengaturan/", views.preferences, name="preferences"),
    path("notifikasi/pengaturan/whatsapp/", views.whatsapp_number, name="whatsapp_number"),
    path("notifikasi/pengaturan/whatsapp/kode/", views.whatsapp_code, name="whatsapp_code"),
    path("notifikasi/pengaturan/whatsapp/hapus/", views.whatsapp_remove, name="whatsapp_remove"),
    path("notifikasi/<int:pk>/", views.open_notification, name="open"),
    path("kanal/whatsapp/", webhooks.whatsapp_webhook, name="whatsapp_webhook"),
]
