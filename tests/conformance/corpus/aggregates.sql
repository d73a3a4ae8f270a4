-- Aggregates and windows.
SELECT sum(a), avg(a), count(a), count(DISTINCT a) FROM VALUES (1), (2), (2), (NULL) AS t(a);
SELECT avg(a) FROM VALUES (1), (2) AS t(a);
SELECT sum(CAST(a AS DECIMAL(10, 2))), avg(CAST(a AS DECIMAL(10, 2))) FROM VALUES (1), (2) AS t(a);
SELECT sum(a) FROM VALUES (9223372036854775807), (1) AS t(a);
SELECT stddev(a), variance(a), stddev_pop(a), var_pop(a) FROM VALUES (1), (2), (3) AS t(a);
SELECT collect_list(a), collect_set(a) FROM VALUES (1), (2), (2) AS t(a);
SELECT first(a), last(a), any_value(a) FROM VALUES (1), (2) AS t(a);
SELECT min_by(a, b), max_by(a, b) FROM VALUES ('x', 1), ('y', 2) AS t(a, b);
SELECT bool_and(a), bool_or(a), every(a), some(a) FROM VALUES (TRUE), (FALSE) AS t(a);
SELECT percentile(a, 0.5), median(a), approx_count_distinct(a) FROM VALUES (1), (2), (3), (4) AS t(a);
SELECT a, row_number() OVER (ORDER BY a), rank() OVER (ORDER BY a), dense_rank() OVER (ORDER BY a) FROM VALUES (1), (1), (2) AS t(a);
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM VALUES (1), (2), (3) AS t(a);
SELECT a, lag(a) OVER (ORDER BY a), lead(a, 1, 0) OVER (ORDER BY a) FROM VALUES (1), (2) AS t(a);
SELECT a, ntile(2) OVER (ORDER BY a), percent_rank() OVER (ORDER BY a), cume_dist() OVER (ORDER BY a) FROM VALUES (1), (2), (3) AS t(a);
SELECT k, count(*) FROM VALUES ('a'), ('b'), ('a') AS t(k) GROUP BY k HAVING count(*) > 1;
SELECT k, sum(v) FROM VALUES ('a', 1), ('b', 2) AS t(k, v) GROUP BY ROLLUP(k) ORDER BY k;
SELECT count(*) FROM VALUES (1) AS t(a) WHERE FALSE;
SELECT sum(a) FROM VALUES (1) AS t(a) WHERE FALSE;
