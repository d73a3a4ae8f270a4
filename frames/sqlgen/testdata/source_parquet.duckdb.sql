WITH
  "__sl_0" AS (SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS VARCHAR) AS "v" FROM read_parquet(['/data/a.parquet', '/data/it''s.parquet']))
SELECT CAST("k" AS BIGINT) AS "k", CAST("v" AS VARCHAR) AS "v"
FROM "__sl_0"
