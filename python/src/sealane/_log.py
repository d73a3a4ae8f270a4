"""The ``sealane`` logger (silent unless the application configures logging)."""

from __future__ import annotations

import logging
from typing import Dict, Mapping

logger = logging.getLogger("sealane")
logger.addHandler(logging.NullHandler())

# Option keys (canonical or with the "adbc." alias prefix) whose values are
# never logged: credentials, and URLs that may embed them.
_SECRET_KEYS = (
    "databricks.access_token",
    "databricks.auth.client_secret",
    "databricks.proxy.password",
    "databricks.proxy",
)


def is_secret(key: str) -> bool:
    k = key[len("adbc.") :] if key.startswith("adbc.databricks.") else key
    return k in _SECRET_KEYS or k == "uri"


def redact(options: Mapping[str, str]) -> Dict[str, str]:
    """options with secret values replaced by "***" (for logging)."""
    return {k: ("***" if is_secret(k) else v) for k, v in options.items()}


def short_sql(sql: str, limit: int = 200) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"
