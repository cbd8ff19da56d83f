from django.urls import path

from assay.repos import views

app_name = "repos"
urlpatterns = [
    path("<uuid:public_id>.git/info/refs", views.info_refs, name="info-refs"),
    path("<uuid:public_id>.git/git-upload-pack", views.upload_pack, name="upload-pack"),
    path("<uuid:public_id>.git/git-receive-pack", views.receive_pack, name="receive-pack"),
]
