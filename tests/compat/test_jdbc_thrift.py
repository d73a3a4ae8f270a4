"""The Databricks JDBC driver (com.databricks:databricks-jdbc, fetched from
Maven Central by `make jdbc-driver`) in its default Thrift mode against
`sealane serve`, plain http (ssl=0).

tests/compat/jdbc/ThriftJdbc.java runs the checks in one connection and
prints their outcomes as JSON; the assertions are here. Arrow on Java 17
needs --add-opens=java.base/java.nio=ALL-UNNAMED, as for any Arrow-based
JDBC use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

JDBC_VERSION = "3.0.1"
JAR = Path.home() / ".m2" / "repository" / "com" / "databricks" / "databricks-jdbc" / JDBC_VERSION / f"databricks-jdbc-{JDBC_VERSION}.jar"
SOURCE = Path(__file__).resolve().parent / "jdbc" / "ThriftJdbc.java"


@pytest.fixture(scope="module")
def outcomes(server, tmp_path_factory):
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed")
    if not JAR.is_file():
        pytest.fail(f"{JAR} missing: run `make jdbc-driver`", pytrace=False)
    # The driver writes databricks_jdbc.log.0 into LogPath (by default the
    # working directory): keep it in a temporary directory, out of the tree.
    logs = tmp_path_factory.mktemp("jdbc-logs")
    url = (
        f"jdbc:databricks://{server.host}:{server.port}/default;transportMode=http;ssl=0;"
        f"httpPath={server.http_path};AuthMech=3;UID=token;PWD={server.token};EnableTelemetry=0;"
        f"LogPath={logs}"
    )
    proc = subprocess.run(
        [java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", str(JAR), str(SOURCE), url],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=logs,
    )
    assert proc.returncode == 0, f"ThriftJdbc failed:\n{proc.stderr[-4000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_jdbc_select_and_types(outcomes):
    assert outcomes["select"] == [[1, "x", 2.5]]
    assert outcomes["table"] == [[1, "x"], [2, None]]


def test_jdbc_large_result(outcomes):
    assert outcomes["big"] == [1_000_000, 999_999]


def test_jdbc_prepared_statement(outcomes):
    assert outcomes["prepared"] == [[42, "it's"]]


def test_jdbc_error_sqlstate(outcomes):
    assert outcomes["error"] == "42P01"


def test_jdbc_metadata(outcomes):
    assert ["main"] in outcomes["catalogs"]
    assert outcomes["tables"] == [["jdbc_t", "TABLE"]]
    assert outcomes["columns"] == [["a", "INT"], ["s", "STRING"]]
