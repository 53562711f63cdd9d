"""GeoReport v2's two formats: JSON (a list of objects) and XML (a root element holding one
element per object, one child element per field), and its error format in both."""

from xml.etree import ElementTree as ET

from django.http import HttpResponse, JsonResponse

FORMATS = ("json", "xml")
# The XML names of each kind of list (the specification's examples).
ROOTS = {"services": ("services", "service"), "requests": ("service_requests", "request")}


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _xml(root: str, item: str, rows: list[dict]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        node = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(node, key)
            if isinstance(value, list):  # keywords, attributes' values
                for entry in value:
                    sub = ET.SubElement(child, "value" if not isinstance(entry, dict) else "attribute")
                    if isinstance(entry, dict):
                        for k, v in entry.items():
                            ET.SubElement(sub, k).text = _text(v)
                    else:
                        sub.text = _text(entry)
            else:
                child.text = _text(value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="unicode").encode()


def respond(fmt: str, kind: str, rows: list[dict], *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        root, item = ROOTS[kind]
        return HttpResponse(_xml(root, item, rows), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def respond_object(fmt: str, root: str, row: dict, *, status: int = 200) -> HttpResponse:
    """One object (a service definition): JSON object, or XML ``<root>`` with its fields."""
    if fmt == "xml":
        body = _xml("__drop__", root, [row]).replace(b"<__drop__>", b"").replace(b"</__drop__>", b"")
        return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(row, status=status, json_dumps_params={"ensure_ascii": False})


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The specification's error list: ``[{"code": 400, "description": "…"}]``."""
    rows = [{"code": status, "description": str(d)} for d in descriptions]
    if fmt == "xml":
        return HttpResponse(
            _xml("errors", "error", rows), content_type="text/xml; charset=utf-8", status=status
        )
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
