"""The ITIL priority matrix: impact × urgency → priority (1 = highest). Pure logic.

The default is docs/api.md's; a deployment may replace it with the setting
`TICKET_PRIORITY_MATRIX` (a dict of "IxU" → priority, e.g. {"1x1": 1, ...}).
"""

DEFAULT_MATRIX: dict[tuple[int, int], int] = {
    (1, 1): 1, (1, 2): 2, (1, 3): 3,
    (2, 1): 2, (2, 2): 3, (2, 3): 4,
    (3, 1): 3, (3, 2): 4, (3, 3): 5,
}  # fmt: skip
LEVELS = (1, 2, 3)


def parse_matrix(config: dict[str, int] | None) -> dict[tuple[int, int], int]:
    """A matrix from settings ("IxU" keys), checked for completeness and range."""
    if not config:
        return DEFAULT_MATRIX
    matrix = {}
    for key, value in config.items():
        impact, urgency = (int(part) for part in key.lower().split("x"))
        matrix[(impact, urgency)] = int(value)
    if set(matrix) != set(DEFAULT_MATRIX) or not all(1 <= p <= 5 for p in matrix.values()):
        raise ValueError("TICKET_PRIORITY_MATRIX must map all nine IxU pairs to 1-5")
    return matrix


Matrix = dict[tuple[int, int], int]


def priority_for(impact: int, urgency: int, matrix: Matrix | None = None) -> int:
    if impact not in LEVELS or urgency not in LEVELS:
        raise ValueError("impact and urgency are 1, 2 or 3")
    return (matrix or DEFAULT_MATRIX)[(impact, urgency)]
