WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", "g", CAST(coalesce("x", avg("x") OVER ()) AS DOUBLE PRECISION) AS "x", CAST(coalesce("n", avg("n") OVER ()) AS BIGINT) AS "n", "d", "ts", "tn", "dec", "b", "l", "__sl_rn" FROM "__sl_0")
SELECT CAST("id" AS BIGINT) AS "id", CAST("g" AS TEXT) AS "g", CAST("x" AS DOUBLE PRECISION) AS "x", CAST("n" AS BIGINT) AS "n", CAST("d" AS DATE) AS "d", CAST("ts" AS TIMESTAMPTZ) AS "ts", CAST("tn" AS TIMESTAMP) AS "tn", CAST("dec" AS NUMERIC(10,2)) AS "dec", CAST("b" AS BYTEA) AS "b", CAST("l" AS BIGINT[]) AS "l"
FROM "__sl_1"
ORDER BY "__sl_rn"
