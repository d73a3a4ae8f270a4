"""Packaging (the bundled driver, typing marker) and logging."""

from __future__ import annotations

import logging
from pathlib import Path

import sealane


def test_bundled_driver_is_used():
    path = Path(sealane.driver_path())
    pkg = Path(sealane.__file__).resolve().parent
    assert path.is_file()
    assert path.parent == pkg / "_lib", f"driver loaded from {path}, not from the installed package"
    assert (pkg / "py.typed").is_file()


def test_version():
    assert sealane.__version__


def test_logging_without_secrets(server, caplog):
    caplog.set_level(logging.DEBUG, logger="sealane")
    with sealane.connect(server.url, server.http_path, server.token, client_secret="s3cr3t-value") as conn:
        conn.execute("SELECT 42 AS answer").fetch_all_arrow()
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("sealane")]
    text = "\n".join(messages)
    assert "connect" in text
    assert "SELECT 42 AS answer" in text
    assert "result read: 1 rows" in text
    assert server.token not in text
    assert "s3cr3t-value" not in text
