WITH
  `__sl_0` AS (SELECT `id`, `g`, `x`, `n`, `d`, `ts`, `tn`, `dec`, `b`, `l`, monotonically_increasing_id() AS `__sl_rn` FROM `rec_base_1`),
  `__sl_1` AS (SELECT `id`, `g`, CAST(coalesce(`x`, min(`x`) OVER ()) AS DOUBLE) AS `x`, CAST(coalesce(`n`, min(`n`) OVER ()) AS BIGINT) AS `n`, `d`, `ts`, `tn`, `dec`, `b`, `l`, `__sl_rn` FROM `__sl_0`)
SELECT CAST(`id` AS BIGINT) AS `id`, CAST(`g` AS STRING) AS `g`, CAST(`x` AS DOUBLE) AS `x`, CAST(`n` AS BIGINT) AS `n`, CAST(`d` AS DATE) AS `d`, CAST(`ts` AS TIMESTAMP) AS `ts`, CAST(`tn` AS TIMESTAMP_NTZ) AS `tn`, CAST(`dec` AS DECIMAL(10,2)) AS `dec`, CAST(`b` AS BINARY) AS `b`, CAST(`l` AS ARRAY<BIGINT>) AS `l`
FROM `__sl_1`
ORDER BY `__sl_rn`
