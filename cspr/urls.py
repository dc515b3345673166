"""URLs. Everything about a partnership's cases lives under /p/<partnership_slug>/ (see cspr.tenancy)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cspr import account_views, exports_views, ical, views, views_audit, views_homes, views_retention

partnership_patterns = [
    path("", views_homes.partnership_home, name="partnership_home"),
    path("work-queue/", views_homes.work_queue_list, name="work_queue"),
    path("search/", views_homes.case_search, name="case_search"),
    path("exports/", exports_views.export_list, name="export_list"),
    path("exports/<uuid:export_id>/", exports_views.export_status, name="export_status"),
    path("exports/<uuid:export_id>/progress/", exports_views.export_progress, name="export_progress"),
    path("exports/<uuid:export_id>/download/", exports_views.export_download, name="export_download"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/deadlines.pdf", views.case_deadlines_pdf, name="case_deadlines_pdf"),
    path("cases/<uuid:case_id>/history/", views.case_history, name="case_history"),
    path("cases/<uuid:case_id>/audit-log.csv", views_audit.case_audit_csv, name="case_audit_csv"),
    path("cases/<uuid:case_id>/audit-log.pdf", views_audit.case_audit_pdf, name="case_audit_pdf"),
    path("cases/<uuid:case_id>/clocks/pause/", views.case_pause, name="case_pause"),
    path("cases/<uuid:case_id>/clocks/resume/", views.case_resume, name="case_resume"),
    path("rapid-review/", include("rapid_review.urls")),
    path("deadlines/", views.deadline_list, name="deadline_list"),
    path("procedure/", views.procedure, name="procedure"),
    path("retention/", views_retention.retention_runs, name="retention_runs"),
    path("retention/settings/", views_retention.retention_settings, name="retention_settings"),
    path(
        "retention/<uuid:retention_run_id>.csv", views_retention.retention_run_csv, name="retention_run_csv"
    ),
    path("calendar/", views_homes.calendar, name="calendar"),
    path("calendar/working-days/", views_homes.working_days, name="working_days"),
    path("calendar/<str:closure_date>/withdraw/", views.closure_withdraw, name="closure_withdraw"),
    path("referrals/", include("referrals.urls")),
    path("reviews/", include("reviews.urls")),
    path("chronologies/", include("chronologies.urls")),
    path("publication/", include("publication.urls")),
    path("action-plans/", include("action_plans.urls")),
]

urlpatterns = [
    path("", views_homes.home, name="home"),
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/calendar/", views_homes.calendar_feed_settings, name="calendar_feed_settings"),
    path("account/", include("cspr.account_urls")),
    path("calendar/<str:token>.ics", ical.calendar_feed, name="calendar_feed"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("brand/<slug:slug>.css", views.brand_stylesheet, name="brand_stylesheet"),
    path("p/<slug:partnership_slug>/", include(partnership_patterns)),
    path("portal/chronologies/", include("chronologies.portal_urls")),
    path("portal/", include("rapid_review.portal_urls")),
    path("reports/", include("publication.public_urls")),
    path("learning-briefings/", include("action_plans.public_urls")),
    path("admin/", admin.site.urls),
]
