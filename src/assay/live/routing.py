"""The WebSocket routes of live sessions (mounted by assay.asgi)."""

from django.urls import path

from assay.live.consumers import LiveRoomConsumer

websocket_urlpatterns = [
    path("live/<int:session_id>/socket", LiveRoomConsumer.as_asgi()),
]
