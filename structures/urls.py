from django.urls import path

from structures import views

app_name = "structures"
urlpatterns = [
    path("fields-of-work/", views.FieldOfWorkListView.as_view(), name="fieldofwork-list"),
    path(
        "fields-of-work/<slug:slug>/",
        views.FieldOfWorkDetailView.as_view(),
        name="fieldofwork-detail",
    ),
    path("structures/", views.StructureListView.as_view(), name="structure-list"),
    path("structures/<slug:slug>/", views.StructureDetailView.as_view(), name="structure-detail"),
    path("field-operations/", views.FieldOperationListView.as_view(), name="fieldoperation-list"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<slug:slug>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("meetings/", views.MeetingSeriesListView.as_view(), name="meetingseries-list"),
]
