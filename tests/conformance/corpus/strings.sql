-- String functions whose edges differ between engines.
SELECT substr('hello', 0, 2), substr('hello', 1, 2), substr('hello', -3), substring('hello', 2);
SELECT instr('hello', 'l'), locate('l', 'hello'), locate('l', 'hello', 4), position('l' IN 'hello');
SELECT lpad('7', 3, '0'), rpad('7', 3, 'x'), lpad('hello', 2, '0');
SELECT split('a,b,,c', ','), split('a1b2c', '[0-9]');
SELECT regexp_replace('a1b22', '[0-9]+', '#'), regexp_extract('a1b22', '([a-z])([0-9]+)', 2);
SELECT trim('  x  '), ltrim('  x'), rtrim('x  '), trim(BOTH 'x' FROM 'xxaxx');
SELECT initcap('hello world'), reverse('abc'), repeat('ab', 3), space(2);
SELECT replace('aaa', 'a', 'b'), translate('abc', 'ab', 'xy'), overlay('hello' PLACING 'XX' FROM 2);
SELECT concat('a', 1, TRUE), 'a' || 'b', concat_ws(',', array('a', 'b'));
SELECT format_number(1234567.891, 2), format_string('%d-%s', 1, 'x'), printf('%05.1f', 1.5);
SELECT left('hello', 2), right('hello', 2), char_length('héllo'), octet_length('héllo');
SELECT ascii('A'), chr(65), base64('ab'), unbase64('YWI='), hex('A'), unhex('41');
SELECT md5('a'), sha1('a'), sha2('a', 256), crc32('a');
SELECT startswith('hello', 'he'), endswith('hello', 'lo'), contains('hello', 'ell');
SELECT upper(NULL), length(NULL), 'abc' < 'abd', 'B' < 'a';
