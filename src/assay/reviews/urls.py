from django.urls import path

from assay.reviews.views import code, comments, report

app_name = "reviews"
urlpatterns = [
    path("submissions/<int:submission_id>/", report.report, name="report"),
    path("submissions/<int:submission_id>/runs/<int:number>/", report.run, name="run"),
    path("submissions/<int:submission_id>/compare/", report.compare, name="compare"),
    path("submissions/<int:submission_id>/regrade/", report.regrade, name="regrade"),
    path("submissions/<int:submission_id>/code/", code.changes, name="code"),
    path("submissions/<int:submission_id>/file/", code.file, name="file"),
    path("submissions/<int:submission_id>/archive/", code.archive, name="archive"),
    path("submissions/<int:submission_id>/comments/", comments.add, name="comment-add"),
    path("comments/<int:comment_id>/", comments.show, name="comment"),
    path("comments/<int:comment_id>/edit/", comments.edit, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", comments.delete, name="comment-delete"),
]

# Part 2: scorecards, decisions, comparison, blind review.
from assay.reviews.views import compare, scorecards  # noqa: E402

urlpatterns += [
    path("submissions/<int:submission_id>/scorecard/", scorecards.scorecard, name="scorecard"),
    path("assessments/candidates/<int:candidate_id>/decision/", scorecards.decide, name="decision"),
    path("assessments/candidates/<int:candidate_id>/reveal/", scorecards.reveal, name="reveal"),
    path("assessments/<int:assessment_id>/comparison/", compare.comparison_page, name="comparison"),
    path("assessments/<int:assessment_id>/comparison.csv", compare.comparison_csv, name="comparison-csv"),
    path("assessments/<int:assessment_id>/blind/", compare.blind_setting, name="blind"),
]

# Part 3: the optional AI reviewer.
from assay.reviews.views import ai_reviewer  # noqa: E402

urlpatterns += [path("ai-reviewer/", ai_reviewer.settings_page, name="ai-reviewer")]
