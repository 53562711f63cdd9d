from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("2fa/", views.TwoFactorView.as_view(), name="two_factor"),
    path("2fa/setup/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("2fa/setup/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path("2fa/verify/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("2fa/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("2fa/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
