WITH
  "__sl_0" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_l_1"),
  "__sl_1" AS (SELECT "k", "v", row_number() OVER () AS "__sl_rn" FROM "rec_r_2"),
  "__sl_2" AS (SELECT "__sl_l"."k", "__sl_l"."v", "__sl_l"."__sl_rn" FROM "__sl_0" AS "__sl_l" WHERE NOT EXISTS (SELECT 1 FROM "__sl_1" AS "__sl_r" WHERE "__sl_l"."k" = "__sl_r"."k"))
SELECT CAST("k" AS INTEGER) AS "k", CAST("v" AS TEXT) AS "v"
FROM "__sl_2"
ORDER BY "__sl_rn"
