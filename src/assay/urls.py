"""Every route of Assay. Each is covered by tests/test_access_matrix.py."""

from django.urls import include, path

from assay.integrations.api import api
from assay.ops import views as ops
from assay.reviews.views import dashboard

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("", dashboard.dashboard, name="dashboard"),
    path("", include("assay.accounts.urls")),
    path("library/", include("assay.challenges.urls")),
    path("", include("assay.assessments.urls")),
    path("", include("assay.reviews.urls")),
    path("", include("assay.integrations.urls")),
    path("", include("assay.live.urls")),
    path("api/v1/", api.urls),
    path("git/", include("assay.repos.urls")),
]

# Unexpected errors: a plain page or problem+json, never a traceback (that needs ASSAY_DEBUG=1).
handler500 = "assay.web.views.server_error"
