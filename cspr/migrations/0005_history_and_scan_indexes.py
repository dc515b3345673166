"""Indexes for the paged case history (newest first), the timeline's stage marks and the daily scan.

Every tenant query filters on partnership and case together. PostgreSQL assumes the two are independent
and so guesses ~100 rows for a case with thousands of audit rows, then sorts the whole history instead
of walking caseevent_case_at_id backwards. Extended statistics tell it that the case decides the
partnership (measured: 8.5 ms down to 0.2 ms for the first history page of a case with 8,136 rows).
"""

from django.db import migrations, models

STATISTICS = "caseevent_partnership_case_stats"


def create_statistics(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies, mcv) "
            "ON partnership_id, case_id FROM cspr_caseevent"
        )
        schema_editor.execute("ANALYZE cspr_caseevent")


def drop_statistics(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("cspr", "0004_calendar_feed_exports_open_deadlines"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="caseevent", name="caseevent_case_at"),
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(fields=["case", "at", "id"], name="caseevent_case_at_id"),
        ),
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(fields=["case", "code"], name="caseevent_case_code"),
        ),
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("cancelled_at", None), ("met_at", None), ("missed_at", None)),
                fields=["due_at"],
                name="deadline_scan_unmissed",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("cancelled_at", None), ("key", "scoping_return"), ("met_at", None)),
                fields=["due_at"],
                name="deadline_scan_open_returns",
            ),
        ),
    ]
