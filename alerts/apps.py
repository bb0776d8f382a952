from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "email alerts"

    def ready(self):
        from alerts import announcing

        announcing.connect()
