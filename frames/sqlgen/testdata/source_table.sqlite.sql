WITH
  "__sl_0" AS (SELECT CAST("k" AS INTEGER) AS "k", CAST("v" AS TEXT) AS "v" FROM "main"."default"."trips")
SELECT CAST("k" AS INTEGER) AS "k", CAST("v" AS TEXT) AS "v"
FROM "__sl_0"
