from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ngopi.areas import selectors as area_selectors

from .health import check_broker, check_database
from .today import today_page


@login_required
def staff_home(request):
    """ "Hari ini": where staff land after signing in."""
    return render(request, "site/today.html", today_page(user=request.user))


@login_required
def jurisdiction(request):
    """ "Wilayah saya": the units, kelurahan and posts of the user's jurisdiction."""
    overview = area_selectors.jurisdiction_overview(user=request.user, page=request.GET.get("page"))
    return render(request, "site/jurisdiction.html", overview)


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
