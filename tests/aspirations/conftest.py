import pytest

from aspirations.models import Category, OutcomeCode

from .factories import make_aspiration


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def form_data(world, bhabin):
    """A valid anonymous tip from RW 18, as the public form posts it."""
    return {
        "kind": "tip",
        "category": Category.objects.get(code="tawuran").pk,
        "description": "Ada rencana tawuran Sabtu malam di lapangan RW 18.",
        "area": world.rw18.pk,
        "location_detail": "Lapangan voli",
        "occurred_at": "2024-11-23T22:00",
        "privacy": "anonymous",
    }


@pytest.fixture
def tawuran(db):
    return Category.objects.get(code="tawuran")


@pytest.fixture
def outcome(db):
    return OutcomeCode.objects.get(code="enforcement")


@pytest.fixture
def aspiration(world, bhabin):
    """An anonymous complaint from RW 18, routed to Polsek Bekasi Selatan and the bhabin."""
    return make_aspiration(rw=world.rw18)


@pytest.fixture
def margahayu_aspiration(world, other_bhabin):
    return make_aspiration(rw=world.rw03, description="Pencurian helm di parkiran pasar Margahayu.")
