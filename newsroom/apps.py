from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from osce_site import caching

        caching.connect()


# Third-party apps under the names the admin's index shows editors (settings.INSTALLED_APPS).


class TagsConfig(TaggitAppConfig):
    verbose_name = "Tags"


class SignInAttemptsConfig(AxesConfig):
    verbose_name = "Sign-in attempts"
