from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from osce_site.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("newsroom/", include("newsroom.urls")),
    path("", include("structures.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
