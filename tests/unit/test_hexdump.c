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

/* Parses @text expecting failure; the error must contain @want. */
static void refused(const char *text, const char *want)
{
	uint8_t buf[256];
	char err[200];

	assert_int_equal(hexdump_parse(text, buf, sizeof(buf), err,
				       sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
}

/* 112 bytes: 0..15, then six lines of 0xaa, as the dumps below show. */
static uint8_t long_expect[112];

static void check_long(const char *text)
{
	uint8_t buf[256];
	char err[200] = "";
	long n = hexdump_parse(text, buf, sizeof(buf), err, sizeof(err));

	if (n != (long)sizeof(long_expect))
		fail_msg("%ld bytes (%s)", n, err);
	assert_memory_equal(buf, long_expect, sizeof(long_expect));
}

static void test_dmesg_print_hex_dump(void **state)
{
	(void)state;
	/* Timestamps, a prefix_str, a header line and a trailing line. */
	check("[   12.345678] ffactl: TX buffer (18 bytes):\n"
	      "[   12.345679] TX buffer: 00000000: 00 01 2f ab 10 20 30 40 "
	      "50 60 70 80 90 a0 b0 c0  ../. 0@P`p.....\n"
	      "[   12.345680] TX buffer: 00000010: de ad                  "
	      "                           ..\n"
	      "[   12.345690] ffactl: FFA_MEM_SHARE: handle 0x1\n");
	/* DUMP_PREFIX_ADDRESS, a log level, no prefix_str. */
	check("<6>[ 1.000000] ffff000001234560: 00 01 2f ab 10 20 30 40 50 60 "
	      "70 80 90 a0 b0 c0  ../. 0@P`p.....\n"
	      "<6>[ 1.000001] ffff000001234570: de ad  ..\n");
	/* groupsize 4 in a kernel log: CPU-endian words, order unknown. */
	refused("[ 1.0] 00000000: ab2f0100 40302010  ......\n", "line 1");
	refused("[ 1.0] 00000000: ab2f0100 40302010  ......\n",
		"CPU-endian");
}

static void test_hexdump_C_repeats(void **state)
{
	(void)state;
	/* hexdump -C: '*' repeats the line before up to the next offset;
	 * the final offset is the length, not data. */
	check_long("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f"
		   "  |................|\n"
		   "00000010  aa aa aa aa aa aa aa aa  aa aa aa aa aa aa aa aa"
		   "  |................|\n"
		   "*\n"
		   "00000070\n");
	refused("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f"
		"  |................|\n*\n00000018\n", "line 3");
}

static void test_od(void **state)
{
	(void)state;
	check_long("000000 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n"
		   "000010 aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa\n"
		   "*\n"
		   "000070\n");
	/* od's default octal offsets are not hex ones: named, refused. */
	refused("0000000 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n"
		"0000020 aa aa\n0000022\n", "line 2");
	refused("0000000 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n"
		"0000020 aa aa\n0000022\n", "-A x");
	/* od -x and plain hexdump print host-order 16-bit words. */
	refused("0000000 0100 0302 0504\n0000006\n", "16-bit");
}

static void test_xxd(void **state)
{
	(void)state;
	check("00000000: 0001 2fab 1020 3040 5060 7080 90a0 b0c0  ../. "
	      "0@P`p.....\n00000010: dead                                    "
	      " ..\n");
	/* An ASCII column that reads as hex is still the ASCII column. */
	{
		uint8_t buf[64];
		char err[128];

		assert_int_equal(hexdump_parse("00000000: 6162 6364  abcd\n",
					       buf, sizeof(buf), err,
					       sizeof(err)), 4);
	}
	/* A line whose offset does not follow on is not part of the dump. */
	refused("00000000: 0001 2fab\n00000010: dead\n", "line 2");
}

static void test_colons_and_ambiguity(void **state)
{
	uint8_t buf[16];
	char err[128];

	(void)state;
	/* Colon-separated bytes are bytes, not an offset and a byte. */
	assert_int_equal(hexdump_parse("00:01", buf, sizeof(buf), err,
				       sizeof(err)), 2);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[1], 1);
	assert_int_equal(hexdump_parse("de:ad:be:ef", buf, sizeof(buf), err,
				       sizeof(err)), 4);
	refused("01 02\nzz 03\n", "line 2");
	refused("0:1", "line 1");
	/* A two-digit offset or a byte with a colon? Refused. */
	refused("00: 01 02", "line 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_dmesg_print_hex_dump),
		cmocka_unit_test(test_hexdump_C_repeats),
		cmocka_unit_test(test_od),
		cmocka_unit_test(test_xxd),
		cmocka_unit_test(test_colons_and_ambiguity),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_print_and_string_round_trip),
	};

	for (size_t i = 0; i < sizeof(long_expect); i++)
		long_expect[i] = i < 16 ? (uint8_t)i : 0xaa;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
