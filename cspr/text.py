"""Small text helpers shared by the core."""


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis: labels are for lists, and a long agency name must
    not make the database refuse the row that records what happened."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
