// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/errtab.c: names, messages, bounds, ABI names, exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "errtab.h"
#include "ffa/ffa.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Written from DEN0077 "Error status codes", not from our table. */
static const struct {
	int32_t code;
	const char *name;
} codes[] = {
	{ -1, "NOT_SUPPORTED" },
	{ -2, "INVALID_PARAMETERS" },
	{ -3, "NO_MEMORY" },
	{ -4, "BUSY" },
	{ -5, "INTERRUPTED" },
	{ -6, "DENIED" },
	{ -7, "RETRY" },
	{ -8, "ABORTED" },
	{ -9, "NO_DATA" },
	{ -10, "NOT_READY" },
};

/* Every function number in DEN0077 v1.2 up to 0x8E, by hand. */
static const struct {
	uint32_t num;
	const char *name;
} abis[] = {
	{ 0x60, "FFA_ERROR" },
	{ 0x61, "FFA_SUCCESS" },
	{ 0x62, "FFA_INTERRUPT" },
	{ 0x63, "FFA_VERSION" },
	{ 0x64, "FFA_FEATURES" },
	{ 0x65, "FFA_RX_RELEASE" },
	{ 0x66, "FFA_RXTX_MAP" },
	{ 0x67, "FFA_RXTX_UNMAP" },
	{ 0x68, "FFA_PARTITION_INFO_GET" },
	{ 0x69, "FFA_ID_GET" },
	{ 0x6A, "FFA_MSG_POLL" },
	{ 0x6B, "FFA_MSG_WAIT" },
	{ 0x6C, "FFA_YIELD" },
	{ 0x6D, "FFA_RUN" },
	{ 0x6E, "FFA_MSG_SEND" },
	{ 0x6F, "FFA_MSG_SEND_DIRECT_REQ" },
	{ 0x70, "FFA_MSG_SEND_DIRECT_RESP" },
	{ 0x71, "FFA_MEM_DONATE" },
	{ 0x72, "FFA_MEM_LEND" },
	{ 0x73, "FFA_MEM_SHARE" },
	{ 0x74, "FFA_MEM_RETRIEVE_REQ" },
	{ 0x75, "FFA_MEM_RETRIEVE_RESP" },
	{ 0x76, "FFA_MEM_RELINQUISH" },
	{ 0x77, "FFA_MEM_RECLAIM" },
	{ 0x78, "FFA_MEM_OP_PAUSE" },
	{ 0x79, "FFA_MEM_OP_RESUME" },
	{ 0x7A, "FFA_MEM_FRAG_RX" },
	{ 0x7B, "FFA_MEM_FRAG_TX" },
	{ 0x7C, "FFA_NORMAL_WORLD_RESUME" },
	{ 0x7D, "FFA_NOTIFICATION_BITMAP_CREATE" },
	{ 0x7E, "FFA_NOTIFICATION_BITMAP_DESTROY" },
	{ 0x7F, "FFA_NOTIFICATION_BIND" },
	{ 0x80, "FFA_NOTIFICATION_UNBIND" },
	{ 0x81, "FFA_NOTIFICATION_SET" },
	{ 0x82, "FFA_NOTIFICATION_GET" },
	{ 0x83, "FFA_NOTIFICATION_INFO_GET" },
	{ 0x84, "FFA_RX_ACQUIRE" },
	{ 0x85, "FFA_SPM_ID_GET" },
	{ 0x86, "FFA_MSG_SEND2" },
	{ 0x87, "FFA_SECONDARY_EP_REGISTER" },
	{ 0x88, "FFA_MEM_PERM_GET" },
	{ 0x89, "FFA_MEM_PERM_SET" },
	{ 0x8A, "FFA_CONSOLE_LOG" },
	{ 0x8B, "FFA_PARTITION_INFO_GET_REGS" },
	{ 0x8C, "FFA_EL3_INTR_HANDLE" },
	{ 0x8D, "FFA_MSG_SEND_DIRECT_REQ2" },
	{ 0x8E, "FFA_MSG_SEND_DIRECT_RESP2" },
};

/* The ABIs the tool invokes: each must have its own error entry. */
static const uint32_t invoked[] = {
	0x63, 0x64, 0x69, 0x68, 0x65, 0x66, 0x67, 0x6F, 0x8D, 0x73, 0x72,
	0x71, 0x7B, 0x7A, 0x74, 0x76, 0x77, 0x85, 0x8B,
};

/* Codes outside -1..-10 that must never index a table. */
static const int32_t bad_codes[] = {
	0, 1, 2, 10, 100, INT32_MAX, -11, -12, -100, -65536, INT32_MIN,
	INT32_MIN + 1,
};

/* Function numbers outside the table (and non-FF-A IDs). */
static const uint32_t bad_fns[] = {
	0, 1, 0x5F, 0x8F, 0x90, 0xFF, 0x100, 0x177, 0x84000000, 0x8400005F,
	0x8400008F, 0x85000077, 0x04000077, 0xC5000077, UINT32_MAX,
};

static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		assert_non_null(errtab_name(codes[i].code));
		assert_string_equal(errtab_name(codes[i].code), codes[i].name);
	}
}

static void test_generic(void **state)
{
	(void)state;
	assert_string_equal(errtab_generic(-1), "Operation not supported");
	assert_string_equal(errtab_generic(-2), "Invalid parameters");
	assert_string_equal(errtab_generic(-3), "Not enough memory");
	assert_string_equal(errtab_generic(-6), "Denied");
	assert_string_equal(errtab_generic(-10), "Not ready");
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		const char *g = errtab_generic(codes[i].code);

		assert_non_null(g);
		assert_true(strlen(g) > 0);
		/* Each code has its own wording. */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(g,
						errtab_generic(codes[j].code));
	}
}

static void test_bad_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_codes); i++) {
		int32_t c = bad_codes[i];

		assert_null(errtab_name(c));
		assert_null(errtab_generic(c));
		assert_null(errtab_message(FFA_MEM_RECLAIM, c));
		assert_null(errtab_message(FFA_MEM_SHARE, c));
		assert_null(errtab_message(0, c));
		assert_null(errtab_message(UINT32_MAX, c));
		assert_false(errtab_has_abi_message(FFA_MEM_RECLAIM, c));
		assert_false(errtab_has_abi_message(FFA_PARTITION_INFO_GET,
						    c));
		assert_int_equal(errtab_exit_status(c), 9);
	}
}

static void test_bad_fns(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_fns); i++) {
		uint32_t fn = bad_fns[i];

		assert_null(errtab_abi_name(fn));
		for (size_t j = 0; j < ARRAY_SIZE(codes); j++) {
			int32_t c = codes[j].code;

			/* Unknown ABI: a known code still gets a message. */
			assert_false(errtab_has_abi_message(fn, c));
			assert_string_equal(errtab_message(fn, c),
					    errtab_generic(c));
		}
	}
}

static void test_reclaim_seed(void **state)
{
	(void)state;
	/* The U-Boot FFA_MEM_RECLAIM patch's messages, verbatim. */
	assert_string_equal(errtab_message(0x77, -8),
			    "ABI invocation failure");
	assert_string_equal(errtab_message(0x77, -2),
			    "Invalid handle or flags");
	assert_string_equal(errtab_message(0x77, -3),
			    "Failure to create the Owner's mapping");
	assert_string_equal(errtab_message(0x77, -6),
			    "Memory region state issue");

	/* Exactly those four: every other code is the generic one. */
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		int32_t c = codes[i].code;
		int own = c == -8 || c == -2 || c == -3 || c == -6;

		assert_int_equal(!!errtab_has_abi_message(0x77, c), own);
		if (!own)
			assert_string_equal(errtab_message(0x77, c),
					    errtab_generic(c));
	}
	assert_string_equal(errtab_message(0x77, -1),
			    "Operation not supported");
}

#define expect_msg(fn, code, text) \
	assert_string_equal(errtab_message((fn), (code)), (text))

static void test_uboot_messages(void **state)
{
	(void)state;
	expect_msg(0x68, -2, "Unrecognized UUID");
	expect_msg(0x68, -4, "RX buffer of the caller is not free");
	expect_msg(0x68, -6,
		   "Callee is not in a state to handle this request");
	expect_msg(0x67, -2,
		   "No buffer pair registered on behalf of the caller");
	expect_msg(0x65, -6,
		   "Caller did not have ownership of the RX buffer");
	expect_msg(0x6F, -2,
		   "Invalid endpoint ID or non-zero reserved register");
	expect_msg(0x6F, -6,
		   "Callee is not in a state to handle this request");
	expect_msg(0x73, -2, "Malformed descriptor or invalid endpoint");
	expect_msg(0x73, -3, "Not enough memory");
	expect_msg(0x73, -6,
		   "Memory region ownership, permission, access or attributes error");
	expect_msg(0x73, -8, "ABI invocation failure");
	expect_msg(0x66, -6, "Buffer pair already registered");
}

/* Every code for every ABI with an entry: well-formed, or the fallback. */
static void test_every_abi_every_code(void **state)
{
	unsigned int n = errtab_abi_count();

	(void)state;
	for (unsigned int i = 0; i < n; i++) {
		uint32_t fn = errtab_abi_at(i);
		int own = 0;

		for (size_t j = 0; j < ARRAY_SIZE(codes); j++) {
			int32_t c = codes[j].code;
			const char *m = errtab_message(fn, c);
			size_t nl = strlen(codes[j].name);

			assert_non_null(m);
			assert_true(strlen(m) > 0);
			/* No "NAME: " prefix: the tool adds it. */
			assert_false(!strncmp(m, codes[j].name, nl) &&
				     m[nl] == ':');
			if (errtab_has_abi_message(fn, c))
				own++;
			else
				assert_string_equal(m, errtab_generic(c));
		}
		assert_true(own > 0);
	}
}

static void test_fallback_generic(void **state)
{
	(void)state;
	/* ABIs with no entries at all. */
	assert_false(errtab_has_abi_message(FFA_MSG_POLL, -2));
	assert_string_equal(errtab_message(FFA_MSG_POLL, -2),
			    "Invalid parameters");
	assert_string_equal(errtab_message(FFA_NOTIFICATION_SET, -6),
			    "Denied");
	/* ABI with entries, but not for this code. */
	assert_false(errtab_has_abi_message(FFA_ID_GET, -2));
	assert_string_equal(errtab_message(FFA_ID_GET, -2),
			    "Invalid parameters");
	assert_false(errtab_has_abi_message(FFA_RXTX_UNMAP, -9));
	assert_string_equal(errtab_message(FFA_RXTX_UNMAP, -9), "No data");
}

static void test_smc32_smc64_alike(void **state)
{
	(void)state;
	assert_string_equal(errtab_message(0xC4000073, -2),
			    errtab_message(0x73, -2));
	assert_string_equal(errtab_message(0x84000073, -2),
			    errtab_message(0x73, -2));
	assert_string_equal(errtab_message(0x84000077, -6),
			    "Memory region state issue");
	assert_string_equal(errtab_abi_name(0xC400008D),
			    "FFA_MSG_SEND_DIRECT_REQ2");
	assert_true(errtab_has_abi_message(0xC4000066, -6));
}

static void test_abi_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(abis); i++) {
		assert_non_null(errtab_abi_name(abis[i].num));
		assert_string_equal(errtab_abi_name(abis[i].num),
				    abis[i].name);
	}
	/* No names beyond the ones listed. */
	for (uint32_t fn = 0; fn <= 0x200; fn++) {
		int listed = fn >= 0x60 && fn <= 0x8E;

		assert_int_equal(errtab_abi_name(fn) != NULL, listed);
	}
}

static void test_abi_parse(void **state)
{
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(abis); i++) {
		const char *full = abis[i].name;

		/* Round trip, with and without the prefix, any case. */
		assert_int_equal(errtab_abi_parse(full), (int)abis[i].num);
		assert_int_equal(errtab_abi_parse(full + 4),
				 (int)abis[i].num);
		strcpy(buf, full);
		for (char *p = buf; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		assert_int_equal(errtab_abi_parse(buf), (int)abis[i].num);
		assert_int_equal(errtab_abi_parse(buf + 4), (int)abis[i].num);
		assert_string_equal(errtab_abi_name(
			(uint32_t)errtab_abi_parse(full)), full);
	}
	assert_int_equal(errtab_abi_parse("Ffa_Mem_Reclaim"), 0x77);
	assert_int_equal(errtab_abi_parse("mem_reclaim"), 0x77);
	assert_int_equal(errtab_abi_parse(NULL), -1);
	assert_int_equal(errtab_abi_parse(""), -1);
	assert_int_equal(errtab_abi_parse("FFA_"), -1);
	assert_int_equal(errtab_abi_parse("ffa"), -1);
	assert_int_equal(errtab_abi_parse("mem_reclai"), -1);
	assert_int_equal(errtab_abi_parse("mem_reclaimx"), -1);
	assert_int_equal(errtab_abi_parse("FFA_FFA_MEM_RECLAIM"), -1);
	assert_int_equal(errtab_abi_parse(" mem_reclaim"), -1);
	assert_int_equal(errtab_abi_parse("mem-reclaim"), -1);
	assert_int_equal(errtab_abi_parse("0x77"), -1);
}

static void test_exit_status(void **state)
{
	(void)state;
	for (int32_t n = 1; n <= 10; n++)
		assert_int_equal(errtab_exit_status(-n), 10 + n);
	assert_int_equal(errtab_exit_status(FFA_RET_NOT_SUPPORTED), 11);
	assert_int_equal(errtab_exit_status(FFA_RET_INVALID_PARAMETERS), 12);
	assert_int_equal(errtab_exit_status(FFA_RET_NOT_READY), 20);
	assert_int_equal(errtab_exit_status(0), 9);
	assert_int_equal(errtab_exit_status(-11), 9);
	assert_int_equal(errtab_exit_status(INT32_MIN), 9);
	assert_int_equal(errtab_exit_status(INT32_MAX), 9);
}

static void test_abi_enumeration(void **state)
{
	unsigned int n = errtab_abi_count();

	(void)state;
	assert_true(n >= ARRAY_SIZE(invoked));
	for (unsigned int i = 0; i < n; i++) {
		uint32_t fn = errtab_abi_at(i);

		assert_non_null(errtab_abi_name(fn));
		if (i > 0)
			assert_true(fn > errtab_abi_at(i - 1));
	}
	assert_int_equal(errtab_abi_at(n), 0);
	assert_int_equal(errtab_abi_at(n + 1000), 0);
	assert_int_equal(errtab_abi_at(UINT32_MAX), 0);

	for (size_t k = 0; k < ARRAY_SIZE(invoked); k++) {
		int found = 0;

		for (unsigned int i = 0; i < n; i++)
			found |= errtab_abi_at(i) == invoked[k];
		assert_true(found);
	}
	/* Enumeration agrees with has_abi_message. */
	for (uint32_t fn = 0; fn < 0x100; fn++) {
		int any = 0, listed = 0;

		for (int32_t c = -1; c >= -10; c--)
			any |= errtab_has_abi_message(fn, c);
		for (unsigned int i = 0; i < n; i++)
			listed |= errtab_abi_at(i) == fn;
		assert_int_equal(any, listed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_generic),
		cmocka_unit_test(test_bad_codes),
		cmocka_unit_test(test_bad_fns),
		cmocka_unit_test(test_reclaim_seed),
		cmocka_unit_test(test_uboot_messages),
		cmocka_unit_test(test_every_abi_every_code),
		cmocka_unit_test(test_fallback_generic),
		cmocka_unit_test(test_smc32_smc64_alike),
		cmocka_unit_test(test_abi_names),
		cmocka_unit_test(test_abi_parse),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_abi_enumeration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
