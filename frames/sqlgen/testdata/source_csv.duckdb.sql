WITH
  "__sl_0" AS (SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS VARCHAR) AS "v" FROM read_csv(['/data/a.csv'], header = true, delim = ';', columns = {'k': 'BIGINT', 'v': 'VARCHAR'}, auto_detect = false))
SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS VARCHAR) AS "v"
FROM "__sl_0"
