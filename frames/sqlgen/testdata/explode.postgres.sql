WITH
  "__sl_0" AS (SELECT "k", "l", row_number() OVER () AS "__sl_rn" FROM "rec_e_1"),
  "__sl_1" AS (SELECT "k", "l", row_number() OVER (ORDER BY "k" ASC NULLS LAST, "__sl_rn" ASC) AS "__sl_rn" FROM "__sl_0"),
  "__sl_2" AS (SELECT "__sl_x"."k", "__sl_x"."__sl_rn", __sl_u.__sl_pos, __sl_u.__sl_e AS "l" FROM "__sl_1" AS "__sl_x" CROSS JOIN LATERAL unnest(CASE WHEN "__sl_x"."l" IS NULL OR cardinality("__sl_x"."l") = 0 THEN ARRAY[CAST(NULL AS BIGINT)] ELSE "__sl_x"."l" END) WITH ORDINALITY AS __sl_u(__sl_e, __sl_pos)),
  "__sl_3" AS (SELECT "k", "l", row_number() OVER (ORDER BY "__sl_rn", __sl_pos) AS "__sl_rn" FROM "__sl_2")
SELECT CAST("k" AS BIGINT) AS "k", CAST("l" AS BIGINT) AS "l"
FROM "__sl_3"
ORDER BY "__sl_rn"
