#!/usr/bin/env python3
"""Ask Spark how it names result columns: the oracle of sparkname_test.go.

Runs each SELECT of QUERIES (one a line, '#' comments) against local
pyspark (ANSI on, session time zone UTC) over the view below and writes
{query: [column names] | "ERROR …"} as JSON to OUT. Only the analysis runs
(`.columns`), nothing is executed. names.json holds the answers split per
select item, as recorded from Apache Spark 4.3.0.

Usage: record.py queries.txt OUT.json   (with the pyspark of .venv-spark)
"""
import json
import os
import sys

os.environ.setdefault("TZ", "UTC")
from pyspark.sql import SparkSession  # noqa: E402

VIEW = (
    "CREATE TEMPORARY VIEW t AS SELECT 1 AS a, 'x' AS b, named_struct('f', 1, 'g', named_struct('h', 2)) AS s, "
    "array(1,2) AS arr, map('k', 1) AS m, CAST(1 AS DECIMAL(10,2)) AS d, 1.5D AS dbl, DATE'2020-01-01' AS dt"
)


def main() -> int:
    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("OFF")
    spark.sql(VIEW)
    out = {}
    for line in open(sys.argv[1]):
        q = line.strip()
        if not q or q.startswith("#"):
            continue
        try:
            out[q] = spark.sql(q).columns
        except Exception as e:  # the answer is the error
            out[q] = "ERROR " + str(e).splitlines()[0][:150]
    with open(sys.argv[2], "w") as f:
        json.dump(out, f, indent=1)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
