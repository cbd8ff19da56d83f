"""The WSGI entry point gunicorn serves: `gunicorn wsgi:app`."""

from conduit import create_app

app = create_app()
