from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    # The portal: everyone signed in.
    path("portal/knowledge/", views.home, name="home"),
    path("portal/knowledge/suggest/", views.suggest, name="suggest"),
    path("knowledge/articles/<int:pk>/", views.article, name="article"),
    path("knowledge/articles/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("knowledge/articles/<int:pk>/solved/", views.solved, name="solved"),
    path("knowledge/images/<int:pk>/", views.image, name="image"),
    # Management: agents and up.
    path("knowledge/", views.manage, name="manage"),
    path("knowledge/new/", views.create, name="create"),
    path("knowledge/articles/<int:pk>/edit/", views.edit, name="edit"),
    path("knowledge/articles/<int:pk>/images/", views.upload_image, name="upload-image"),
    path("knowledge/articles/<int:pk>/<str:action>/", views.act, name="act"),
    # From the desk's ticket page.
    path("knowledge/tickets/<int:ticket_pk>/draft/", views.from_ticket, name="from-ticket"),
    path("knowledge/tickets/<int:ticket_pk>/link/", views.link, name="link"),
]
