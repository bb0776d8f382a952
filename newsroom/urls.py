from django.urls import path

from newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem-list"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem-detail"),
]
