from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Image and document library"

    def ready(self):
        from library import files, usage

        files.connect()
        usage.connect()
