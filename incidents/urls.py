from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("tickets/<int:pk>/act/<str:action>/", views.ticket_act, name="act"),
    path("tickets/<int:pk>/comment/", views.ticket_comment, name="comment"),
    path("tickets/<int:pk>/attach/", views.ticket_attach, name="attach"),
    path("desk/", views.desk, name="desk"),
    path("desk/bulk-assign/", views.bulk_assign, name="bulk-assign"),
    path("desk/log/", views.quick_log, name="quick-log"),
    path("desk/requesters/", views.requester_lookup, name="requester-lookup"),
    path("desk/tickets/<int:pk>/", views.desk_ticket, name="desk-ticket"),
    path("desk/tickets/<int:pk>/edit/", views.desk_edit, name="desk-edit"),
]
