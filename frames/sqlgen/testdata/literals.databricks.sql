WITH
  `__sl_0` AS (SELECT `id`, `g`, `x`, `n`, `d`, `ts`, `tn`, `dec`, `b`, `l`, monotonically_increasing_id() AS `__sl_rn` FROM `rec_base_1`),
  `__sl_1` AS (SELECT CAST(CAST(-7 AS BIGINT) AS BIGINT) AS `i`, CAST(CAST(1.5 AS DOUBLE) AS DOUBLE) AS `f`, CAST(CAST('NaN' AS DOUBLE) AS DOUBLE) AS `nan`, CAST('it\'s a \\ back' AS STRING) AS `s`, CAST(X'dead' AS BINARY) AS `bin`, CAST(DATE '2024-03-04' AS DATE) AS `day`, CAST(TIMESTAMP '2024-03-04 05:06:07.89+00:00' AS TIMESTAMP) AS `t`, CAST(TIMESTAMP_NTZ '2024-03-04 05:06:07.89' AS TIMESTAMP_NTZ) AS `tn`, CAST(CAST('123.45' AS DECIMAL(10,2)) AS DECIMAL(10,2)) AS `dc`, CAST(CAST(NULL AS BIGINT) AS BIGINT) AS `nul`, CAST(TRUE AS BOOLEAN) AS `t1`, `__sl_rn` FROM `__sl_0`)
SELECT CAST(`i` AS BIGINT) AS `i`, CAST(`f` AS DOUBLE) AS `f`, CAST(`nan` AS DOUBLE) AS `nan`, CAST(`s` AS STRING) AS `s`, CAST(`bin` AS BINARY) AS `bin`, CAST(`day` AS DATE) AS `day`, CAST(`t` AS TIMESTAMP) AS `t`, CAST(`tn` AS TIMESTAMP_NTZ) AS `tn`, CAST(`dc` AS DECIMAL(10,2)) AS `dc`, CAST(`nul` AS BIGINT) AS `nul`, CAST(`t1` AS BOOLEAN) AS `t1`
FROM `__sl_1`
ORDER BY `__sl_rn`
