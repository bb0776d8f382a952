from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self):
        from newsroom import feeds, redirects
        from osce_site import caching

        caching.connect()
        redirects.connect()
        feeds.connect()
