"""The Celery application; the beat schedule lives here so one file shows every periodic job."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")

app = Celery("cspr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Working-day clocks: reminders and escalations go out once each morning.
    "daily-deadline-scan": {"task": "cspr.tasks.scan_deadlines", "schedule": crontab(hour=6, minute=30)},
    # The outbox: stage events whose side effects (emails) have not been processed yet.
    "process-outbox": {"task": "cspr.tasks.process_outbox", "schedule": 60.0},
    # Retention (cspr/retention.py): closed cases past their period lose their personal data, nightly.
    "apply-retention": {"task": "cspr.tasks.apply_retention", "schedule": crontab(hour=2, minute=15)},
}
