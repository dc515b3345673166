"""Published learning briefings, at /learning-briefings/<slug>/<briefing_id>.pdf: no login."""

from django.urls import path

from action_plans.views import public

app_name = "learning_briefings"

urlpatterns = [
    path("<slug:slug>/<uuid:briefing_id>.pdf", public.briefing_pdf, name="pdf"),
]
