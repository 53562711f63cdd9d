from django.urls import path

from . import views

app_name = "wilayah"

urlpatterns = [
    path("wilayah/<int:pk>/", views.area_page, name="area"),
    path("wilayah/<int:pk>/ikuti/", views.follow, name="follow"),
    path("wilayah/ikuti/<str:token>/", views.confirm, name="confirm"),
    path("wilayah/berhenti/<str:token>/", views.unfollow, name="unfollow"),
]
