from django.urls import path

from inbound import views

app_name = "inbound"

urlpatterns = [
    path("channels/mailboxes/", views.mailbox_list, name="mailboxes"),
    path("channels/mailboxes/new/", views.mailbox_edit, name="mailbox-create"),
    path("channels/mailboxes/<int:pk>/", views.mailbox_edit, name="mailbox-edit"),
    path("channels/mailboxes/<int:pk>/test/", views.mailbox_test, name="mailbox-test"),
    path("channels/mailboxes/<int:pk>/poll/", views.mailbox_poll, name="mailbox-poll"),
    path("channels/integrations/", views.integration_list, name="integrations"),
    path("channels/integrations/new/", views.integration_edit, name="integration-create"),
    path("channels/integrations/<int:pk>/", views.integration_edit, name="integration-edit"),
    path(
        "channels/integrations/<int:pk>/rotate/",
        views.integration_rotate,
        name="integration-rotate",
    ),
]
