from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import docs, tokens_page
from .v1 import aspirations, base, loop, me, operations, public, reports, sessions

app_name = "api"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs.docs, name="docs"),
    path("api/v1/areas/", public.AreaList.as_view(), name="areas"),
    path("api/v1/areas/<int:pk>/", public.AreaDetail.as_view(), name="area"),
    path("api/v1/posts/", public.PostList.as_view(), name="posts"),
    path("api/v1/categories/", public.CategoryList.as_view(), name="categories"),
    path("api/v1/sessions/", sessions.SessionList.as_view(), name="sessions"),
    path("api/v1/sessions/<int:pk>/", sessions.SessionDetail.as_view(), name="session"),
    path(
        "api/v1/sessions/<int:pk>/aspirations/",
        aspirations.SessionAspirations.as_view(),
        name="session_aspirations",
    ),
    path("api/v1/sessions/<int:pk>/agenda/", loop.SessionAgenda.as_view(), name="session_agenda"),
    path(
        "api/v1/sessions/<int:pk>/commitments/", loop.SessionCommitments.as_view(), name="session_commitments"
    ),
    path("api/v1/sessions/<int:pk>/report/", reports.SessionReportView.as_view(), name="session_report"),
    path(
        "api/v1/sessions/<int:pk>/<str:action>/",
        sessions.SessionTransition.as_view(),
        name="session_transition",
    ),
    path("api/v1/aspirations/", aspirations.AspirationList.as_view(), name="aspirations"),
    path("api/v1/aspirations/<int:pk>/", aspirations.AspirationDetail.as_view(), name="aspiration"),
    path("api/v1/aspirations/<int:pk>/identity/", aspirations.AspirationIdentity.as_view(), name="identity"),
    path(
        "api/v1/aspirations/<int:pk>/photos/<int:photo>/",
        aspirations.AspirationPhotoFile.as_view(),
        name="aspiration_photo",
    ),
    path(
        "api/v1/aspirations/<int:pk>/<str:action>/",
        aspirations.AspirationAction.as_view(),
        name="aspiration_action",
    ),
    path("api/v1/batches/", operations.BatchList.as_view(), name="batches"),
    path("api/v1/batches/<int:pk>/", operations.BatchDetail.as_view(), name="batch"),
    path("api/v1/batches/<int:pk>/<str:action>/", operations.BatchStop.as_view(), name="batch_stop"),
    path("api/v1/operations/", operations.OperationList.as_view(), name="operations"),
    path("api/v1/operations/<int:pk>/", operations.OperationDetail.as_view(), name="operation"),
    path("api/v1/himbauan/", loop.HimbauanList.as_view(), name="himbauan"),
    path("api/v1/himbauan/<int:pk>/", loop.HimbauanDetail.as_view(), name="himbauan_detail"),
    path("api/v1/commitments/", loop.CommitmentList.as_view(), name="commitments"),
    path("api/v1/commitments/<int:pk>/", loop.CommitmentDetail.as_view(), name="commitment"),
    path("api/v1/commitments/<int:pk>/close/", loop.CommitmentClose.as_view(), name="commitment_close"),
    path("api/v1/notifications/", me.NotificationList.as_view(), name="notifications"),
    path("api/v1/notifications/read/", me.NotificationsRead.as_view(), name="notifications_read"),
    path("api/v1/dashboard/", me.Dashboard.as_view(), name="dashboard"),
    re_path(r"^api/v1/", base.Unknown.as_view()),
    path("accounts/api-tokens/", tokens_page.tokens, name="tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", tokens_page.revoke, name="token_revoke"),
]
