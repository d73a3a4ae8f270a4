WITH
  "__sl_0" AS (SELECT "k", "l" FROM "rec_e_1"),
  "__sl_1" AS (SELECT "k", "l" FROM "__sl_0" ORDER BY "k" ASC NULLS LAST),
  "__sl_2" AS (SELECT "k", unnest(CASE WHEN "l" IS NULL OR len("l") = 0 THEN [CAST(NULL AS BIGINT)] ELSE "l" END) AS "l" FROM "__sl_1")
SELECT CAST("k" AS BIGINT) AS "k", CAST("l" AS BIGINT) AS "l"
FROM "__sl_2"
