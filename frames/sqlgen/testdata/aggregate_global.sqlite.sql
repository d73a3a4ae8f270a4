WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "rec_base_1"),
  "__sl_1" AS (SELECT CAST(sum(DISTINCT "id") AS INTEGER) AS "s" FROM "__sl_0")
SELECT CAST("s" AS INTEGER) AS "s"
FROM "__sl_1"
