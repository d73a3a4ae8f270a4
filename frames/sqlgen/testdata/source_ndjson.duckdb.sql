WITH
  "__sl_0" AS (SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS VARCHAR) AS "v" FROM read_json(['/data/a.json'], format = 'newline_delimited', columns = {'k': 'BIGINT', 'v': 'VARCHAR'}))
SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS VARCHAR) AS "v"
FROM "__sl_0"
