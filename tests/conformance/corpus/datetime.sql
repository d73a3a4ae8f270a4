-- Dates and times (session time zone UTC).
SELECT date_add(DATE '2021-01-31', 1), date_sub(DATE '2021-03-01', 1), add_months(DATE '2021-01-31', 1);
SELECT datediff(DATE '2021-03-01', DATE '2021-02-01'), months_between(DATE '2021-03-01', DATE '2021-02-01');
SELECT year(DATE '2021-09-01'), month(DATE '2021-09-01'), day(DATE '2021-09-01'), dayofweek(DATE '2021-09-01');
SELECT weekday(DATE '2021-09-01'), dayofyear(DATE '2021-09-01'), weekofyear(DATE '2021-09-01'), quarter(DATE '2021-09-01');
SELECT hour(TIMESTAMP '2021-09-01 10:11:12'), minute(TIMESTAMP '2021-09-01 10:11:12'), second(TIMESTAMP '2021-09-01 10:11:12');
SELECT date_trunc('MONTH', TIMESTAMP '2021-09-15 10:11:12'), trunc(DATE '2021-09-15', 'YEAR');
SELECT last_day(DATE '2021-02-10'), next_day(DATE '2021-09-01', 'MON');
SELECT make_date(2021, 9, 1), make_timestamp(2021, 9, 1, 10, 11, 12.5);
SELECT make_date(2021, 2, 30);
SELECT DATE '2021-09-01' + INTERVAL 1 DAY, TIMESTAMP '2021-09-01 00:00:00' + INTERVAL 90 MINUTES;
SELECT DATE '2021-09-01' - DATE '2021-08-01';
SELECT TIMESTAMP '2021-09-01 10:00:00' - TIMESTAMP '2021-09-01 08:30:00';
SELECT to_unix_timestamp(TIMESTAMP '1970-01-01 00:01:00'), timestamp_seconds(60), timestamp_millis(1000);
SELECT from_utc_timestamp(TIMESTAMP '2021-09-01 10:00:00', 'Europe/Paris'), to_utc_timestamp(TIMESTAMP '2021-09-01 10:00:00', 'Europe/Paris');
SELECT date_format(TIMESTAMP '2021-09-01 10:11:12', 'yyyy-MM-dd HH:mm:ss'), date_format(DATE '2021-09-01', 'MMM d, yyyy');
SELECT extract(YEAR FROM DATE '2021-09-01'), date_part('month', DATE '2021-09-01');
SELECT dateadd(DAY, 3, DATE '2021-09-01'), datediff(DAY, DATE '2021-09-01', DATE '2021-09-04');
