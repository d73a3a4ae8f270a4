WITH
  "__sl_0" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_l_1"),
  "__sl_1" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_r_2"),
  "__sl_2" AS (SELECT "__sl_l"."k" AS "k", "__sl_l"."v" AS "v", "__sl_r"."k" AS "k_right", "__sl_r"."v" AS "v_right" FROM "__sl_0" AS "__sl_l" CROSS JOIN "__sl_1" AS "__sl_r")
SELECT CAST("k" AS INTEGER) AS "k", CAST("v" AS TEXT) AS "v", CAST("k_right" AS INTEGER) AS "k_right", CAST("v_right" AS TEXT) AS "v_right"
FROM "__sl_2"
