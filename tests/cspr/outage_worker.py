"""A real Celery worker process for the Redis-outage test, with a mailbox that a test can count.

Run as `python -m tests.cspr.outage_worker` with CSPR_TEST_MAILBOX set to a folder; the database and broker come from
DATABASE_URL and REDIS_URL as in production. The test kills this process with SIGKILL, so every email
is written as a file: the in-memory test outbox would die with it.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

# How long handing one message to the mail server takes: long enough that the test can kill the
# worker while a message is half-sent, as a real SMTP conversation would be.
HANDOFF_SECONDS = 0.15


class SlowMailbox(BaseEmailBackend):
    """Each message becomes `<n>.eml` in $CSPR_TEST_MAILBOX; `<n>.sending` marks one being handed over."""

    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["CSPR_TEST_MAILBOX"])
        for message in email_messages:
            name = uuid.uuid4().hex
            sending = folder / f"{name}.sending"
            sending.write_text(message.subject)
            time.sleep(HANDOFF_SECONDS)
            # Written under a temporary name and renamed, so the test never reads half a message.
            (folder / f"{name}.tmp").write_bytes(message.message().as_bytes())
            (folder / f"{name}.tmp").rename(folder / f"{name}.eml")
            sending.unlink()
        return len(email_messages)


def main() -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.EMAIL_BACKEND = "tests.cspr.outage_worker.SlowMailbox"
    from cspr.celery import app

    app.conf.task_always_eager = False
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ]
    )


if __name__ == "__main__":
    main()
