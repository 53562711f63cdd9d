"""Settings for the HTTP benchmarks: the project's own, plus a bare "hello" URL for the baseline."""

from ngopi.settings import *  # noqa: F403

ROOT_URLCONF = "_urls"
