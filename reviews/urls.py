"""Review URLs, under /p/<partnership_slug>/reviews/."""

from django.urls import include, path

from reviews.views import office, people

app_name = "reviews"

urlpatterns: list = [
    path("", office.review_list, name="list"),
    path("commission/<uuid:rapid_review_id>/", office.commission, name="commission"),
]

# The review's office pages (business office, lead reviewer, review group, partners)
R = "<uuid:review_id>/"
urlpatterns += [
    path(R, office.detail, name="detail"),
    path(
        R + "information-gathering/", office.start_information_gathering, name="start_information_gathering"
    ),
    path(R + "analysis/", office.start_analysis, name="start_analysis"),
    path(R + "workshop-held/", office.record_workshop_held, name="record_workshop_held"),
    path(R + "draft-report/start/", office.start_draft_report, name="start_draft_report"),
    path(R + "factual-accuracy/start/", office.start_factual_accuracy, name="start_factual_accuracy"),
    path(R + "draft-report/reopen/", office.reopen_draft, name="reopen_draft"),
    path(R + "hand-to-publication/", office.hand_to_publication, name="hand_to_publication"),
    path(R + "pause/", office.pause, name="pause"),
    path(R + "resume/", office.resume, name="resume"),
    path(R + "stop/", office.stop, name="stop"),
    path(R + "delay-notice/", office.delay_notice, name="delay_notice"),
    path(R + "terms-of-reference/", office.terms, name="terms"),
    path(R + "terms-of-reference/edit/", office.terms_edit, name="terms_edit"),
    path(R + "terms-of-reference/approve/", office.terms_approve, name="terms_approve"),
    path(R + "terms-of-reference/<uuid:tor_id>/", office.terms_version, name="terms_version"),
    path(R + "terms-of-reference/<uuid:tor_id>/pdf/", office.terms_pdf, name="terms_pdf"),
    path(R + "reviewers/appoint/", people.appoint_reviewer, name="appoint_reviewer"),
    path(R + "reviewers/<uuid:appointment_id>/declarations/", people.declarations, name="declarations"),
    path(R + "team/", people.team, name="team"),
    path(R + "team/<uuid:member_id>/remove/", people.team_remove, name="team_remove"),
    path(R + "team/meetings/new/", people.meeting_new, name="meeting_new"),
    path(R + "parallel-processes/", people.parallel_processes, name="parallel_processes"),
    path(R + "parallel-processes/new/", people.parallel_process_edit, name="parallel_process_new"),
    path(
        R + "parallel-processes/<uuid:process_id>/",
        people.parallel_process_edit,
        name="parallel_process_edit",
    ),
    path(
        R + "parallel-processes/<uuid:process_id>/clear/",
        people.parallel_process_clear,
        name="parallel_process_clear",
    ),
    path(R + "family/", people.family, name="family"),
    path(R + "family/new/", people.family_edit, name="family_new"),
    path(R + "family/leaflet/", people.family_leaflet, name="family_leaflet"),
    path(R + "family/<uuid:person_id>/", people.family_edit, name="family_edit"),
    path(R + "family/<uuid:person_id>/contact/", people.family_contact, name="family_contact"),
    path(R + "family/<uuid:person_id>/letter/", people.family_letter, name="family_letter"),
]

# The draft report, comments, factual accuracy, recommendations, sign-off and workshops (PART B) add theirs
# below, each under R as well.
urlpatterns += [path("", include("reviews.report_urls"))]
