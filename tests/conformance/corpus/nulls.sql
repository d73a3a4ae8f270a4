-- NULL ordering and three-valued logic.
SELECT a FROM VALUES (2), (NULL), (1) AS t(a) ORDER BY a;
SELECT a FROM VALUES (2), (NULL), (1) AS t(a) ORDER BY a DESC;
SELECT a FROM VALUES (2), (NULL), (1) AS t(a) ORDER BY a NULLS LAST;
SELECT a FROM VALUES (2), (NULL), (1) AS t(a) ORDER BY a DESC NULLS FIRST;
SELECT NULL UNION (SELECT 1) ORDER BY 1;
SELECT NULL = NULL, NULL <=> NULL, 1 <=> NULL, NULL AND FALSE, NULL OR TRUE;
SELECT max(a), min(a), count(a), sum(a) FROM VALUES (NULL), (NULL) AS t(a);
SELECT sum(a) FROM VALUES (1), (NULL) AS t(a) WHERE a IS NULL;
SELECT a, count(*) FROM VALUES (1), (NULL), (NULL) AS t(a) GROUP BY a ORDER BY a;
SELECT DISTINCT a FROM VALUES (NULL), (NULL), (1) AS t(a) ORDER BY a;
SELECT a IS NULL, a IS NOT NULL, isnull(a) FROM VALUES (NULL), (1) AS t(a) ORDER BY a;
SELECT concat('a', NULL), concat_ws('-', 'a', NULL, 'b');
SELECT array_sort(array(3, NULL, 1));
SELECT sort_array(array(3, NULL, 1)), sort_array(array(3, NULL, 1), false);
