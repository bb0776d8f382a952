from django.urls import path

from library import views

app_name = "library"
urlpatterns = [
    path("<int:pk>/<str:filename>", views.document_file, name="document-file"),
]
