from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def docs(request):
    """The browsable API reference: Swagger UI on the schema (vendored, started by a static file)."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema") + "?format=json"})
