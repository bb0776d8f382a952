from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "newsroom.importer"
    label = "importer"
    verbose_name = "Importer"
