-- Result column names as Spark prints them.
SELECT count(*) FROM range(3);
SELECT count(1), count(id), sum(id), avg(id), min(id), max(id) FROM range(3);
SELECT 1 + 1, 1 + 1 AS two;
SELECT TRUE, 'text', 1.5, NULL;
SELECT current_catalog(), current_database(), current_schema();
SELECT upper('a'), lower('B'), length('abc');
SELECT CAST(1 AS STRING), CAST('1' AS INT);
SELECT id FROM range(2);
SELECT id * 2 FROM range(2);
SELECT a FROM VALUES (1), (2) AS t(a);
SELECT * FROM VALUES (1, 'x'), (2, 'y');
SELECT coalesce(NULL, 1), nvl(NULL, 2), ifnull(NULL, 3);
SELECT x.a FROM (SELECT 1 AS a) x;
SELECT array(1, 2)[0], map('k', 1)['k'], named_struct('f', 1).f;
SELECT CASE WHEN 1 > 0 THEN 'y' ELSE 'n' END;
SELECT 1 IN (1, 2), 1 BETWEEN 0 AND 2, 'a' LIKE 'a%';
SELECT - 1, + 1, ~ 1, NOT TRUE;
