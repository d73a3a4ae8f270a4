WITH
  "__sl_0" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_a_1"),
  "__sl_1" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_b_2"),
  "__sl_2" AS (SELECT "k", "v", row_number() OVER (ORDER BY "k" ASC NULLS LAST, "__sl_rn" ASC) AS "__sl_rn" FROM "__sl_1"),
  "__sl_3" AS (SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS TEXT) AS "v", 0 AS __sl_ci, "__sl_rn" AS __sl_rn0 FROM "__sl_0" UNION ALL SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS TEXT) AS "v", 1 AS __sl_ci, "__sl_rn" AS __sl_rn0 FROM "__sl_2"),
  "__sl_4" AS (SELECT "k", "v", row_number() OVER (ORDER BY __sl_ci, __sl_rn0) AS "__sl_rn" FROM "__sl_3")
SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS TEXT) AS "v"
FROM "__sl_4"
ORDER BY "__sl_rn"
