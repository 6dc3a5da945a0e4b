"""What planned maintenance does when a ticket opens (incidents.events)."""

from incidents import events
from maintenance import services


def subscribe() -> None:
    # State other subscribers may read (the mails show the ticket as it ends).
    events.subscribe(
        events.TicketOpened, services.flag_during_maintenance, phase=events.Phase.STATE
    )
