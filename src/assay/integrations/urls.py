"""The webhooks settings pages."""

from django.urls import path

from assay.integrations import views

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
]
