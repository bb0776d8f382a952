from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "osce_site"
    verbose_name = "OSCE site"

    def ready(self):
        from osce_site import checks  # noqa: F401  (registers the system checks)
