from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor


class AdminSite(admin.AdminSite):
    """Django's admin site; with NGOPI_REQUIRE_2FA on it also wants a session verified by a
    second factor, whoever the staff user is."""

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.NGOPI_REQUIRE_2FA or twofactor.is_verified(request)

    def login(self, request, extra_context=None):
        # Signed in with the password but not verified: the second step, then back here.
        if request.user.is_authenticated and request.user.is_staff and not self.has_permission(request):
            has_one = twofactor.has_second_factor(request.user)
            target = reverse("two_factor_verify" if has_one else "two_factor_setup")
            return redirect(
                f"{target}?{urlencode({'next': request.GET.get('next') or reverse('admin:index')})}"
            )
        return super().login(request, extra_context)


class AdminConfig(DjangoAdminConfig):
    """Installed in place of ``django.contrib.admin``: the same admin on the site above."""

    default_site = "ngopi.accounts.admin_site.AdminSite"
