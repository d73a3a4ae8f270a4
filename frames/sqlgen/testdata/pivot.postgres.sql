WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", CAST((array_agg("x" ORDER BY "__sl_rn" ASC) FILTER (WHERE "g" = 'a'))[1] AS DOUBLE PRECISION) AS "a", CAST((array_agg("x" ORDER BY "__sl_rn" ASC) FILTER (WHERE "g" IS NULL))[1] AS DOUBLE PRECISION) AS "null" FROM "__sl_0" WHERE "g" IN ('a') OR "g" IS NULL GROUP BY "id")
SELECT CAST("id" AS BIGINT) AS "id", CAST("a" AS DOUBLE PRECISION) AS "a", CAST("null" AS DOUBLE PRECISION) AS "null"
FROM "__sl_1"
