WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "__sl_0"),
  "__sl_2" AS (SELECT "id", CAST(first("x" ORDER BY "__sl_rn") FILTER (WHERE "g" = 'a') AS DOUBLE) AS "a", CAST(first("x" ORDER BY "__sl_rn") FILTER (WHERE "g" IS NULL) AS DOUBLE) AS "null" FROM "__sl_1" WHERE "g" IN ('a') OR "g" IS NULL GROUP BY "id")
SELECT CAST("id" AS BIGINT) AS "id", CAST("a" AS DOUBLE) AS "a", CAST("null" AS DOUBLE) AS "null"
FROM "__sl_2"
