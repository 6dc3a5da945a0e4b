"""Print what the desk shows on the database in DATABASE_URL, as JSON (backup check).

Row counts of tickets, history and users, and `/api/v1/tickets/` read as the demo admin
through Django's test client: the real URL routing, permissions and serializers.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings_test")

import django

django.setup()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from incidents.models import Ticket, TicketEvent  # noqa: E402

client = Client()
client.force_login(User.objects.get(username="admin"))
numbers, page = [], 1
while True:
    response = client.get(
        "/api/v1/tickets/", {"page_size": 200, "page": page, "ordering": "number"}
    )
    assert response.status_code == 200, response.status_code
    body = response.json()
    numbers += [t["number"] for t in body["results"]]
    if not body["next"]:
        break
    page += 1
desk = client.get("/desk/", {"queue": "all"})
assert desk.status_code == 200, desk.status_code
print(
    json.dumps(
        {
            "tickets": Ticket.objects.count(),
            "history_rows": TicketEvent.objects.count(),
            "users": User.objects.count(),
            "api_count": body["count"],
            "api_numbers": numbers,
        }
    )
)
