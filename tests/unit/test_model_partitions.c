// SPDX-License-Identifier: BSD-3-Clause
/*
 * model/model_partitions.c: RX/TX map/unmap, FFA_PARTITION_INFO_GET,
 * FFA_RX_RELEASE and direct messages (the test partition's echo).
 */
#include "test_model_host.h"

#define RXTX_MAP32 0x84000066u
#define RXTX_MAP64 0xC4000066u
#define RXTX_UNMAP 0x84000067u
#define PART_INFO 0x84000068u
#define RX_RELEASE 0x84000065u
#define DREQ32 0x8400006Fu
#define DREQ64 0xC400006Fu
#define DRESP32 0x84000070u
#define DRESP64 0xC4000070u
#define DREQ2 0xC400008Du
#define DRESP2 0xC400008Eu

/* The test SP's UUID ffac7100-7e57-4d1e-a5a1-000000008001 as a1..a4. */
#define U0 0x0071ACFFu
#define U1 0x1E4D577Eu
#define U2 0x0000A1A5u
#define U3 0x01800000u

static int32_t call_status(struct th *t, uint64_t a0, uint64_t a1,
			   uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct ffa_regs r = th_call(t, a0, a1, a2, a3, a4, a5, 0, 0);

	return th_status(&r);
}

static void test_rxtx_map(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);

	(void)state;
	/* Zero pages, unaligned, not RAM, overlapping TX/RX: -2. */
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_RX, 0, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX + 8, TH_RX, 1, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_RX + 0x800, 1, 0,
				     0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, RXTX_MAP32, 0x1000, TH_RX, 1, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_TX, 1, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_RX, 2, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	/* TX fits; RX, on the last page of host memory, runs past it. */
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX,
				     TH_BASE + (TH_PAGES - 1) * 4096ull, 2, 0,
				     0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(t->s.rxtx_pages, 0);

	/* Only bits [5:0] of a3 count pages. */
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_RX + 4096,
				     0x41, 0, 0), 0);
	assert_int_equal(t->s.rxtx_pages, 1);
	assert_int_equal(t->s.tx_pa, TH_TX);
	assert_int_equal(t->s.rx_pa, TH_RX + 4096);
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_RX, 1, 0, 0),
			 FFA_RET_DENIED);
	assert_int_equal(call_status(t, RXTX_UNMAP, 0, 0, 0, 0, 0), 0);
	assert_int_equal(t->s.rxtx_pages, 0);
	assert_int_equal(call_status(t, RXTX_UNMAP, 0, 0, 0, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, RXTX_MAP64, TH_TX, TH_RX, 1, 0, 0), 0);
	assert_int_equal(t->s.rx_pa, TH_RX);
	th_free(t);
}

static void test_rxtx_map_no_host_map(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);

	(void)state;
	t->h.map = NULL;
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX, TH_RX, 1, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

static void test_rxtx_map64_upper_bits(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);

	(void)state;
	/* SMC64 keeps all 64 bits: not host RAM. */
	assert_int_equal(call_status(t, RXTX_MAP64, TH_TX | 1ull << 40, TH_RX,
				     1, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	/* SMC32 drops the upper half: this is TH_TX. */
	assert_int_equal(call_status(t, RXTX_MAP32, TH_TX | 1ull << 40, TH_RX,
				     1, 0, 0), 0);
	assert_int_equal(t->s.tx_pa, TH_TX);
	th_free(t);
}

static const uint8_t sp_desc_v11[24] = {
	0x01, 0x80,             /* ID 0x8001 */
	0x01, 0x00,             /* one execution context */
	0x03, 0x03, 0x00, 0x00, /* props: direct req recv/send, AArch64, REQ2 */
	0xff, 0xac, 0x71, 0x00, 0x7e, 0x57, 0x4d, 0x1e, /* UUID bytes */
	0xa5, 0xa1, 0x00, 0x00, 0x00, 0x00, 0x80, 0x01,
};

/* The test layout's other two (model.h FFA_MODEL_TEST_SP2_ID, ...). */
static const uint8_t sp2_desc_v11[24] = {
	0x02, 0x80, 0x01, 0x00, 0x03, 0x03, 0x00, 0x00,
	0xff, 0xac, 0x71, 0x00, 0x7e, 0x57, 0x4d, 0x1e,
	0xa5, 0xa1, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02,
};

static const uint8_t sp3_desc_v11[24] = {
	0x03, 0x80, 0x01, 0x00,
	0x04, 0x01, 0x00, 0x00, /* props: indirect messaging, AArch64 */
	0xff, 0xac, 0x71, 0x00, 0x7e, 0x57, 0x4d, 0x1e,
	0xa5, 0xa1, 0x00, 0x00, 0x00, 0x00, 0x80, 0x03,
};

static void test_partition_info_all(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	uint8_t *rx = t->mem + (TH_RX - TH_BASE);
	struct ffa_regs r;

	(void)state;
	/* No RX buffer: BUSY. */
	assert_int_equal(call_status(t, PART_INFO, 0, 0, 0, 0, 0),
			 FFA_RET_BUSY);
	th_rxtx(t);
	memset(rx, 0xEE, 96);
	r = th_call(t, PART_INFO, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 3);
	assert_int_equal(r.a[3], 24);
	assert_memory_equal(rx, sp_desc_v11, sizeof(sp_desc_v11));
	assert_memory_equal(rx + 24, sp2_desc_v11, sizeof(sp2_desc_v11));
	assert_memory_equal(rx + 48, sp3_desc_v11, sizeof(sp3_desc_v11));
	assert_int_equal(rx[72], 0xEE); /* nothing beyond three */
	assert_int_equal(t->s.rx_owner, 1);

	/* RX is the caller's until released. */
	assert_int_equal(call_status(t, PART_INFO, 0, 0, 0, 0, 0),
			 FFA_RET_BUSY);
	assert_int_equal(call_status(t, RX_RELEASE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(t->s.rx_owner, 0);
	assert_int_equal(call_status(t, RX_RELEASE, 0, 0, 0, 0, 0),
			 FFA_RET_DENIED);
	th_free(t);
}

static void test_partition_info_uuid(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	uint8_t *rx = t->mem + (TH_RX - TH_BASE);
	struct ffa_regs r;

	(void)state;
	th_rxtx(t);
	memset(rx, 0xEE, 64);
	r = th_call(t, PART_INFO, U0, U1, U2, U3, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 1);
	assert_int_equal(r.a[3], 24);
	/*
	 * DEN0077 v1.1 table 13.37 (v1.2 table 6.1): the UUID field is
	 * the partition's only for a Nil-UUID query; for a non-Nil one it
	 * is reserved, MBZ. ID, execution contexts and properties as ever.
	 */
	assert_memory_equal(rx, sp_desc_v11, 8);
	for (int i = 8; i < 24; i++)
		assert_int_equal(rx[i], 0);
	assert_int_equal(rx[24], 0xEE);
	assert_int_equal(call_status(t, RX_RELEASE, 0, 0, 0, 0, 0), 0);

	/* One word off: unknown. RX stays free. */
	assert_int_equal(call_status(t, PART_INFO, U0, U1, U2, U3 + 1, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, PART_INFO, U3, U2, U1, U0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(t->s.rx_owner, 0);
	/* Unknown flags. */
	assert_int_equal(call_status(t, PART_INFO, 0, 0, 0, 0, 2),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

static void test_partition_info_count_only(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	/* Count only needs no RX buffer and does not take it. */
	r = th_call(t, PART_INFO, 0, 0, 0, 0, 1, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 3);
	/* No descriptors, no size: w3 MBZ (the FF-A ACS checks it). */
	assert_int_equal(r.a[3], 0);
	assert_int_equal(t->s.rx_owner, 0);

	/* Each partition has its own UUID: one answer per UUID. */
	r = th_call(t, PART_INFO, U0, U1, U2, U3, 1, 0, 0);
	assert_int_equal(r.a[2], 1);
	r = th_call(t, PART_INFO, U0, U1, U2, 0x02800000u, 1, 0, 0);
	assert_int_equal(r.a[2], 1);
	r = th_call(t, PART_INFO, U0, U1, U2, 0x03800000u, 1, 0, 0);
	assert_int_equal(r.a[2], 1);
	/* A partition sharing another's UUID is listed with it. */
	t->s.partitions[3] = t->s.partitions[0];
	t->s.partitions[3].id = 0x8004;
	t->s.partition_count = 4;
	r = th_call(t, PART_INFO, U0, U1, U2, U3, 1, 0, 0);
	assert_int_equal(r.a[2], 2);
	th_free(t);
}

static void test_partition_info_v1_0(void **state)
{
	static const uint8_t want[24] = {
		0x01, 0x80, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00,
		0x02, 0x80, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00,
		0x03, 0x80, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
	};
	struct th *t = th_new(FFA_PROFILE_SPEC);
	uint8_t *rx = t->mem + (TH_RX - TH_BASE);
	struct ffa_regs r;

	(void)state;
	r = th_call(t, 0x84000063u, 0x10000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	th_rxtx(t);
	memset(rx, 0xEE, 32);
	r = th_call(t, PART_INFO, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 3);
	assert_int_equal(r.a[3], 0);
	assert_memory_equal(rx, want, sizeof(want));
	assert_int_equal(rx[24], 0xEE);
	th_free(t);
}

/*
 * DEN0077 v1.1 §15.2: the relayer refuses a direct request to an endpoint
 * that does not take them with DENIED (FF-A ACS ffa_direct_message_error,
 * _error1), whatever the width; the second test partition answers.
 */
static void test_direct_no_receipt(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	r = th_call(t, DREQ32, 0x00008003u, 0, FFA_SP_CMD_ECHO, 1, 2, 3, 4);
	assert_int_equal(th_status(&r), FFA_RET_DENIED);
	r = th_call(t, 0xC400006Fu, 0x00008003u, 0, FFA_SP_CMD_ECHO, 1, 2, 3,
		    4);
	assert_int_equal(th_status(&r), FFA_RET_DENIED);
	/* Unknown IDs stay INVALID_PARAMETERS. */
	r = th_call(t, DREQ32, 0x00008009u, 0, FFA_SP_CMD_ECHO, 1, 2, 3, 4);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, DREQ32, 0x00008002u, 0, FFA_SP_CMD_ECHO, 0x11, 0, 0, 0);
	assert_int_equal(r.a[0], DRESP32);
	assert_int_equal(r.a[1], 0x80020000u);
	assert_int_equal(r.a[4], 0x11);
	th_free(t);
}

static void test_direct_echo(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;
	int i;

	(void)state;
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_ECHO, 0x11, 0x22,
		    0x33, 0x44);
	assert_int_equal(r.a[0], DRESP32);
	assert_int_equal(r.a[1], 0x80010000u);
	assert_int_equal(r.a[2], 0);
	assert_int_equal(r.a[3], 0);
	assert_int_equal(r.a[4], 0x11);
	assert_int_equal(r.a[5], 0x22);
	assert_int_equal(r.a[6], 0x33);
	assert_int_equal(r.a[7], 0x44);
	for (i = 8; i < FFA_NREGS; i++)
		assert_int_equal(r.a[i], 0);

	/* SMC64 keeps 64-bit payloads; SMC32 only the low halves. */
	r = th_call(t, DREQ64, 0x00008001u, 0, FFA_SP_CMD_ECHO,
		    0x1122334455667788ull, 0, 0, 0);
	assert_int_equal(r.a[0], DRESP64);
	assert_int_equal(r.a[4], 0x1122334455667788ull);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_ECHO,
		    0x1122334455667788ull, 0, 0, 0);
	assert_int_equal(r.a[0], DRESP32);
	assert_int_equal(r.a[4], 0x55667788u);

	/* Unknown command: status NOT_SUPPORTED in a3. */
	r = th_call(t, DREQ32, 0x00008001u, 0, 99, 0, 0, 0, 0);
	assert_int_equal(r.a[0], DRESP32);
	assert_int_equal(r.a[3], 0xFFFFFFFFu);
	th_free(t);
}

/* FFA_SP_CMD_FAULT arms the model's fault injection (model/model.h). */
static void test_direct_fault(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	th_rxtx(t);
	/* FFA_MEM_RECLAIM (0x77) answers DENIED (-6) twice, then normally. */
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x77,
		    0xFFFFFFFAu, 2, 0);
	assert_int_equal(r.a[0], DRESP32);
	assert_int_equal(r.a[3], 0);
	assert_int_equal(r.a[4], 2);
	r = th_reclaim(t, 0x1000000000005ull, 0);
	assert_int_equal(r.a[0], TH_ERROR);
	assert_int_equal((uint32_t)r.a[2], 0xFFFFFFFAu);
	r = th_reclaim(t, 0x1000000000005ull, 0);
	assert_int_equal((uint32_t)r.a[2], 0xFFFFFFFAu);
	/* Spent: an unknown handle is INVALID_PARAMETERS again. */
	r = th_reclaim(t, 0x1000000000005ull, 0);
	assert_int_equal(r.a[0], TH_ERROR);
	assert_int_equal((uint32_t)r.a[2], 0xFFFFFFFEu);

	/* An a0 override: FFA_VERSION answers 0x84000099, nothing else. */
	r = th_call(t, DREQ64, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x63, 0, 1,
		    0x84000099u);
	assert_int_equal(r.a[3], 0);
	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x84000099u);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(r.a[2], 0);
	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);

	/* Arm, then disarm with function number 0. */
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x69,
		    0xFFFFFFFCu, 5, 0);
	assert_int_equal(r.a[3], 0);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0, 0, 0, 0);
	assert_int_equal(r.a[3], 0);
	r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);

	/* Refused: not an FF-A number, no count, both or neither way to
	 * fail, a positive error; each leaves nothing armed. */
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x5F,
		    0xFFFFFFFAu, 1, 0);
	assert_int_equal(r.a[3], 0xFFFFFFFEu);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x100,
		    0xFFFFFFFAu, 1, 0);
	assert_int_equal(r.a[3], 0xFFFFFFFEu);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x69,
		    0xFFFFFFFAu, 0, 0);
	assert_int_equal(r.a[3], 0xFFFFFFFEu);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x69,
		    0xFFFFFFFAu, 1, 0x84000061u);
	assert_int_equal(r.a[3], 0xFFFFFFFEu);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x69, 0, 1,
		    0);
	assert_int_equal(r.a[3], 0xFFFFFFFEu);
	r = th_call(t, DREQ32, 0x00008001u, 0, FFA_SP_CMD_FAULT, 0x69, 6, 1,
		    0);
	assert_int_equal(r.a[3], 0xFFFFFFFEu);
	r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	th_free(t);
}

static void test_direct_bad(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);

	(void)state;
	/* Unknown receiver; the SPMC itself is not a partition. */
	assert_int_equal(call_status(t, DREQ32, 0x00008005u, 0, 0, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(call_status(t, DREQ32, 0x00008000u, 0, 0, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	/* Sender is not the caller. */
	assert_int_equal(call_status(t, DREQ32, 0x00038001u, 0, 0, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	/* Framework messages are not implemented. */
	assert_int_equal(call_status(t, DREQ32, 0x00008001u, 0x80000000u, 0,
				     0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

static void test_direct_req2(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r = { .a = { DREQ2, 0x00008001u,
				     U0 | (uint64_t)U1 << 32,
				     U2 | (uint64_t)U3 << 32 } };
	int i;

	(void)state;
	for (i = 4; i < FFA_NREGS; i++)
		r.a[i] = 0x1000000000ull * (uint64_t)i + (uint64_t)i;
	ffa_model_call(&t->s, &t->h, 0, &r);
	assert_int_equal(r.a[0], DRESP2);
	assert_int_equal(r.a[1], 0x80010000u);
	assert_int_equal(r.a[2], 0);
	assert_int_equal(r.a[3], 0);
	for (i = 4; i < FFA_NREGS; i++)
		assert_int_equal(r.a[i],
				 0x1000000000ull * (uint64_t)i + (uint64_t)i);

	/* No SMC32 form; unknown receivers refused. */
	assert_int_equal(call_status(t, 0x8400008Du, 0x8001, 0, 0, 0, 0),
			 FFA_RET_NOT_SUPPORTED);
	assert_int_equal(call_status(t, DREQ2, 0x8009, 0, 0, 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

/*
 * The "optee" partition table: one ordinary partition with OP-TEE's UUID
 * and properties, answering in OP-TEE's protocol, never in ours.
 */
static void test_layout_optee(void **state)
{
	/* 486178e0-e7f8-11e3-bc5e-0002a5d5c51b as a1..a4. */
	static const uint8_t desc[24] = {
		0x01, 0x80, 0x02, 0x00, 0x03, 0x01, 0x00, 0x00,
		0x48, 0x61, 0x78, 0xe0, 0xe7, 0xf8, 0x11, 0xe3,
		0xbc, 0x5e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b,
	};
	struct th *t = th_new(FFA_PROFILE_SPEC);
	uint8_t *rx = t->mem + (TH_RX - TH_BASE);
	struct ffa_regs r;

	(void)state;
	assert_int_equal(ffa_model_layout_parse("optee"), FFA_LAYOUT_OPTEE);
	assert_int_equal(ffa_model_layout_parse("hafnium"), -1);
	assert_string_equal(ffa_model_layout_name(FFA_LAYOUT_TEST), "test");
	assert_null(ffa_model_layout_name(FFA_LAYOUT_COUNT));
	ffa_model_set_layout(&t->s, FFA_LAYOUT_OPTEE);
	assert_int_equal(t->s.layout, FFA_LAYOUT_OPTEE);
	assert_int_equal(t->s.partition_count, 1);
	th_rxtx(t);
	r = th_call(t, PART_INFO, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[2], 1);
	assert_memory_equal(rx, desc, sizeof(desc));
	assert_int_equal(call_status(t, RX_RELEASE, 0, 0, 0, 0, 0), 0);
	/* Our test UUID is not there any more. */
	assert_int_equal(call_status(t, PART_INFO, U0, U1, U2, U3, 0),
			 FFA_RET_INVALID_PARAMETERS);

	/* OP-TEE's API version query (a3 = 0) answers 1.0, not an echo. */
	r = th_call(t, DREQ32, 0x8001, 0, 0, 0x1111, 0x2222, 0x3333, 0x4444);
	assert_int_equal(r.a[0], DRESP32);
	assert_int_equal(r.a[1], 0x80010000u);
	assert_int_equal(r.a[3], 1);
	assert_int_equal(r.a[4], 0);
	assert_int_equal(r.a[5], 0);
	/* Its OS version; an unknown call is TEE_ERROR_BAD_PARAMETERS. */
	r = th_call(t, DREQ64, 0x8001, 0, 1, 0, 0, 0, 0);
	assert_int_equal(r.a[0], DRESP64);
	assert_int_equal(r.a[3], 4);
	assert_int_equal(r.a[4], 10);
	r = th_call(t, DREQ32, 0x8001, 0, 4, 0, 0, 0, 0);
	assert_int_equal(r.a[3], 0xffff0006u);
	/* Our fault command (5) is not understood: nothing is armed. */
	r = th_call(t, DREQ32, 0x8001, 0, FFA_SP_CMD_FAULT, 0x77,
		    (uint32_t)FFA_RET_DENIED, 1, 0);
	assert_int_not_equal(r.a[3], 0);
	assert_int_equal(t->s.fault.fn_num, 0);

	/* Back to the default table. */
	ffa_model_set_layout(&t->s, FFA_LAYOUT_COUNT);
	assert_int_equal(t->s.layout, FFA_LAYOUT_TEST);
	th_free(t);
}

/* The optee profile: an unknown UUID is an empty list, RX then owned. */
static void test_optee_unknown_uuid_empty(void **state)
{
	struct th *t = th_new(FFA_PROFILE_OPTEE);
	struct ffa_regs r;

	(void)state;
	th_rxtx(t);
	r = th_call(t, PART_INFO, U0, U1, U2, U3 + 1, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 0);
	assert_int_equal(call_status(t, RX_RELEASE, 0, 0, 0, 0, 0), 0);
	/* Count only: 0 too. */
	r = th_call(t, PART_INFO, U0, U1, U2, U3 + 1, 1, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 0);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rxtx_map),
		cmocka_unit_test(test_rxtx_map_no_host_map),
		cmocka_unit_test(test_rxtx_map64_upper_bits),
		cmocka_unit_test(test_partition_info_all),
		cmocka_unit_test(test_partition_info_uuid),
		cmocka_unit_test(test_partition_info_count_only),
		cmocka_unit_test(test_partition_info_v1_0),
		cmocka_unit_test(test_direct_echo),
		cmocka_unit_test(test_direct_no_receipt),
		cmocka_unit_test(test_direct_fault),
		cmocka_unit_test(test_direct_bad),
		cmocka_unit_test(test_direct_req2),
		cmocka_unit_test(test_layout_optee),
		cmocka_unit_test(test_optee_unknown_uuid_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
