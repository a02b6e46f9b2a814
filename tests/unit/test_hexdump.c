// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/hexdump.c: dumps in the formats firmware logs print. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hexdump.h"

static const uint8_t expect[] = {
	0x00, 0x01, 0x2f, 0xab, 0x10, 0x20, 0x30, 0x40,
	0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0, 0xc0,
	0xde, 0xad,
};

static void check(const char *text)
{
	uint8_t buf[64];
	char err[128];
	long n = hexdump_parse(text, buf, sizeof(buf), err, sizeof(err));

	assert_int_equal(n, (long)sizeof(expect));
	assert_memory_equal(buf, expect, sizeof(expect));
}

static void test_plain(void **state)
{
	(void)state;
	check("00012fab1020304050607080 90a0b0c0dead");
}

static void test_formats(void **state)
{
	(void)state;
	/* Linux print_hex_dump(DUMP_PREFIX_OFFSET), with the ASCII column. */
	check("00000000: 00 01 2f ab 10 20 30 40 50 60 70 80 90 a0 b0 c0  "
	      "../. 0@P`p.....\n00000010: de ad                            "
	      "   ..\n");
	/* hexdump -C */
	check("00000000  00 01 2f ab 10 20 30 40  50 60 70 80 90 a0 b0 c0  "
	      "|../. 0@P`p.....|\n00000010  de ad                          "
	      "          |..|\n");
	/* xxd-style groups, CRLF line ends, 0x-prefixed bytes. */
	check("0000: 0001 2fab 1020 3040 5060 7080 90a0 b0c0\r\n0010: dead\r\n");
	check("0x00 0x01 0x2f 0xab 0x10 0x20 0x30 0x40 0x50 0x60 0x70 0x80 "
	      "0x90 0xa0 0xb0 0xc0 0xde 0xad");
}

static void test_errors(void **state)
{
	uint8_t buf[4];
	char err[128];

	(void)state;
	assert_int_equal(hexdump_parse("abc", buf, sizeof(buf), err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, "odd number"));
	assert_int_equal(hexdump_parse("", buf, sizeof(buf), err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, "no hex"));
	assert_int_equal(hexdump_parse("0102030405", buf, sizeof(buf), err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 4"));
}

static void test_print_and_string_round_trip(void **state)
{
	char *s = hexdump_string(expect, sizeof(expect));
	uint8_t buf[64];
	char err[128], *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "00012fab102030405060708090a0b0c0dead");
	free(s);
	hexdump_print(f, expect, sizeof(expect));
	fclose(f);
	assert_string_equal(text, "00000000: 00 01 2f ab 10 20 30 40 50 60 70 "
			    "80 90 a0 b0 c0\n00000010: de ad\n");
	assert_int_equal(hexdump_parse(text, buf, sizeof(buf), err,
				       sizeof(err)), (long)sizeof(expect));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_print_and_string_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
