"""URLs. Everything about a partnership's cases lives under /p/<partnership_slug>/ (see cspr.tenancy)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cspr import views

partnership_patterns = [
    path("", views.partnership_home, name="partnership_home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/deadlines.pdf", views.case_deadlines_pdf, name="case_deadlines_pdf"),
    path("cases/<uuid:case_id>/history/", views.case_history, name="case_history"),
    path("cases/<uuid:case_id>/clocks/pause/", views.case_pause, name="case_pause"),
    path("cases/<uuid:case_id>/clocks/resume/", views.case_resume, name="case_resume"),
    path("rapid-review/", include("rapid_review.urls")),
    path("deadlines/", views.deadline_list, name="deadline_list"),
    path("procedure/", views.procedure, name="procedure"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:closure_date>/withdraw/", views.closure_withdraw, name="closure_withdraw"),
    path("referrals/", include("referrals.urls")),
    path("reviews/", include("reviews.urls")),
    path("chronologies/", include("chronologies.urls")),
    path("publication/", include("publication.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="cspr/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("brand/<slug:slug>.css", views.brand_stylesheet, name="brand_stylesheet"),
    path("p/<slug:partnership_slug>/", include(partnership_patterns)),
    path("portal/chronologies/", include("chronologies.portal_urls")),
    path("portal/", include("rapid_review.portal_urls")),
    path("reports/", include("publication.public_urls")),
    path("admin/", admin.site.urls),
]
