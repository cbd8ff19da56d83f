from django.urls import path

from assay.challenges import views

app_name = "challenges"
urlpatterns = [
    path("", views.library, name="library"),
    path("<slug:slug>/", views.challenge, name="challenge"),
]
