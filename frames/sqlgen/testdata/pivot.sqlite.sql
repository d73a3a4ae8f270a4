WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", CAST(min_by("x", "__sl_rn") FILTER (WHERE "g" = 'a') AS REAL) AS "a", CAST(min_by("x", "__sl_rn") FILTER (WHERE "g" IS NULL) AS REAL) AS "null" FROM "__sl_0" WHERE "g" IN ('a') OR "g" IS NULL GROUP BY "id")
SELECT CAST("id" AS INTEGER) AS "id", CAST("a" AS REAL) AS "a", CAST("null" AS REAL) AS "null"
FROM "__sl_1"
