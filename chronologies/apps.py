from django.apps import AppConfig


class ChronologiesConfig(AppConfig):
    name = "chronologies"
    verbose_name = "Chronologies and information reports"
