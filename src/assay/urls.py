"""Every route of Assay. Each is covered by tests/test_access_matrix.py."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from assay.accounts import views as accounts
from assay.integrations.api import api
from assay.notifications import views as notifications
from assay.ops import views as ops
from assay.reviews.views import dashboard

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("login/", accounts.sign_in, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("join/<str:token>/", accounts.join, name="join"),
    path("", dashboard.dashboard, name="dashboard"),
    path("organization/switch/", accounts.switch_organization, name="switch-organization"),
    path("team/", accounts.team, name="team"),
    path("team/invite/", accounts.invite, name="invite"),
    path("team/members/<int:member_id>/role/", accounts.change_role, name="change-role"),
    path("team/members/<int:member_id>/remove/", accounts.remove_member, name="remove-member"),
    path("team/invitations/<int:invitation_id>/cancel/", accounts.cancel_invitation, name="cancel-invitation"),
    path("api-keys/", accounts.api_keys, name="api-keys"),
    path("api-keys/<int:key_id>/revoke/", accounts.revoke_api_key, name="revoke-api-key"),
    path("outbox/", notifications.outbox, name="outbox"),
    path("library/", include("assay.challenges.urls")),
    path("", include("assay.assessments.urls")),
    path("", include("assay.reviews.urls")),
    path("api/v1/", api.urls),
    path("git/", include("assay.repos.urls")),
]
