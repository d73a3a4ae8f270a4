WITH
  "__sl_0" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_a_1"),
  "__sl_1" AS (SELECT "k", "v", row_number() OVER (ORDER BY "__sl_rn") AS __sl_pos FROM "__sl_0"),
  "__sl_2" AS (SELECT "w", row_number() OVER () AS "__sl_rn" FROM "rec_c_2"),
  "__sl_3" AS (SELECT "w", row_number() OVER (ORDER BY "__sl_rn") AS __sl_pos FROM "__sl_2"),
  "__sl_4" AS (SELECT "__sl_h0"."k" AS "k", "__sl_h0"."v" AS "v", "__sl_h1"."w" AS "w", coalesce("__sl_h0".__sl_pos, "__sl_h1".__sl_pos) AS "__sl_rn" FROM "__sl_1" AS "__sl_h0" FULL OUTER JOIN "__sl_3" AS "__sl_h1" ON "__sl_h1".__sl_pos = "__sl_h0".__sl_pos)
SELECT CAST("k" AS INTEGER) AS "k", CAST("v" AS TEXT) AS "v", CAST("w" AS REAL) AS "w"
FROM "__sl_4"
ORDER BY "__sl_rn"
