WITH
  `__sl_0` AS (SELECT CAST(`k` AS BIGINT) AS `k`, CAST(`v` AS STRING) AS `v`, monotonically_increasing_id() AS `__sl_rn` FROM `main`.`default`.`trips`)
SELECT CAST(`k` AS BIGINT) AS `k`, CAST(`v` AS STRING) AS `v`
FROM `__sl_0`
ORDER BY `__sl_rn`
