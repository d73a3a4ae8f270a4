WITH
  "__sl_0" AS MATERIALIZED (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", "g", CAST(coalesce("x", (SELECT min("x") FROM "__sl_0")) AS DOUBLE) AS "x", CAST(coalesce("n", (SELECT min("n") FROM "__sl_0")) AS BIGINT) AS "n", "d", "ts", "tn", "dec", "b", "l" FROM "__sl_0")
SELECT CAST("id" AS BIGINT) AS "id", CAST("g" AS VARCHAR) AS "g", CAST("x" AS DOUBLE) AS "x", CAST("n" AS BIGINT) AS "n", CAST("d" AS DATE) AS "d", CAST("ts" AS TIMESTAMPTZ) AS "ts", CAST("tn" AS TIMESTAMP) AS "tn", CAST("dec" AS DECIMAL(10,2)) AS "dec", CAST("b" AS BLOB) AS "b", CAST("l" AS BIGINT[]) AS "l"
FROM "__sl_1"
