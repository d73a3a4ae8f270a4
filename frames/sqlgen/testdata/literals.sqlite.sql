WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "rec_base_1"),
  "__sl_1" AS (SELECT CAST(CAST(-7 AS INTEGER) AS INTEGER) AS "i", CAST(CAST(1.5 AS REAL) AS REAL) AS "f", CAST(NULL AS REAL) AS "nan", CAST('it''s a \ back' AS TEXT) AS "s", CAST(X'dead' AS BLOB) AS "bin", CAST('2024-03-04' AS TEXT) AS "day", CAST('2024-03-04 05:06:07.89' AS TEXT) AS "t", CAST('2024-03-04 05:06:07.89' AS TEXT) AS "tn", CAST(CAST('123.45' AS NUMERIC) AS NUMERIC) AS "dc", CAST(CAST(NULL AS INTEGER) AS INTEGER) AS "nul", CAST(TRUE AS INTEGER) AS "t1", "__sl_rn" FROM "__sl_0")
SELECT CAST("i" AS INTEGER) AS "i", CAST("f" AS REAL) AS "f", CAST("nan" AS REAL) AS "nan", CAST("s" AS TEXT) AS "s", CAST("bin" AS BLOB) AS "bin", CAST("day" AS TEXT) AS "day", CAST("t" AS TEXT) AS "t", CAST("tn" AS TEXT) AS "tn", CAST("dc" AS NUMERIC) AS "dc", CAST("nul" AS INTEGER) AS "nul", CAST("t1" AS INTEGER) AS "t1"
FROM "__sl_1"
ORDER BY "__sl_rn"
