"""Action plan URLs, under /p/<partnership_slug>/action-plans/."""

from django.urls import path

from action_plans.views import actions, briefings, plans, reports

app_name = "action_plans"

PLAN = "<uuid:plan_id>/"
ACTION = "actions/<uuid:action_id>/"
BRIEFING = "learning-briefings/<uuid:briefing_id>/"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("start/<uuid:review_id>/", plans.start, name="start"),
    path(PLAN, plans.detail, name="detail"),
    path(PLAN + "actions/add/", plans.add_action, name="add_action"),
    path(PLAN + "agree/", plans.agree, name="agree"),
    path(PLAN + "monitor/", plans.monitor, name="monitor"),
    path(PLAN + "close/", plans.close, name="close"),
    path(PLAN + "action-plan.pdf", plans.plan_pdf, name="pdf"),
    path(ACTION, actions.action_page, name="action"),
    path(ACTION + "change/", actions.edit, name="edit_action"),
    path(ACTION + "close/", actions.close, name="close_action"),
    path(ACTION + "reopen/", actions.reopen, name="reopen_action"),
    path(ACTION + "re-audit/", actions.reaudit, name="reaudit"),
    path("evidence/<uuid:evidence_id>/", actions.evidence, name="evidence"),
    path("learning-briefings/", briefings.briefing_list, name="briefings"),
    path("learning-briefings/start/<uuid:review_id>/", briefings.start, name="start_briefing"),
    path(BRIEFING, briefings.briefing_page, name="briefing"),
    path(BRIEFING + "finalise/", briefings.finalise, name="finalise_briefing"),
    path(BRIEFING + "send/", briefings.send, name="send_briefing"),
    path(BRIEFING + "publish/", briefings.publish, name="publish_briefing"),
    path(BRIEFING + "withdraw/", briefings.withdraw, name="withdraw_briefing"),
    path(BRIEFING + "briefing.pdf", briefings.briefing_pdf, name="briefing_pdf"),
    path("annual-report/", reports.page, name="annual_report"),
    path("annual-report.pdf", reports.pdf, name="annual_report_pdf"),
    path("annual-report.xlsx", reports.xlsx, name="annual_report_xlsx"),
]
