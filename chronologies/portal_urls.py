"""The chronology column layout for agencies, under /portal/chronologies/ (no partnership data)."""

from django.urls import path

from chronologies.views import help as chronology_help

app_name = "chronology_help"

urlpatterns = [
    path("help/", chronology_help.help_page, name="help"),
    path("template.csv", chronology_help.template_csv, name="template_csv"),
    path("template.xlsx", chronology_help.template_xlsx, name="template_xlsx"),
]
