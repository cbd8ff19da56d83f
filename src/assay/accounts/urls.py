"""The team's own routes: signing in (password or single sign-on), password resets, joining, team, API keys, outbox."""

from django.contrib.auth import views as auth_views
from django.urls import path

from assay.accounts import audit_views, retention_views, signup_views, views
from assay.accounts.sso import views as sso_views

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/sso/", sso_views.start, name="sso-start"),
    path("login/sso/callback/", sso_views.callback, name="sso-callback"),
    path("login/sso/<slug:organization_slug>/", sso_views.start_for, name="sso-start-for"),
    path("settings/sso/", sso_views.settings_page, name="sso-settings"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("join/<str:token>/", views.join, name="join"),
    path("signup/", signup_views.sign_up, name="signup"),
    path("signup/verify/<str:token>/", signup_views.verify, name="signup-verify"),
    path("organization/switch/", views.switch_organization, name="switch-organization"),
    path("team/", views.team, name="team"),
    path("team/invite/", views.invite, name="invite"),
    path("team/members/<int:member_id>/role/", views.change_role, name="change-role"),
    path("team/members/<int:member_id>/remove/", views.remove_member, name="remove-member"),
    path("team/invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel-invitation"),
    path("api-keys/", views.api_keys, name="api-keys"),
    path("api-keys/<int:key_id>/revoke/", views.revoke_api_key, name="revoke-api-key"),
    path("outbox/", views.outbox, name="outbox"),
    path("audit-log/", audit_views.audit_log, name="audit-log"),
    path("organization/retention/", retention_views.retention, name="retention"),
    path("audit-log.csv", audit_views.audit_log_csv, name="audit-log-csv"),
]
