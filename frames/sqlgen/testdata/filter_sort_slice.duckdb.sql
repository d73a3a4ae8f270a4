WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "__sl_0" WHERE ("x" > CAST(1.0 AS DOUBLE))),
  "__sl_2" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "__sl_1"),
  "__sl_3" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "__sl_2" ORDER BY "g" DESC NULLS FIRST, "x" ASC NULLS LAST, "__sl_rn" ASC),
  "__sl_4" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "__sl_3" LIMIT 5 OFFSET 2)
SELECT CAST("id" AS BIGINT) AS "id", CAST("g" AS VARCHAR) AS "g", CAST("x" AS DOUBLE) AS "x", CAST("n" AS BIGINT) AS "n", CAST("d" AS DATE) AS "d", CAST("ts" AS TIMESTAMPTZ) AS "ts", CAST("tn" AS TIMESTAMP) AS "tn", CAST("dec" AS DECIMAL(10,2)) AS "dec", CAST("b" AS BLOB) AS "b", CAST("l" AS BIGINT[]) AS "l"
FROM "__sl_4"
