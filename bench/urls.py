"""The product's URLs plus two "floor" pages that measure what every request costs.

`/bench/floor/login/` checks the login and answers two bytes: the full middleware stack and
nothing else. `/bench/floor/page/` renders the base layout with no content: the stack plus
the navigation, context processors and the layout every page pays for. A page's time minus
the floor is what its own data and template cost.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from itsm.urls import urlpatterns as product_urlpatterns


@login_required
def floor_login(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def floor_page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/floor/login/", floor_login),
    path("bench/floor/page/", floor_page),
    *product_urlpatterns,
]
