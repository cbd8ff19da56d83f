"""The webhooks and Greenhouse settings pages, and Greenhouse's assessment-partner endpoints."""

from django.urls import path

from assay.integrations import views
from assay.integrations.greenhouse import views as greenhouse

app_name = "integrations"
urlpatterns = [
    path("settings/webhooks/", views.webhooks, name="webhooks"),
    path("settings/webhooks/<int:webhook_id>/", views.webhook, name="webhook"),
    path("settings/webhooks/<int:webhook_id>/switch/", views.switch, name="webhook-switch"),
    path("settings/webhooks/<int:webhook_id>/rotate/", views.rotate, name="webhook-rotate"),
    path("settings/webhooks/<int:webhook_id>/delete/", views.delete, name="webhook-delete"),
    path(
        "settings/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver/",
        views.redeliver,
        name="webhook-redeliver",
    ),
    path("settings/greenhouse/", greenhouse.settings_page, name="greenhouse"),
    path("settings/greenhouse/keys/<int:key_id>/revoke/", greenhouse.revoke, name="greenhouse-revoke"),
    path("greenhouse/list_tests", greenhouse.list_tests, name="greenhouse-list-tests"),
    path("greenhouse/send_test", greenhouse.send_test, name="greenhouse-send-test"),
    path("greenhouse/test_status", greenhouse.test_status, name="greenhouse-test-status"),
    path("greenhouse/response_error", greenhouse.response_error, name="greenhouse-response-error"),
]
