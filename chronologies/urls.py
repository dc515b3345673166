"""Agency information URLs, under /p/<partnership_slug>/chronologies/."""

from django.urls import path

from chronologies.views import agency, office, timeline

app_name = "chronologies"

REVIEW = "reviews/<uuid:review_id>/"
REQUEST = "requests/<uuid:agency_request_id>/"
urlpatterns = [
    # The business office and the review team
    path(REVIEW, office.review_page, name="review"),
    path(REVIEW + "requests/new/", office.new_requests, name="new_requests"),
    path(REVIEW + "integrated/", timeline.integrated, name="integrated"),
    path(REVIEW + "integrated.pdf", timeline.integrated_pdf, name="integrated_pdf"),
    path(REVIEW + "integrated.xlsx", timeline.integrated_xlsx, name="integrated_xlsx"),
    path(REQUEST + "send/", office.send, name="send"),
    path(REQUEST + "withdraw/", office.withdraw, name="withdraw"),
    path(REQUEST + "quality-assurance/", office.quality_assure, name="quality_assure"),
    # The agency (and the review team, read-only)
    path(REQUEST, agency.request_page, name="request"),
    path(REQUEST + "letter.pdf", agency.letter_pdf, name="letter_pdf"),
    path(REQUEST + "guidance.pdf", agency.guidance_pdf, name="guidance_pdf"),
    path(REQUEST + "template.pdf", agency.template_pdf, name="template_pdf"),
    path(REQUEST + "entries/add/", agency.entry_add, name="entry_add"),
    path(REQUEST + "entries/<uuid:chronology_entry_id>/", agency.entry_edit, name="entry_edit"),
    path(REQUEST + "entries/<uuid:chronology_entry_id>/delete/", agency.entry_delete, name="entry_delete"),
    path(REQUEST + "import/", agency.import_file, name="import"),
    path(REQUEST + "report/", agency.report_edit, name="report"),
    path(REQUEST + "submit/", agency.submit, name="submit"),
    path("submissions/<uuid:agency_submission_id>/", agency.submission_page, name="submission"),
    path("submissions/<uuid:agency_submission_id>/version.pdf", agency.submission_pdf, name="submission_pdf"),
]
