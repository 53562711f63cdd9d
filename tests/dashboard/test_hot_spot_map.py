"""The hot spots on a map: one marker per RW at the middle of its posts, sized by its count and
linking to the inbox filtered on that RW; never a report's own place."""

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from ngopi.areas.models import Post

from .test_figures import page


def markers(response):
    html = response.content.decode()
    data = html.split('<script id="hot-spot-map-data" type="application/json">', 1)[1].split("</script>", 1)[
        0
    ]
    return json.loads(data)


def test_hot_spot_map_has_one_marker_per_rw_linking_its_list(login, data, kapolsek, world):
    Post.objects.filter(pk=world.post_rw18.pk).update(
        latitude=Decimal("-6.260000"), longitude=Decimal("107.000000")
    )
    response = page(login(kapolsek))
    found = markers(response)
    rw18 = [m for m in found if m["label"] == "RW 18, Pekayon Jaya"]
    assert len(rw18) == 1
    marker = rw18[0]
    assert (marker["lat"], marker["lng"]) == (-6.26, 107.0)
    total = sum(h["count"].value for h in response.context["hot_spots"] if h["rw_id"] == world.rw18.pk)
    assert marker["count"] == total
    url = urlsplit(marker["url"])
    assert url.path == "/staf/aspirasi/"
    assert parse_qs(url.query)["area"] == [str(world.rw18.pk)]
    # Only RWs whose posts have coordinates get a marker: nothing is placed by a report.
    assert all(m["label"] == "RW 18, Pekayon Jaya" for m in found)
