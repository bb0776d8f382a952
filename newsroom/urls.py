from django.urls import path

from newsroom import preview, views

app_name = "newsroom"
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem-list"),
    path("preview/<uuid:uuid>/", preview.NewsItemPreviewView.as_view(), name="newsitem-preview"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem-detail"),
]
