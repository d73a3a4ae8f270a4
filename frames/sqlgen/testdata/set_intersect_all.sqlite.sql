WITH
  "__sl_0" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_a_1"),
  "__sl_1" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_b_2"),
  "__sl_2" AS (SELECT "k", "v" FROM (SELECT "k", "v", row_number() OVER (PARTITION BY "k", "v") AS __sl_dup FROM "__sl_0" INTERSECT SELECT "k", "v", row_number() OVER (PARTITION BY "k", "v") AS __sl_dup FROM "__sl_1") AS __sl_so)
SELECT CAST("k" AS INTEGER) AS "k", CAST("v" AS TEXT) AS "v"
FROM "__sl_2"
