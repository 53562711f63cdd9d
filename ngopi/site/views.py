from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ngopi.areas import selectors as area_selectors

from .health import check_broker, check_database


@login_required
def staff_home(request):
    overview = area_selectors.jurisdiction_overview(user=request.user, page=request.GET.get("page"))
    return render(request, "site/staff_home.html", overview)


@never_cache
@require_GET
def healthz(request):
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    healthy = db_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": {"ok": db_ok, "detail": db_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )
