-- Errors: class and SQLSTATE.
SELECT * FROM no_such_table;
SELECT no_such_column FROM range(1);
SELECT no_such_function(1);
SELECT 1 +;
SELEC 1;
SELECT abs('a', 'b');
SELECT sum(id) FROM range(3) GROUP BY nope;
SELECT id, count(*) FROM range(3);
SELECT CAST('x' AS DATE);
SELECT array(1, 2)[10];
SELECT assert_true(1 > 2);
SELECT raise_error('boom');
SELECT * FROM range(1) AS a JOIN range(1) AS b ON id = id;
SELECT 1 AS a, 2 AS a ORDER BY a;
SELECT a FROM VALUES (1) AS t(a) WHERE a = 'x';
SELECT regexp_replace('a', '(', 'b');
SELECT date_add(DATE '2021-01-01', 'x');
SELECT :param;
