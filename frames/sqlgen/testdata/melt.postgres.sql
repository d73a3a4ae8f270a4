WITH
  "__sl_0" AS (SELECT "id", "g", "x", "n", "d", "ts", "tn", "dec", "b", "l", row_number() OVER () AS "__sl_rn" FROM "rec_base_1"),
  "__sl_1" AS (SELECT "id", 'x' AS "variable", CAST("x" AS DOUBLE PRECISION) AS "value", 0 AS __sl_ci, "__sl_rn" AS __sl_rn0 FROM "__sl_0" UNION ALL SELECT "id", 'n' AS "variable", CAST("n" AS DOUBLE PRECISION) AS "value", 1 AS __sl_ci, "__sl_rn" AS __sl_rn0 FROM "__sl_0"),
  "__sl_2" AS (SELECT "id", "variable", "value", row_number() OVER (ORDER BY __sl_ci, __sl_rn0) AS "__sl_rn" FROM "__sl_1")
SELECT CAST("id" AS BIGINT) AS "id", CAST("variable" AS TEXT) AS "variable", CAST("value" AS DOUBLE PRECISION) AS "value"
FROM "__sl_2"
ORDER BY "__sl_rn"
