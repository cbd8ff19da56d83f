from django.urls import path

from assay.assessments.views import candidate, erasure, team

app_name = "assessments"
urlpatterns = [
    path("assessments/", team.assessment_list, name="list"),
    path("assessments/new/", team.assessment_create, name="create"),
    path("assessments/<int:assessment_id>/", team.assessment_detail, name="detail"),
    path("assessments/<int:assessment_id>/candidates/", team.candidates_fragment, name="candidates"),
    path("assessments/<int:assessment_id>/invite/", team.invite, name="invite"),
    path("assessments/<int:assessment_id>/invite-csv/", team.invite_csv, name="invite-csv"),
    path("assessments/<int:assessment_id>/open-link/", team.open_link, name="open-link"),
    path("assessments/candidates/<int:candidate_id>/", team.candidate_detail, name="candidate-detail"),
    path("assessments/candidates/<int:candidate_id>/resend/", team.resend, name="resend"),
    path("assessments/candidates/<int:candidate_id>/withdraw/", team.withdraw, name="withdraw"),
    path("assessments/candidates/<int:candidate_id>/extend/", team.extend, name="extend"),
    path("assessments/candidates/<int:candidate_id>/erase/", erasure.erase, name="erase"),
    # The candidate's side: no account, a signed link.
    path("c/<str:token>/", candidate.candidate_page, name="candidate"),
    path("c/<str:token>/start/", candidate.start, name="start"),
    path("c/<str:token>/upload/", candidate.upload, name="upload"),
    path("c/<str:token>/submit/", candidate.submit, name="submit"),
    path("c/<str:token>/survey/", candidate.survey, name="survey"),
    path("apply/<str:token>/", candidate.join, name="join"),
]
