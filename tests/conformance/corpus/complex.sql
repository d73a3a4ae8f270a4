-- Complex types: arrays, maps, structs in expressions.
SELECT array(1, 2, 3)[5];
SELECT element_at(array(1, 2, 3), 5);
SELECT try_element_at(array(1, 2, 3), 5);
SELECT map('a', 1)['z'];
SELECT element_at(map('a', 1), 'z');
SELECT size(array(1, 2)), size(map('a', 1)), cardinality(array());
SELECT explode(array(1, 2));
SELECT posexplode(array('a', 'b'));
SELECT explode(map('a', 1, 'b', 2));
SELECT array_contains(array(1, 2), 2), array_distinct(array(1, 1, 2)), array_union(array(1), array(2));
SELECT flatten(array(array(1), array(2, 3))), sequence(1, 5, 2), reverse(array(1, 2));
SELECT transform(array(1, 2), x -> x * 10), filter(array(1, 2, 3), x -> x > 1);
SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x);
SELECT map_keys(map('a', 1, 'b', 2)), map_values(map('a', 1, 'b', 2));
SELECT struct(1 AS a, 2 AS b).b, named_struct('x', array(1)).x[0];
SELECT to_json(named_struct('a', 1, 'b', 'x')), from_json('{"a":1}', 'a INT');
SELECT array(named_struct('a', 1), named_struct('a', 2));
SELECT map(1, array('x'));
