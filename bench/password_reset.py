"""Password reset: time of the page for a known and for an unknown address, p50 over N each
(interleaved), for the project's view and, for comparison, Django's stock view that looks the
address up and sends in the request.

    .venv/bin/python bench/password_reset.py [--runs 200]

The ratio known/unknown is the figure that matters: near 1.00 the answer's timing does not tell
whether an account uses the address. Requests go through Django's test client (the whole
middleware stack); throttling is lifted for the run. E-mail goes to the in-memory backend.
"""

import argparse
import statistics
import sys
import time
import types

from _harness import quick, report, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=quick(200, 10))
    args = parser.parse_args()
    with scratch_database():
        from django.contrib.auth import views as auth_views
        from django.core import mail
        from django.test import Client, override_settings
        from django.urls import include, path

        from ngopi.accounts.models import PasswordResetRequest, User

        urls = types.ModuleType("bench_reset_urls")
        urls.urlpatterns = [
            path("stock-reset/", auth_views.PasswordResetView.as_view()),
            path("", include("ngopi.urls")),
        ]
        sys.modules["bench_reset_urls"] = urls
        User.objects.create_user(
            username="bhabin", email="bhabin@polri.example", password="x", unit=None, role="administrator"
        )

        def measure(url):
            client = Client()
            client.post(url, {"email": "bhabin@polri.example"})  # warm
            times = {"known": [], "unknown": []}
            for number in range(args.runs):
                pair = [("known", "bhabin@polri.example"), ("unknown", f"nobody{number}@x.example")]
                for which, email in pair if number % 2 else reversed(pair):  # no order bias
                    start = time.perf_counter()
                    response = client.post(url, {"email": email})
                    times[which].append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 302, response.status_code
            return statistics.median(times["known"]), statistics.median(times["unknown"])

        with override_settings(
            ROOT_URLCONF="bench_reset_urls",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            NGOPI_PASSWORD_RESET_PER_CLIENT=10**9,
            NGOPI_PASSWORD_RESET_PER_EMAIL=10**9,
        ):
            mail.outbox = []
            known, unknown = measure("/accounts/password_reset/")
            assert mail.outbox == [], "the page must not send"
            queued = PasswordResetRequest.objects.count()
            stock_known, stock_unknown = measure("/stock-reset/")
        print(f"requests:                 {args.runs} known + {args.runs} unknown per view")
        print(
            f"this project's view:      known p50 {known:.2f} ms, unknown p50 {unknown:.2f} ms, "
            f"ratio {known / unknown:.2f} ({queued} requests queued, none sent by the page)"
        )
        print(
            f"Django's stock view:      known p50 {stock_known:.2f} ms, unknown p50 {stock_unknown:.2f} ms, "
            f"ratio {stock_known / stock_unknown:.2f}"
        )
        report(
            "password reset, known / unknown address",
            size=f"{args.runs} requests each",
            figure=known,
            unit="ms p50 known",
            baseline=unknown,
            baseline_name="ms p50 unknown",
            ratio=known / unknown,
            note=f"stock view {stock_known:.2f} / {stock_unknown:.2f} ms; {queued} queued, none sent",
        )


if __name__ == "__main__":
    main()
