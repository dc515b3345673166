"""Publication URLs, under /p/<partnership_slug>/publication/."""

from django.urls import path

from publication import views

app_name = "publication"

PUB = "<uuid:publication_id>/"
urlpatterns: list = [
    path("", views.publication_list, name="list"),
    path("start/<uuid:review_id>/", views.start, name="start"),
    path("cases/<uuid:case_id>/national-returns/", views.national_returns, name="national_returns"),
    path(PUB, views.detail, name="detail"),
    path(PUB + "date/", views.plan_date, name="plan_date"),
    path(PUB + "copies/", views.send_copies, name="send_copies"),
    path(PUB + "communications/", views.communications, name="communications"),
    path(PUB + "public-page/", views.public_details, name="public_details"),
    path(PUB + "pseudonyms/", views.register, name="register"),
    path(PUB + "pseudonyms/prefill/", views.prefill, name="prefill"),
    path(PUB + "pseudonyms/check/", views.run_check, name="run_check"),
    path(PUB + "pseudonyms/<uuid:pseudonym_id>/remove/", views.remove_pseudonym, name="remove_pseudonym"),
    path(PUB + "constraints/<uuid:process_id>/override/", views.override, name="override"),
    path(PUB + "publish/", views.publish, name="publish"),
    path(PUB + "not-publishing/", views.not_publishing, name="not_publishing"),
    path(PUB + "improvements/", views.publish_improvements, name="publish_improvements"),
    path(PUB + "withdraw/", views.withdraw, name="withdraw"),
    path(PUB + "archive/", views.archive, name="archive"),
    path(PUB + "report.pdf", views.report_pdf, name="report_pdf"),
]
