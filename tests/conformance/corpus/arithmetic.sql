-- Arithmetic with Spark's rules: ANSI errors, decimal precision and scale,
-- integral division, implicit casts.
SELECT 1/0;
SELECT 1 DIV 0;
SELECT 1 % 0;
SELECT 7 / 2, 7 DIV 2, -7 DIV 2, 7 % -3, -7 % 3;
SELECT 2147483647 + 1;
SELECT 9223372036854775807 + 1;
SELECT CAST(2147483647 AS INT) + CAST(1 AS INT);
SELECT 1.1 + 2.25, 1.1 * 2.25, 1.1 / 3;
SELECT CAST(1 AS DECIMAL(38, 10)) * CAST(1 AS DECIMAL(38, 10));
SELECT CAST(10 AS DECIMAL(5, 2)) / CAST(3 AS DECIMAL(5, 2));
SELECT 1 + '2', '3' * 2, 1.5 + '1';
SELECT '1' + '2';
SELECT 1 + 'x';
SELECT 5 - 2.5, 3 * 1.0E0, 10 / 4.0;
SELECT 2 * 3 + 4, 2 + 3 * 4, -2 * -3;
SELECT pmod(-7, 3), pmod(7, -3);
SELECT abs(-2147483648);
SELECT CAST(-128 AS TINYINT) - CAST(1 AS TINYINT);
SELECT 0.1 + 0.2, 1.0 / 3.0;
SELECT power(2, 10), sqrt(16), exp(0), ln(1);
SELECT ceil(1.2), floor(-1.2), round(2.5), round(-2.5), bround(2.5);
SELECT round(1.2345, 2), round(1234.5, -2), ceil(1.234, 2);
