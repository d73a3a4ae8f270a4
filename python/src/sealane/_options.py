"""Connection options: short names, statement options, query-tag text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, Optional, Union

OptionValue = Union[str, int, float, bool]

# Statement options of the driver (adbcdriver/driver.go).
OPT_ROW_LIMIT = "databricks.statement.row_limit"
OPT_QUERY_TAGS = "databricks.statement.query_tags"

# Short names accepted in **options, besides "databricks.<name>".
_ALIASES = {
    "port": "databricks.port",
    "warehouse_id": "databricks.warehouse_id",
    "scopes": "databricks.auth.scopes",
    "auth_scopes": "databricks.auth.scopes",
    "redirect_port": "databricks.auth.redirect_port",
    "token_cache_dir": "databricks.auth.token_cache_dir",
    "azure_tenant_id": "databricks.auth.azure_tenant_id",
    "tenant_id": "databricks.auth.azure_tenant_id",
    "azure_login_host": "databricks.auth.azure_login_host",
    "user_agent_entry": "databricks.user_agent_entry",
    "batch_rows": "databricks.batch_rows",
    "proxy": "databricks.proxy",
    "uri": "uri",
    "row_limit": OPT_ROW_LIMIT,
    "query_tags": OPT_QUERY_TAGS,
}


def _text(value: OptionValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _escape_tag(s: str) -> str:
    return s.replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:")


def query_tags_text(tags: Union[str, Mapping[str, Optional[str]]]) -> str:
    """The driver's query-tag text ("k:v,k2:v2,k3") for a str or a mapping
    (a None value is a key-only tag)."""
    if isinstance(tags, str):
        return tags
    parts = []
    for k, v in tags.items():
        parts.append(_escape_tag(str(k)) if v is None else f"{_escape_tag(str(k))}:{_escape_tag(str(v))}")
    return ",".join(parts)


def _option_key(name: str) -> str:
    if "." in name:
        return name
    return _ALIASES.get(name, "databricks." + name)


def _statement_options(row_limit: Optional[int], query_tags: Any) -> Dict[str, str]:
    out = {}
    if row_limit is not None:
        out[OPT_ROW_LIMIT] = str(int(row_limit))
    if query_tags is not None:
        out[OPT_QUERY_TAGS] = query_tags_text(query_tags)
    return out
