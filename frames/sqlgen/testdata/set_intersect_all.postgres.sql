WITH
  "__sl_0" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_a_1"),
  "__sl_1" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_b_2"),
  "__sl_2" AS (SELECT "k", "v" FROM "__sl_0" INTERSECT ALL SELECT "k", "v" FROM "__sl_1")
SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS TEXT) AS "v"
FROM "__sl_2"
