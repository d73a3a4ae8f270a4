"""A small program written for databricks-sql-connector (``from databricks
import sql``). test_connector_compat.py runs it as is with the connector and,
with only the import changed to ``from sealane import sql``, with sealane,
and compares what the two print.

Usage: connector_program.py HOST PORT HTTP_PATH TOKEN
"""

import sys
import time

from databricks import sql

host, port, http_path, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def show(label, value):
    print(f"{label}: {value!r}", flush=True)


with sql.connect(
    server_hostname=f"http://{host}",
    _port=port,
    http_path=http_path,
    access_token=token,
    catalog="main",
    schema="default",
    session_configuration={"ANSI_MODE": "true"},
    use_sea=True,
    enable_telemetry=False,
    _retry_stop_after_attempts_count=2,
) as connection:
    show("paramstyle", sql.paramstyle)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS compat_people")
        cursor.execute("CREATE TABLE compat_people (id BIGINT, name STRING, score DECIMAL(5,2))")
        cursor.execute(
            "INSERT INTO compat_people VALUES (1, 'ada', 9.50), (2, 'bob', 7.25), (3, 'cy', NULL)"
        )
        show("insert result", cursor.fetchall())

        cursor.execute(
            "SELECT id, name, score FROM compat_people WHERE id >= :min ORDER BY id",
            {"min": 1},
        )
        show("query_id set", bool(cursor.query_id))
        show("description", [(d[0], d[1]) for d in cursor.description])
        show("decimal precision/scale", cursor.description[2][4:6])
        first = cursor.fetchone()
        show("fetchone", first)
        show("by attribute", (first.id, first.name))
        show("by key", first["score"])
        show("asDict", first.asDict())
        show("fetchmany(1)", cursor.fetchmany(1))
        show("fetchall", cursor.fetchall())
        show("exhausted", cursor.fetchone())

        cursor.execute("SELECT parse_json('[1, 2]') AS v, 'x' AS s")
        show("variant description", [(d[0], d[1]) for d in cursor.description])

        cursor.execute("SELECT id FROM compat_people ORDER BY id")
        show("fetchmany_arrow(2)", cursor.fetchmany_arrow(2).to_pydict())
        show("fetchall_arrow", cursor.fetchall_arrow().to_pydict())

        cursor.execute("SELECT :a AS a, :b AS b", {"a": 1, "b": "two"})
        show("named", cursor.fetchall())

        cursor.execute_async("SELECT count(*) AS n FROM range(1000)")
        while cursor.is_query_pending():
            time.sleep(0.05)
        show("async state", cursor.get_query_state().value)
        cursor.get_async_execution_result()
        show("async result", cursor.fetchall())

        # Metadata column names differ between the connector's backends
        # (Thrift: TABLE_CAT …; SEA: SHOW's own): look at the values.
        cursor.catalogs()
        show("catalogs has main", any("main" in tuple(r) for r in cursor.fetchall()))
        cursor.schemas(catalog_name="main")
        show("schemas has default", any("default" in tuple(r) for r in cursor.fetchall()))
        cursor.tables(catalog_name="main", schema_name="default", table_name="compat_people")
        show("tables", [r for r in cursor.fetchall() if "compat_people" in tuple(r)] != [])
        cursor.columns(catalog_name="main", schema_name="default", table_name="compat_people")
        values = {v for r in cursor.fetchall() for v in r}
        show("columns", sorted(values & {"id", "name", "score"}))

        try:
            cursor.execute("SELECT * FROM compat_no_such_table")
        except sql.exc.DatabaseError as e:
            show("missing table", isinstance(e, sql.Error) and "error caught")

        cursor.execute("DROP TABLE compat_people")
    show("connection open", connection.open)
show("connection open after with", connection.open)
