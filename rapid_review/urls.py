"""Rapid review URLs, under /p/<partnership_slug>/rapid-review/."""

from django.urls import path

from rapid_review.views import office
from rapid_review.views import portal as agency_portal

app_name = "rapid_review"

urlpatterns: list = []

# Business office and decision-makers
RR = "<uuid:rapid_review_id>/"
urlpatterns += [
    path("start/<uuid:case_id>/", office.start, name="start"),
    path(RR, office.detail, name="detail"),
    path(RR + "scoping-requests/", office.send_requests, name="send_requests"),
    path(RR + "scoping-requests/add/", office.add_request, name="add_request"),
    path(RR + "meeting/", office.schedule_meeting, name="schedule_meeting"),
    path(RR + "meeting/attendance/", office.attendance, name="attendance"),
    path(RR + "meeting/held/", office.meeting_held, name="meeting_held"),
    path(RR + "meeting/record/", office.meeting_record, name="meeting_record"),
    path(RR + "positions/", office.positions, name="positions"),
    path(RR + "decision/", office.decision, name="decision"),
    path(RR + "submit/", office.submit, name="submit"),
    path(RR + "late-notice/", office.late_notice, name="late_notice"),
    path(RR + "subgroup/composite/", office.composite, name="composite"),
    path(RR + "subgroup/views/", office.subgroup_views, name="subgroup_views"),
    path(RR + "panel-response/", office.panel_response, name="panel_response"),
    path(RR + "revise/", office.revise, name="revise"),
    path(RR + "conclude/", office.conclude, name="conclude"),
]

# Agency portal: the agency's return (and the office's read-only view of it), files and reminders
REQUEST = "requests/<uuid:request_id>/"
urlpatterns += [
    path(REQUEST, agency_portal.request_page, name="request"),
    path(REQUEST + "not-known/", agency_portal.no_involvement, name="no_involvement"),
    path(REQUEST + "reopen/", agency_portal.reopen, name="reopen_return"),
    path("attachments/<uuid:attachment_id>/", agency_portal.attachment, name="attachment"),
    path("reminders/", agency_portal.reminder_list, name="reminders"),
]
