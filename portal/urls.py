from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/catalog/<int:pk>/", views.item, name="item"),
    path("portal/tickets/", views.ticket_list, name="tickets"),
    path("portal/tickets/new/", views.ticket_new, name="ticket-new"),
    path("portal/tickets/<int:pk>/", views.ticket, name="ticket"),
]
