"""An e-mail backend standing in for a slow SMTP server: it writes each message to
``EMAIL_FILE_PATH`` like Django's file backend, after ``SLOW_MAIL_SECONDS`` (default 0.25)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("SLOW_MAIL_SECONDS", "0.25"))
        for _message in email_messages:
            time.sleep(delay)
        return super().send_messages(email_messages)
