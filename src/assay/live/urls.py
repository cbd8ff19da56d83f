from django.urls import path

from assay.live import views

app_name = "live"
urlpatterns = [
    path("live/", views.sessions, name="sessions"),
    path("submissions/<int:submission_id>/live/", views.from_submission, name="from-submission"),
    path("library/<slug:slug>/live/", views.from_starter, name="from-starter"),
    path("live/<int:session_id>/", views.room, name="room"),
    path("live/<int:session_id>/end/", views.end, name="end"),
    path("live/<int:session_id>/notes/", views.notes, name="notes"),
    path("live/<int:session_id>/connections.json", views.connections_list, name="connections"),
    path(
        "live/<int:session_id>/connections/<int:connection_id>/remove/",
        views.remove_connection,
        name="remove-connection",
    ),
    path("live/<int:session_id>/new-link/", views.new_link, name="new-link"),
    path("live/<int:session_id>/playback/", views.playback, name="playback"),
    path("live/<int:session_id>/changes/", views.changes, name="changes"),
    path("live/<int:session_id>/recording.json", views.recording, name="recording"),
    path("live/join/<str:token>/", views.join, name="join"),
    path("live/room/<str:token>/runs/", views.start_run, name="run"),
    path("live/room/<str:token>/service/", views.service_action, name="service"),
    path("live/room/<str:token>/requests/", views.send_request, name="request"),
]
