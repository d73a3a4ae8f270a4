#!/usr/bin/env python3
"""Ask Spark, the oracle, how Databricks SQL answers: record golden files.

Runs PyPI's pyspark locally (ANSI mode on, session time zone UTC, as a
Databricks SQL warehouse runs) and records, for every statement:

- the result column names and Spark's type of each column
  (`DataType.simpleString()`, e.g. ``decimal(10,2)``, ``array<int>``),
- the rows, each value encoded canonically (see ``encode``), or
- the error condition (class) and SQLSTATE.

Two corpora:

- ``functions``: the examples of every built-in function, taken from Spark
  itself (``FunctionRegistry``: each function's ``Examples:`` section,
  ``> SELECT …;`` lines), with the function's name and group.
- ``statements``: our own corpus (``corpus/*.sql``): statement forms,
  types, literals, DDL, errors, NULL ordering, naming.

Usage: spark_golden.py OUT_DIR [--only functions|statements] [--limit N]
(``make conformance-golden``). Nothing here runs in ``make test``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import decimal
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable

HERE = Path(__file__).resolve().parent


def spark_session():
    os.environ.setdefault("TZ", "UTC")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[1]")
        .appName("sealane-conformance-golden")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.sql.warehouse.dir", str(Path(os.environ.get("TMPDIR", "/tmp")) / "sealane-spark-warehouse"))
        .getOrCreate()
    )


def encode(v: Any, t: Any) -> Any:
    """One value as canonical JSON, by its Spark type.

    null → null; integers → numbers; floats → numbers ("NaN", "Infinity",
    "-Infinity" as strings); decimals → plain strings at their scale
    ("1.50"); strings → strings; binary → {"binary": hex}; dates
    "YYYY-MM-DD"; timestamps (UTC) and timestamp_ntz
    "YYYY-MM-DD HH:MM:SS.ffffff"; day-time intervals → {"us": n};
    year-month intervals → {"months": n}; calendar intervals →
    {"interval": Spark's text}; arrays → lists; maps → lists of
    [key, value]; structs → lists of [name, value]; variants → their JSON text.
    """
    from pyspark.sql import types as T

    if v is None:
        return None
    if isinstance(t, T.BooleanType):
        return bool(v)
    if isinstance(t, (T.ByteType, T.ShortType, T.IntegerType, T.LongType)):
        return int(v)
    if isinstance(t, (T.FloatType, T.DoubleType)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(t, T.DecimalType):
        return format(decimal.Decimal(v), "f")
    if isinstance(t, (T.StringType, T.VarcharType, T.CharType)):
        return str(v)
    if isinstance(t, T.BinaryType):
        return {"binary": bytes(v).hex()}
    if isinstance(t, T.DateType):
        return v.isoformat()
    if isinstance(t, (T.TimestampType, T.TimestampNTZType)):
        if v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(t, T.DayTimeIntervalType):
        return {"us": (v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds}
    if isinstance(t, T.YearMonthIntervalType):
        return {"months": int(v)}
    if isinstance(t, T.CalendarIntervalType):
        return {"interval": str(v)}
    if isinstance(t, T.ArrayType):
        return [encode(x, t.elementType) for x in v]
    if isinstance(t, T.MapType):
        return [[encode(k, t.keyType), encode(x, t.valueType)] for k, x in v.items()]
    if isinstance(t, T.StructType):
        return [[f.name, encode(v[i], f.dataType)] for i, f in enumerate(t.fields)]
    if isinstance(t, T.NullType):
        return None
    if type(t).__name__ == "VariantType":
        return {"variant": v.toJson()}
    raise TypeError(f"no canonical form for {t.simpleString()}")


def interval_text(f: Any, i: int) -> str | None:
    """The expression that collects column i (renamed c{i}) when pyspark
    cannot: a year-month interval as its number of months, a calendar
    interval as its text. None for every other column."""
    from pyspark.sql import types as T

    if isinstance(f.dataType, T.YearMonthIntervalType):
        ym = f"CAST(c{i} AS INTERVAL YEAR TO MONTH)"  # extract needs both fields
        return f"CAST(extract(YEAR FROM {ym}) AS BIGINT) * 12 + extract(MONTH FROM {ym})"
    if isinstance(f.dataType, T.CalendarIntervalType):
        return f"CAST(c{i} AS STRING)"
    return None


def collect(df: Any, fields: list) -> list:
    """The rows of df. pyspark cannot collect year-month or calendar
    interval values (NOT_IMPLEMENTED, raised in Python, not by Spark SQL),
    so a result with such a column is collected with each of them rewritten
    (see interval_text); the schema recorded stays Spark's."""
    exprs = [interval_text(f, i) for i, f in enumerate(fields)]
    if all(e is None for e in exprs):
        return df.collect()
    renamed = df.toDF(*[f"c{i}" for i in range(len(fields))])
    return renamed.selectExpr(*[e or f"c{i}" for i, e in enumerate(exprs)]).collect()


def ask(spark, sql: str) -> dict:
    """Run one statement in Spark and record its answer."""
    from pyspark.errors import PySparkException

    try:
        df = spark.sql(sql)
        fields = df.schema.fields
        rows = collect(df, fields)
        return {
            "columns": [{"name": f.name, "type": f.dataType.simpleString()} for f in fields],
            "rows": [[encode(r[i], f.dataType) for i, f in enumerate(fields)] for r in rows],
        }
    except PySparkException as e:
        cond = e.getCondition() if hasattr(e, "getCondition") else e.getErrorClass()
        return {"error": {"class": (cond or "").split(".")[0], "sqlstate": e.getSqlState() or ""}}
    except TypeError as e:
        return {"skip": f"unrenderable: {e}"}
    except Exception as e:  # a JVM error without a condition
        return {"skip": f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"}


EXAMPLE = re.compile(r"^\s*>\s?(.*)$")


def examples_of(text: str) -> list[str]:
    """The statements of an Examples: section: lines starting with '>', a
    statement continuing over the next lines until one ends with ';'."""
    out, cur = [], None
    for line in text.splitlines():
        m = EXAMPLE.match(line)
        if m and cur is None:
            cur = m.group(1).strip()
        elif cur is not None and m is None and not cur.endswith(";"):
            cur += " " + line.strip()
        elif m and cur is not None:
            out.append(cur)
            cur = m.group(1).strip()
        if cur is not None and cur.endswith(";"):
            out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    return [s.rstrip(";").strip() for s in out if s.strip()]


def function_examples(spark) -> Iterable[dict]:
    jvm = spark._jvm
    reg = jvm.org.apache.spark.sql.catalyst.analysis.FunctionRegistry.builtin()
    names = sorted({str(f.funcName()) for f in jvm.scala.jdk.javaapi.CollectionConverters.asJava(reg.listFunction())})
    for name in names:
        opt = reg.lookupFunction(jvm.org.apache.spark.sql.catalyst.FunctionIdentifier.apply(name))
        if opt.isEmpty():
            continue
        info = opt.get()
        group = str(info.getGroup() or "") or "other"
        for i, sql in enumerate(examples_of(str(info.getExamples() or ""))):
            yield {"id": f"{name}#{i}", "function": name, "family": group, "sql": sql}


COMMENT_FAMILY = re.compile(r"^--\s*family:\s*(\S+)")


def corpus_statements() -> Iterable[dict]:
    """Statements of corpus/*.sql: separated by lines ending in ';', each
    file a family unless a '-- family: x' line says otherwise. A statement
    preceded by '-- setup' is run for its effect and not recorded."""
    for path in sorted((HERE / "corpus").glob("*.sql")):
        family, buf, n, setup = path.stem, [], 0, False
        for line in path.read_text().splitlines():
            m = COMMENT_FAMILY.match(line.strip())
            if m:
                family = m.group(1)
                continue
            if line.strip() == "-- setup":
                setup = True
                continue
            if line.strip().startswith("--") and not buf:
                continue
            buf.append(line)
            if line.rstrip().endswith(";"):
                sql = "\n".join(buf).strip().rstrip(";").strip()
                buf = []
                if sql:
                    yield {"id": f"{path.stem}#{n}", "family": family, "sql": sql, "setup": setup}
                    n += 1
                setup = False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--only", choices=["functions", "statements"])
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    import logging

    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    spark = spark_session()
    spark.sparkContext.setLogLevel("OFF")
    version = spark.version
    args.out.mkdir(parents=True, exist_ok=True)
    for corpus, items in (("functions", function_examples), ("statements", lambda s: corpus_statements())):
        if args.only and args.only != corpus:
            continue
        cases = []
        for k, item in enumerate(items(spark)):
            if args.limit and k >= args.limit:
                break
            ans = ask(spark, item["sql"])
            if item.get("setup"):
                item["setup"] = True
            cases.append({**item, **ans})
        doc = {"oracle": f"Apache Spark {version} (pyspark, ANSI on, session time zone UTC)", "cases": cases}
        path = args.out / f"{corpus}.json"
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
        ok = sum(1 for c in cases if "rows" in c)
        err = sum(1 for c in cases if "error" in c)
        skip = sum(1 for c in cases if "skip" in c)
        print(f"{corpus}: {len(cases)} cases ({ok} results, {err} errors, {skip} skipped) → {path}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
