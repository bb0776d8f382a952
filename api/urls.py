from django.urls import path

from api import views

app_name = "api"
urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("v1/", views.api.urls),
]
