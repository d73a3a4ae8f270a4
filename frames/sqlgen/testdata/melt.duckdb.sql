WITH
  "__sl_0" AS MATERIALIZED (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", 'x' AS "variable", CAST("x" AS DOUBLE) AS "value" FROM "__sl_0" UNION ALL SELECT "id", 'n' AS "variable", CAST("n" AS DOUBLE) AS "value" FROM "__sl_0")
SELECT CAST("id" AS BIGINT) AS "id", CAST("variable" AS VARCHAR) AS "variable", CAST("value" AS DOUBLE) AS "value"
FROM "__sl_1"
