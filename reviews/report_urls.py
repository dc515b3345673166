"""URLs of the draft report, the factual accuracy checks and the learning workshops, included by
reviews/urls.py (under /p/<partnership_slug>/reviews/, namespace "reviews")."""

from django.urls import path

from reviews.views import report, workshops

REVIEW = "<uuid:review_id>/"
REPORT = REVIEW + "report/"
WORKSHOP = REVIEW + "workshops/<uuid:workshop_id>/"

urlpatterns = [
    path(REPORT, report.report, name="report"),
    path(REPORT + "versions/<uuid:version_id>/", report.version, name="report_version"),
    path(REPORT + "versions/<uuid:version_id>/comment/", report.comment, name="report_comment"),
    path(REPORT + "compare/", report.compare, name="report_compare"),
    path(REPORT + "draft/", report.edit, name="report_edit"),
    path(REPORT + "upload/", report.upload, name="report_upload"),
    path(REPORT + "comments/<uuid:comment_id>/reply/", report.reply, name="comment_reply"),
    path(REPORT + "comments/<uuid:comment_id>/resolve/", report.resolve, name="comment_resolve"),
    path(REPORT + "comments/<uuid:comment_id>/reopen/", report.reopen, name="comment_reopen"),
    path(REPORT + "accuracy-checks/", report.request_checks, name="accuracy_request"),
    path(REPORT + "approve/", report.approve, name="report_approve"),
    path(REPORT + "endorse/", report.endorse, name="report_endorse"),
    path(REPORT + "recommendations/add/", report.recommendation_add, name="recommendation_add"),
    path(
        REPORT + "recommendations/from-report/",
        report.recommendations_from_report,
        name="recommendations_from_report",
    ),
    path(
        REPORT + "recommendations/<uuid:recommendation_id>/",
        report.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        REPORT + "recommendations/<uuid:recommendation_id>/remove/",
        report.recommendation_remove,
        name="recommendation_remove",
    ),
    # The agencies' side: only their own agency's checks.
    path("accuracy-checks/", report.accuracy_checks, name="accuracy_checks"),
    path("accuracy-checks/<uuid:check_id>/", report.accuracy_check, name="accuracy_check"),
    # Learning workshops, the feedback event and conversations with key practitioners.
    path(REVIEW + "workshops/", workshops.workshops, name="workshops"),
    path(REVIEW + "workshops/new/", workshops.workshop_new, name="workshop_new"),
    path(REVIEW + "workshops/conversations/new/", workshops.conversation_new, name="conversation_new"),
    path(WORKSHOP, workshops.workshop, name="workshop"),
    path(WORKSHOP + "change/", workshops.workshop_edit, name="workshop_edit"),
    path(WORKSHOP + "invitees/add/", workshops.invitee_add, name="workshop_invitee_add"),
    path(WORKSHOP + "invitations/", workshops.send_invitations, name="workshop_send"),
    path(WORKSHOP + "attendance/", workshops.attendance, name="workshop_attendance"),
    path(WORKSHOP + "held/", workshops.held, name="workshop_held"),
    path(WORKSHOP + "invitation.pdf", workshops.invitation_pdf, name="workshop_invitation_pdf"),
    path(WORKSHOP + "briefing.pdf", workshops.briefing_pdf, name="workshop_briefing_pdf"),
    path(WORKSHOP + "agenda.pdf", workshops.agenda_pdf, name="workshop_agenda_pdf"),
]
