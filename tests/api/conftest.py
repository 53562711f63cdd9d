import pytest
from rest_framework.test import APIClient

from ngopi.api import services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api():
    """An API client for ``user`` (a personal token, as an integration would call)."""

    def make(user=None, **headers):
        client = APIClient()
        if user is not None:
            _token, secret = services.create_api_token(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", **headers)
        elif headers:
            client.credentials(**headers)
        return client

    return make
