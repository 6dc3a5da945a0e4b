"""The pure rules: the full priority matrix and the whole state machine table."""

import pytest

from incidents import priority, workflow

MATRIX = {
    (1, 1): 1,
    (1, 2): 2,
    (1, 3): 3,
    (2, 1): 2,
    (2, 2): 3,
    (2, 3): 4,
    (3, 1): 3,
    (3, 2): 4,
    (3, 3): 5,
}


@pytest.mark.parametrize(("impact", "urgency"), MATRIX)
def test_priority_matrix(impact, urgency):
    assert priority.priority_for(impact, urgency) == MATRIX[(impact, urgency)]


@pytest.mark.parametrize(("impact", "urgency"), [(0, 1), (4, 1), (1, 0), (2, 9)])
def test_priority_refuses_levels_outside_1_3(impact, urgency):
    with pytest.raises(ValueError):
        priority.priority_for(impact, urgency)


def test_configured_matrix_must_be_complete():
    custom = {f"{i}x{u}": 1 for i in (1, 2, 3) for u in (1, 2, 3)}
    assert priority.parse_matrix(custom)[(3, 3)] == 1
    with pytest.raises(ValueError):
        priority.parse_matrix({"1x1": 1})


# (action, from) → to, exactly docs/api.md's table; everything else is illegal.
LEGAL = {
    ("assign", "new"): "assigned",
    ("assign", "assigned"): "assigned",
    ("assign", "in_progress"): "in_progress",
    ("assign", "pending"): "pending",
    ("start", "new"): "in_progress",
    ("start", "assigned"): "in_progress",
    ("pend", "assigned"): "pending",
    ("pend", "in_progress"): "pending",
    ("resume", "pending"): "in_progress",
    ("resolve", "assigned"): "resolved",
    ("resolve", "in_progress"): "resolved",
    ("resolve", "pending"): "resolved",
    ("reopen", "resolved"): "in_progress",
    ("close", "resolved"): "closed",
    ("cancel", "new"): "cancelled",
    ("cancel", "assigned"): "cancelled",
    ("cancel", "in_progress"): "cancelled",
    ("cancel", "pending"): "cancelled",
    # Waiting for approval, a ticket can only be cancelled (docs/api.md, "Approvals").
    ("cancel", "awaiting_approval"): "cancelled",
}


@pytest.mark.parametrize("status", workflow.STATUSES)
@pytest.mark.parametrize("action", list(workflow.ACTIONS))
def test_state_machine_table(action, status):
    if (action, status) in LEGAL:
        assert workflow.next_status(action, status) == LEGAL[(action, status)]
        assert action in workflow.actions_from(status)
    else:
        with pytest.raises(workflow.NotAllowed):
            workflow.next_status(action, status)
        assert action not in workflow.actions_from(status)


def test_unknown_action_is_not_allowed():
    with pytest.raises(workflow.NotAllowed):
        workflow.next_status("teleport", "new")
