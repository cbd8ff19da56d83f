"""The ASGI application: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assay.settings")
django_asgi = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 - Django must be set up first
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from assay.env import envbool  # noqa: E402
from assay.live.routing import websocket_urlpatterns  # noqa: E402

http = ASGIStaticFilesHandler(django_asgi) if envbool("ASSAY_SERVE_STATIC", default=True) else django_asgi
# Each live room checks the page's Origin and its own token (assay.live.consumers), not the Django session.
application = ProtocolTypeRouter({"http": http, "websocket": URLRouter(websocket_urlpatterns)})
