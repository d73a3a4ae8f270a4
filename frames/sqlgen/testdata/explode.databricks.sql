WITH
  `__sl_0` AS (SELECT `k`, `l`, monotonically_increasing_id() AS `__sl_rn` FROM `rec_e_1`),
  `__sl_1` AS (SELECT `k`, `l`, row_number() OVER (ORDER BY `k` ASC NULLS LAST, `__sl_rn` ASC) AS `__sl_rn` FROM `__sl_0`),
  `__sl_2` AS (SELECT `k`, `__sl_rn`, posexplode_outer(`l`) AS (__sl_pos, `l`) FROM `__sl_1`),
  `__sl_3` AS (SELECT `k`, `l`, row_number() OVER (ORDER BY `__sl_rn`, __sl_pos) AS `__sl_rn` FROM `__sl_2`)
SELECT CAST(`k` AS BIGINT) AS `k`, CAST(`l` AS BIGINT) AS `l`
FROM `__sl_3`
ORDER BY `__sl_rn`
