"""Serentak batches and operations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import rules, selectors, services, workflow
from ..forms import BatchForm, OperationEditForm, OperationForm, ReasonForm
from ..models import SessionBatch


def _require_scheduler(user):
    if not rules.can_schedule(user):
        raise PermissionDenied


@login_required
def batch_create(request):
    _require_scheduler(request.user)
    form = BatchForm(request.POST or None, user=request.user, initial={"unit": request.GET.get("unit")})
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "unit": data["unit"],
            "areas": data["areas"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "operation": data["operation"],
        }
        if "confirm" in request.POST:
            try:
                batch, plan = services.schedule_batch(
                    actor=request.user,
                    title=data["title"],
                    kind=data["kind"],
                    agenda=data["agenda"],
                    **kwargs,
                )
            except services.SchedulingError as exc:
                for problem in exc.messages:
                    form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    _("%(count)d sessions scheduled; %(skipped)d posts left out because of conflicts.")
                    % {"count": len(plan.ready), "skipped": len(plan.conflicts)},
                )
                return redirect(batch)
        plan = services.plan_batch(**kwargs)
    return render(request, "events/batch_form.html", {"form": form, "plan": plan})


@login_required
def batch_detail(request, pk: int):
    batch = get_object_or_404(
        SessionBatch.objects.visible_to(request.user).select_related("unit", "operation", "created_by"), pk=pk
    )
    filters = selectors.SessionFilters(batch=batch)
    page = selectors.session_page(user=request.user, filters=filters, after=request.GET.get("after"), size=50)
    return render(
        request,
        "events/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "counts": selectors.status_counts(user=request.user, filters=filters),
            "reason_form": ReasonForm(),
            "actions": workflow.allowed_batch_actions(batch, request.user),
        },
    )


@login_required
@require_POST
def batch_stop(request, pk: int):
    batch = get_object_or_404(SessionBatch.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not rules.can_stop_batch(request.user, batch):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason, so residents and commanders know why."))
        return redirect(batch)
    cancel = request.POST.get("action") == "cancel"
    try:
        count = services.stop_batch(
            actor=request.user, batch=batch, cancel=cancel, reason=form.cleaned_data["reason"]
        )
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        text = _("%(count)d sessions cancelled.") if cancel else _("%(count)d sessions postponed.")
        messages.success(request, text % {"count": count})
    return redirect(batch)


# --- operations ---------------------------------------------------------------------------------


@login_required
def operation_list(request):
    return render(
        request,
        "events/operation_list.html",
        {
            "operations": selectors.operation_list(user=request.user),
            "can_schedule": rules.can_schedule(request.user),
        },
    )


@login_required
def operation_create(request):
    _require_scheduler(request.user)
    form = OperationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.create_operation(actor=request.user, **form.cleaned_data)
        except services.SchedulingError as exc:
            for problem in exc.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The operation is created."))
            return redirect(operation)
    return render(request, "events/operation_form.html", {"form": form})


@login_required
def operation_detail(request, pk: int):
    operation = selectors.visible_operation(user=request.user, pk=pk)
    coverage = selectors.operation_coverage(user=request.user, operation=operation)
    return render(
        request,
        "events/operation_detail.html",
        {"operation": operation, "can_edit": rules.can_edit_operation(request.user, operation), **coverage},
    )


@login_required
def operation_edit(request, pk: int):
    operation = selectors.visible_operation(user=request.user, pk=pk)
    if not rules.can_edit_operation(request.user, operation):
        raise PermissionDenied
    initial = {f: getattr(operation, f) for f in ("name", "starts_on", "ends_on", "description")}
    form = OperationEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_operation(actor=request.user, operation=operation, **form.cleaned_data)
        except services.SchedulingError as exc:
            for problem in exc.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The operation is updated."))
            return redirect(operation)
    return render(request, "events/operation_form.html", {"form": form, "operation": operation})
