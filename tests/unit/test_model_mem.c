// SPDX-License-Identifier: BSD-3-Clause
/*
 * model/model_mem.c: share/lend/donate, fragments, reclaim, the test
 * partition's retrieve/relinquish/write/checksum, profiles, validate.
 */
#include "test_model_host.h"
#include "model_priv.h"

#define FRAG_TX 0x8400007Bu
#define FRAG_RX 0x8400007Au
#define H1 0x1000000000001ull
#define H2 0x1000000000002ull

static struct th *mapped(uint32_t profile)
{
	struct th *t = th_new(profile);

	th_rxtx(t);
	return t;
}

static uint64_t share(struct th *t, uint32_t fid, const struct td *d)
{
	struct ffa_regs r = th_send(t, fid, d);

	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(r.a[4], 0);
	return th_handle(&r);
}

static int32_t send_status(struct th *t, uint32_t fid, const struct td *d)
{
	struct ffa_regs r = th_send(t, fid, d);

	return th_status(&r);
}

static int32_t reclaim(struct th *t, uint64_t handle, uint32_t flags)
{
	struct ffa_regs r = th_reclaim(t, handle, flags);

	return th_status(&r);
}

static void test_share_handles(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 2);
	const struct ffa_model_region *g;

	(void)state;
	d.tag = 0x77;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	d.addr[0] = TH_DATA + 2 * 4096;
	d.ncons = 2;
	d.addr[1] = TH_FAR;
	d.pages[1] = 3;
	assert_int_equal(share(t, 0xC4000073u, &d), H2);

	g = ffa_model_find(&t->s, &t->h, H2);
	assert_non_null(g);
	assert_int_equal(g->state, FFA_REGION_SENT);
	assert_int_equal(g->fn_num, FFA_MEM_SHARE);
	assert_int_equal(g->tag, 0x77);
	assert_int_equal(g->receiver_count, 1);
	assert_int_equal(g->receivers[0], 0x8001);
	assert_int_equal(g->perm[0], FFA_PERM_RW);
	assert_int_equal(g->total_pages, 5);
	assert_int_equal(g->range_count, 2);
	assert_int_equal(t->h.ranges[g->first_range].address,
			 TH_DATA + 2 * 4096);
	assert_int_equal(t->h.ranges[t->h.ranges[g->first_range].next].address,
			 TH_FAR);
	assert_int_equal(t->s.region_count, 2);
	assert_int_equal(t->s.ranges_used, 3);
	assert_null(ffa_model_find(&t->s, &t->h, 0x1000000000003ull));
	th_free(t);
}

static void test_lend_donate(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);

	(void)state;
	/*
	 * As the usage rules want them (DEN0077 v1.1 §10.10.2-4): a lend to
	 * one borrower with data access only, memory type not specified; a
	 * donate with neither.
	 */
	d.attr = 0;
	assert_int_equal(share(t, TH_LEND32, &d), H1);
	assert_int_equal(ffa_model_find(&t->s, &t->h, H1)->fn_num,
			 FFA_MEM_LEND);
	d.addr[0] = TH_DATA + 4096;
	d.perm[0] = 0;
	assert_int_equal(share(t, 0xC4000071u, &d), H2);
	assert_int_equal(ffa_model_find(&t->s, &t->h, H2)->fn_num,
			 FFA_MEM_DONATE);
	assert_int_equal(reclaim(t, H2, 0), 0);
	assert_int_equal(reclaim(t, H1, 0), 0);
	assert_int_equal(t->s.region_count, 0);
	assert_int_equal(t->s.ranges_used, 0);
	th_free(t);
}

static void test_send_register_errors(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	uint32_t len = td_encode(&d, th_txbuf(t));
	struct ffa_regs r;

	(void)state;
	/* No RX/TX pair. */
	r = th_call(t, TH_SHARE32, len, len, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	th_rxtx(t);
	/* A buffer other than TX is not supported. */
	r = th_call(t, TH_SHARE32, len, len, TH_DATA, 1, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, TH_SHARE32, len, len, 0, 1, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	/* Fragment longer than the total, or than TX, or empty. */
	r = th_call(t, TH_SHARE32, len, len + 16, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, TH_SHARE32, 8192, 4112, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, TH_SHARE32, len, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(t->s.region_count, 0);
	assert_int_equal(t->s.next_handle, 1);
	/* Still fine afterwards. */
	r = th_call(t, TH_SHARE32, len, len, 0, 0, 0, 0, 0);
	assert_int_equal(th_handle(&r), H1);
	th_free(t);
}

static void test_descriptor_rejections(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d;
	struct ffa_regs r;

	(void)state;
	/* Shorter than a header. */
	d = td_simple(TH_DATA, 1);
	td_encode(&d, th_txbuf(t));
	r = th_call(t, TH_SHARE32, 20, 20, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);

	/* Receiver that is no partition here. */
	d = td_simple(TH_DATA, 1);
	d.recv[0] = 0x8009;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	/* More borrowers than the model keeps (all distinct, all known). */
	d = td_simple(TH_DATA, 1);
	t->s.partition_count = 5;
	for (d.nrecv = 0; d.nrecv < 5; d.nrecv++) {
		t->s.partitions[d.nrecv] = t->s.partitions[0];
		t->s.partitions[d.nrecv].id = (uint16_t)(0x8001 + d.nrecv);
		d.recv[d.nrecv] = (uint16_t)(0x8001 + d.nrecv);
		d.perm[d.nrecv] = FFA_PERM_RW;
	}
	assert_int_equal(send_status(t, TH_SHARE32, &d), FFA_RET_NO_MEMORY);
	d.nrecv = 4;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	assert_int_equal(ffa_model_find(&t->s, &t->h, H1)->receiver_count, 4);
	assert_int_equal(reclaim(t, H1, 0), 0);
	t->s.partition_count = 1;

	/* Sender is not the caller. */
	d = td_simple(TH_DATA, 1);
	d.sender = 0x0003;
	assert_int_equal(send_status(t, TH_SHARE32, &d), FFA_RET_DENIED);
	/* Unaligned constituent, zero pages. */
	d = td_simple(TH_DATA + 0x10, 1);
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	d = td_simple(TH_DATA, 0);
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	/* NS attribute bit from the normal world. */
	d = td_simple(TH_DATA, 1);
	d.attr |= FFA_ATTR_NS;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	/* Flags bits [4:3], a retrieve request's transaction type. */
	d = td_simple(TH_DATA, 1);
	d.flags = FFA_RETRIEVE_FLAG_TYPE_LEND;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	/* Donate to two borrowers. */
	d = td_simple(TH_DATA, 1);
	t->s.partitions[1] = t->s.partitions[0];
	t->s.partitions[1].id = 0x8002;
	t->s.partition_count = 2;
	d.nrecv = 2;
	d.recv[1] = 0x8002;
	d.perm[1] = FFA_PERM_RW;
	assert_int_equal(send_status(t, TH_DONATE32, &d),
			 FFA_RET_INVALID_PARAMETERS);

	/* Nothing was kept and no handle was spent on a rejection. */
	assert_int_equal(t->s.region_count, 0);
	assert_int_equal(t->s.ranges_used, 0);
	d = td_simple(TH_DATA, 1);
	assert_int_equal(share(t, TH_SHARE32, &d), H2);
	th_free(t);
}

/*
 * The layout the caller's version says. The spec profile fixes that
 * version at the first other call (DEN0077 v1.2 §13.2): each version is
 * negotiated by a new caller before it maps its RX/TX pair.
 */
static void test_layout_follows_version(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	struct ffa_regs r;

	(void)state;
	r = th_call(t, 0x84000063u, 0x10000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	th_rxtx(t);
	d.version = FFA_VERSION_1_0;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	/* The v1.2 layout is not read under 1.0, and 1.2 is refused now. */
	d.version = FFA_VERSION_1_2;
	d.addr[0] = TH_DATA + 4096;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xFFFFFFFFu);
	th_free(t);
	t = th_new(FFA_PROFILE_SPEC);
	th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	th_rxtx(t);
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	th_free(t);
}

static void test_overlap(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA + 4096, 2);

	(void)state;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	/* Same pages, a partial overlap, the last page: DENIED. */
	d.attr = 0; /* a lend to one borrower names none (§10.10.4) */
	assert_int_equal(send_status(t, TH_LEND32, &d), FFA_RET_DENIED);
	d = td_simple(TH_DATA, 2);
	assert_int_equal(send_status(t, TH_SHARE32, &d), FFA_RET_DENIED);
	d = td_simple(TH_DATA + 2 * 4096, 1);
	d.ncons = 2;
	d.addr[1] = TH_DATA + 10 * 4096;
	d.pages[1] = 1;
	assert_int_equal(send_status(t, TH_SHARE32, &d), FFA_RET_DENIED);
	/* Adjacent pages are fine. */
	d = td_simple(TH_DATA, 1);
	d.ncons = 2;
	d.addr[1] = TH_DATA + 3 * 4096;
	d.pages[1] = 1;
	assert_int_equal(share(t, TH_SHARE32, &d), H2);
	/* After reclaim the pages are free again. */
	assert_int_equal(reclaim(t, H1, 0), 0);
	d = td_simple(TH_DATA + 4096, 2);
	assert_int_equal(share(t, TH_SHARE32, &d), 0x1000000000003ull);
	th_free(t);
}

/* Sends @d in fragments of at most @chunk bytes; returns the final regs. */
static struct ffa_regs send_fragmented(struct th *t, const struct td *d,
				       uint32_t chunk, unsigned int *nfrag)
{
	static uint8_t whole[4096];
	uint32_t len = td_encode(d, whole), off, n;
	struct ffa_regs r;
	uint64_t handle = 0;

	n = len < chunk ? len : chunk;
	memcpy(th_txbuf(t), whole, n);
	r = th_call(t, TH_SHARE32, len, n, 0, 0, 0, 0, 0);
	*nfrag = 1;
	for (off = n; off < len; off += n) {
		assert_int_equal(r.a[0], FRAG_RX);
		assert_int_equal(r.a[3], off);
		handle = (uint32_t)r.a[1] | (uint64_t)(uint32_t)r.a[2] << 32;
		n = len - off < chunk ? len - off : chunk;
		memcpy(th_txbuf(t), whole + off, n);
		r = th_call(t, FRAG_TX, (uint32_t)handle, handle >> 32, n, 0,
			    0, 0, 0);
		(*nfrag)++;
	}
	return r;
}

static void test_fragmented(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	const struct ffa_model_region *g;
	struct ffa_regs r;
	unsigned int n, i;

	(void)state;
	d.ncons = 8;
	for (i = 0; i < 8; i++) {
		d.addr[i] = TH_DATA + 2ull * i * 4096;
		d.pages[i] = 1;
	}
	/* 48 + 16 + 16 + 128 = 208 bytes in chunks of 80: three fragments. */
	r = send_fragmented(t, &d, 80, &n);
	assert_int_equal(n, 3);
	assert_int_equal(th_handle(&r), H1);
	g = ffa_model_find(&t->s, &t->h, H1);
	assert_non_null(g);
	assert_int_equal(g->state, FFA_REGION_SENT);
	assert_int_equal(g->range_count, 8);
	assert_int_equal(g->total_pages, 8);
	assert_int_equal(reclaim(t, H1, 0), 0);
	th_free(t);
}

/*
 * TF-A 2.8 compares FRAG_TX's a4 with the first fragment's sender << 16,
 * and a mismatch leaves the transaction pending, unreclaimable, until a
 * FRAG_TX that matches (spmc_ffa_mem_frag_tx). The spec profile refuses
 * such a descriptor once whole instead (the sender is not the caller).
 */
static void test_frag_tx_sender_tfa(void **state)
{
	struct th *t = mapped(FFA_PROFILE_TFA_EL3);
	struct td d = td_simple(TH_DATA, 1);
	static uint8_t whole[4096];
	uint32_t len, first;
	struct ffa_regs r;
	uint64_t h;

	(void)state;
	d.sender = 0x0001;
	d.ncons = 4;
	for (uint32_t i = 0; i < 4; i++) {
		d.addr[i] = TH_DATA + 2ull * i * 4096;
		d.pages[i] = 1;
	}
	len = td_encode(&d, whole);
	/* The first fragment reaches the composite (TF-A's first rule). */
	first = 48 + 16 + 16;
	memcpy(th_txbuf(t), whole, first);
	r = th_call(t, TH_SHARE32, len, first, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], FRAG_RX);
	h = (uint32_t)r.a[1] | (uint64_t)(uint32_t)r.a[2] << 32;
	memcpy(th_txbuf(t), whole + first, len - first);
	r = th_call(t, FRAG_TX, (uint32_t)h, h >> 32, len - first, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(reclaim(t, h, 0), FFA_RET_INVALID_PARAMETERS);
	/*
	 * Pending, it makes every later send's overlap check read its
	 * constituents, received or not (spmc_shmem_check_state_obj()):
	 * explore saw TF-A refuse all sends after one such FRAG_TX.
	 */
	assert_true(ffa_model_send_undetermined(&t->s, &t->h));
	r = th_call(t, FRAG_TX, (uint32_t)h, h >> 32, len - first,
		    0x0001u << 16, 0, 0, 0);
	assert_int_equal(th_handle(&r), h);
	assert_false(ffa_model_send_undetermined(&t->s, &t->h));
	assert_int_equal(reclaim(t, h, 0), 0);
	th_free(t);
}

static void test_fragment_errors(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	uint32_t len = td_encode(&d, th_txbuf(t));
	uint8_t whole[256];
	struct ffa_regs r;

	(void)state;
	r = th_call(t, TH_SHARE32, len, 48, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], FRAG_RX);
	assert_int_equal(r.a[1], 1);
	assert_int_equal(r.a[2], 0x10000);
	assert_int_equal(r.a[3], 48);
	/* Not reclaimable while being transmitted. */
	assert_int_equal(reclaim(t, H1, 0), FFA_RET_INVALID_PARAMETERS);
	/* Wrong handle. */
	r = th_call(t, FRAG_TX, 2, 0x10000, len - 48, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	/* Too long a fragment abandons the transaction. */
	r = th_call(t, FRAG_TX, 1, 0x10000, len, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	assert_null(ffa_model_find(&t->s, &t->h, H1));
	assert_int_equal(t->s.region_count, 0);

	/* Larger than the host's fragment buffer. */
	t->h.frag_cap = 64;
	r = th_call(t, TH_SHARE32, len, 48, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NO_MEMORY);
	t->h.frag_cap = 8192;

	/* A new fragmented send abandons an unfinished one. */
	r = th_call(t, TH_SHARE32, len, 48, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], FRAG_RX);
	assert_int_equal(r.a[1], 2);
	r = th_call(t, TH_SHARE32, len, 48, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[1], 3);
	assert_int_equal(t->s.region_count, 1);
	assert_null(ffa_model_find(&t->s, &t->h, 0x1000000000002ull));
	td_encode(&d, whole);
	memcpy(th_txbuf(t), whole + 48, len - 48);
	r = th_call(t, FRAG_TX, 3, 0x10000, len - 48, 0, 0, 0, 0);
	assert_int_equal(th_handle(&r), 0x1000000000003ull);
	th_free(t);
}

static void test_reclaim_cases(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	uint64_t h;

	(void)state;
	h = share(t, TH_SHARE32, &d);
	assert_int_equal(reclaim(t, h + 100, 0), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(reclaim(t, h ^ 1ull << 63, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(reclaim(t, h, 1u << 2), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(reclaim(t, h, 0xFFFFFFFFu),
			 FFA_RET_INVALID_PARAMETERS);
	assert_non_null(ffa_model_find(&t->s, &t->h, h));
	/* Time slicing is a valid flag in the spec profile. */
	assert_int_equal(reclaim(t, h, FFA_RECLAIM_TIME_SLICE), 0);
	assert_int_equal(reclaim(t, h, 0), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(t->s.region_count, 0);
	th_free(t);
}

static void test_reclaim_while_retrieved(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 3);
	uint64_t res = 0;

	(void)state;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	/* Relinquish before retrieve: DENIED. */
	assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, H1, 0, NULL),
			 FFA_RET_DENIED);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, H1, 0, &res), 0);
	assert_int_equal(res, 3);
	assert_int_equal(ffa_model_find(&t->s, &t->h, H1)->retrieved[0], 1);
	assert_int_equal(reclaim(t, H1, 0), FFA_RET_DENIED);
	assert_int_equal(reclaim(t, H1, FFA_RECLAIM_ZERO), FFA_RET_DENIED);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, H1, 0, NULL), 0);
	assert_int_equal(reclaim(t, H1, 0), 0);
	/* Unknown handles for the SP too. */
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, H1, 0, NULL),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

/*
 * A lend to both test partitions: each borrower's retrieve count is its
 * own (model_mem.c retrieved[] per receiver), and the lender reclaims only
 * once neither holds the region (DEN0077 v1.1 §11.5 FFA_MEM_RECLAIM:
 * DENIED while a borrower has not relinquished; ACS
 * relinquish_state_machine_4, lend_state_machine_1).
 */
static void test_two_borrowers(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 2);
	uint8_t *mem = t->mem + (TH_DATA - TH_BASE);
	const uint16_t sp1 = FFA_MODEL_TEST_SP_ID, sp2 = FFA_MODEL_TEST_SP2_ID;
	const struct ffa_model_region *r;
	uint64_t res = 0, sum1 = 0, sum2 = 0;

	(void)state;
	d.nrecv = 2;
	d.recv[1] = sp2;
	d.perm[1] = FFA_PERM_RW;
	assert_int_equal(share(t, TH_LEND32, &d), H1);
	r = ffa_model_find(&t->s, &t->h, H1);
	assert_non_null(r);
	assert_int_equal(r->receiver_count, 2);
	/* The second borrower retrieves alone: only its count moves. */
	assert_int_equal(th_sp_to(t, sp2, FFA_SP_CMD_RETRIEVE, H1, 0, &res),
			 0);
	assert_int_equal(res, 2);
	assert_int_equal(r->retrieved[0], 0);
	assert_int_equal(r->retrieved[1], 1);
	/* The first has nothing to relinquish. */
	assert_int_equal(th_sp_to(t, sp1, FFA_SP_CMD_RELINQUISH, H1, 0,
				  NULL), FFA_RET_DENIED);
	assert_int_equal(th_sp_to(t, sp1, FFA_SP_CMD_RETRIEVE, H1, 0, NULL),
			 0);
	/* Both write the same memory: each reads the other's write. */
	assert_int_equal(th_sp_to(t, sp1, FFA_SP_CMD_WRITE, H1, 0x11111111u,
				  NULL), 0);
	assert_int_equal(th_sp_to(t, sp2, FFA_SP_CMD_CHECKSUM, H1, 0, &sum2),
			 0);
	assert_int_equal(th_sp_to(t, sp1, FFA_SP_CMD_CHECKSUM, H1, 0, &sum1),
			 0);
	assert_int_equal(sum1, sum2);
	assert_int_equal(th_sp_to(t, sp2, FFA_SP_CMD_WRITE, H1, 0x22222222u,
				  NULL), 0);
	assert_int_equal(mem[0], 0x22);
	assert_int_equal(reclaim(t, H1, 0), FFA_RET_DENIED);
	assert_int_equal(th_sp_to(t, sp1, FFA_SP_CMD_RELINQUISH, H1, 0,
				  NULL), 0);
	/* One borrower still holds it. */
	assert_int_equal(r->retrieved[0], 0);
	assert_int_equal(r->retrieved[1], 1);
	assert_int_equal(reclaim(t, H1, 0), FFA_RET_DENIED);
	assert_int_equal(th_sp_to(t, sp2, FFA_SP_CMD_RELINQUISH, H1, 0,
				  NULL), 0);
	assert_int_equal(reclaim(t, H1, 0), 0);
	assert_int_equal(mem[0], 0x22);
	th_free(t);
}

/*
 * The partition that takes no direct requests can still be named as a
 * borrower (the SPMC knows it); it never retrieves, so the lender gets the
 * region back at once.
 */
static void test_indirect_borrower(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);

	(void)state;
	d.nrecv = 2;
	d.recv[1] = FFA_MODEL_INDIRECT_SP_ID;
	d.perm[1] = FFA_PERM_RW;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	assert_int_equal(reclaim(t, H1, 0), 0);
	th_free(t);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_zero_on_reclaim(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 2);
	uint8_t *mem = t->mem + (TH_DATA - TH_BASE);
	uint64_t res = 0;

	(void)state;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	/* Writing needs a retrieve first. */
	assert_int_equal(th_sp(t, FFA_SP_CMD_WRITE, H1, 0xA5A5A5A5u, NULL),
			 FFA_RET_DENIED);
	assert_int_equal(th_sp(t, FFA_SP_CMD_CHECKSUM, H1, 0, NULL),
			 FFA_RET_DENIED);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, H1, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_CHECKSUM, H1, 0, &res), 0);
	assert_int_equal(res, 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_WRITE, H1, 0xA5A5A5A5u, &res),
			 0);
	assert_int_equal(res, 2);
	assert_int_equal(mem[0], 0xA5);
	assert_int_equal(mem[2 * 4096 - 1], 0xA5);
	assert_int_equal(mem[2 * 4096], 0); /* only the shared pages */
	assert_int_equal(th_sp(t, FFA_SP_CMD_CHECKSUM, H1, 0, &res), 0);
	assert_int_not_equal(res, 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, H1, 0, NULL), 0);
	assert_int_equal(reclaim(t, H1, FFA_RECLAIM_ZERO), 0);
	assert_true(all_zero(mem, 2 * 4096));
	assert_int_equal(t->s.last_zeroed_pages, 2);
	assert_int_equal(t->s.stats_zeroed_pages, 2);

	/* Without the flag the borrower's data stays. */
	assert_int_equal(share(t, TH_SHARE32, &d), H2);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, H2, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_WRITE, H2, 0x5A, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, H2, 0, NULL), 0);
	assert_int_equal(reclaim(t, H2, 0), 0);
	assert_int_equal(mem[0], 0x5A);
	assert_int_equal(t->s.last_zeroed_pages, 0);
	assert_int_equal(t->s.stats_zeroed_pages, 2);
	th_free(t);
}

/*
 * "Zero memory after relinquish" is bit 2 of a retrieve request's flags
 * (DEN0077 v1.1 Table 10.22); in a send bits [31:2] are MBZ (Table 10.21).
 */
static void test_send_flag_bit2_refused(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);

	(void)state;
	d.attr = 0;
	d.flags = FFA_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH;
	assert_int_equal(send_status(t, TH_LEND32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(t->s.region_count, 0);
	assert_int_equal(t->s.ranges_used, 0);
	th_free(t);
}

static void test_sp_permissions(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);

	(void)state;
	d.perm[0] = FFA_PERM_RO;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, H1, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_WRITE, H1, 1, NULL),
			 FFA_RET_DENIED);
	assert_int_equal(t->mem[TH_DATA - TH_BASE], 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_CHECKSUM, H1, 0, NULL), 0);

	/* A region for another partition: not the test SP's to retrieve. */
	t->s.partitions[1] = t->s.partitions[0];
	t->s.partitions[1].id = 0x8002;
	t->s.partition_count = 2;
	d = td_simple(TH_DATA + 4096, 1);
	d.recv[0] = 0x8002;
	assert_int_equal(share(t, TH_SHARE32, &d), H2);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, H2, 0, NULL),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(th_sp(t, FFA_SP_CMD_WRITE, H2, 1, NULL),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

/* TF-A's handles count up from 0xffffffc0 (next_handle in spmc_shmem). */
#define TFA_H1 0xffffffc0ull

static void test_profile_tfa(void **state)
{
	struct th *t = mapped(FFA_PROFILE_TFA_EL3);
	struct td d = td_simple(TH_DATA, 1);

	(void)state;
	assert_int_equal(share(t, TH_SHARE32, &d), TFA_H1);
	assert_int_equal(reclaim(t, TFA_H1, FFA_RECLAIM_ZERO),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(reclaim(t, TFA_H1, FFA_RECLAIM_TIME_SLICE),
			 FFA_RET_INVALID_PARAMETERS);
	/* Overlap: TF-A's spmc_shmem_check_state_obj says -2. */
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	d.addr[0] = TH_DATA + 4096;
	assert_int_equal(send_status(t, TH_DONATE32, &d),
			 FFA_RET_NOT_SUPPORTED);
	assert_int_equal(send_status(t, 0xC4000071u, &d),
			 FFA_RET_NOT_SUPPORTED);
	assert_int_equal(reclaim(t, TFA_H1, 0), 0);
	assert_int_equal(t->s.next_handle, 2);
	assert_int_equal(share(t, TH_SHARE32, &d), TFA_H1 + 1);
	th_free(t);
}

/*
 * The first fragment: any length for the spec; up to the composite header
 * for TF-A 2.8 and OP-TEE (whose every fragmented send is refused anyway);
 * OP-TEE's later fragments whole constituents.
 */
static void test_frag_rules(void **state)
{
	uint8_t buf[256];
	struct td d = td_simple(TH_DATA, 1);
	const struct model_rules *spec, *tfa, *optee;
	struct th *t;
	uint32_t len = td_encode(&d, buf);

	(void)state;
	t = th_new(FFA_PROFILE_SPEC);
	spec = model_rules(&t->s);
	t->s.profile = FFA_PROFILE_TFA_EL3;
	tfa = model_rules(&t->s);
	t->s.profile = FFA_PROFILE_OPTEE;
	optee = model_rules(&t->s);
	th_free(t);
	assert_int_equal(model_frag_first_check(spec, buf, 16, len,
						FFA_VERSION_1_1), 0);
	/* TF-A 2.8: up to the composite's range count (48 + 16 + 16). */
	assert_int_equal(model_frag_first_check(tfa, buf, 31, len,
						FFA_VERSION_1_1),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(model_frag_first_check(tfa, buf, 79, len,
						FFA_VERSION_1_1),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(model_frag_first_check(tfa, buf, 80, len,
						FFA_VERSION_1_1), 0);
	assert_int_equal(model_frag_first_check(optee, buf, len - 1, len,
						FFA_VERSION_1_1),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(model_frag_next_check(spec, 20), 0);
	assert_int_equal(model_frag_next_check(tfa, 20), 0);
	assert_int_equal(model_frag_next_check(optee, 20),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(model_frag_next_check(optee, 32), 0);
	/*
	 * TF-A 2.8 reads past the first fragment (spmc_shmem_check_obj):
	 * from 32 bytes until the composite header has arrived, its answer
	 * depends on what an earlier object left there. Explore found it
	 * accepting a 48-byte first fragment a fresh model refuses.
	 */
	assert_false(model_frag_first_undetermined(tfa, buf, 31, len,
						   FFA_VERSION_1_1));
	assert_true(model_frag_first_undetermined(tfa, buf, 32, len,
						  FFA_VERSION_1_1));
	assert_true(model_frag_first_undetermined(tfa, buf, 79, len,
						  FFA_VERSION_1_1));
	assert_false(model_frag_first_undetermined(tfa, buf, 80, len,
						   FFA_VERSION_1_1));
	assert_false(model_frag_first_undetermined(spec, buf, 48, len,
						   FFA_VERSION_1_1));
	assert_false(model_frag_first_undetermined(optee, buf, 48, len,
						   FFA_VERSION_1_1));
	assert_true(ffa_model_frag_undetermined(FFA_PROFILE_TFA_EL3, buf, len,
						48, FFA_VERSION_1_1));
	assert_false(ffa_model_frag_undetermined(FFA_PROFILE_TFA_EL3, buf,
						 len, 0, FFA_VERSION_1_1));
}

#define OPTEE_H1 (1ull << 44)

static void test_profile_optee(void **state)
{
	struct th *t = mapped(FFA_PROFILE_OPTEE);
	struct td d = td_simple(TH_DATA, 1);
	struct ffa_regs r;

	(void)state;
	/* Attributes and permissions must be exactly normal WB ISH, RW. */
	d.attr = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB | FFA_ATTR_SH_OUTER;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	d.attr = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_NC | FFA_ATTR_SH_INNER;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	d = td_simple(TH_DATA, 1);
	d.perm[0] = FFA_PERM_RO;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	d.perm[0] = FFA_PERM_RW | FFA_PERM_NX;
	assert_int_equal(send_status(t, TH_SHARE32, &d),
			 FFA_RET_INVALID_PARAMETERS);
	d = td_simple(TH_DATA, 1);
	assert_int_equal(send_status(t, TH_DONATE32, &d),
			 FFA_RET_NOT_SUPPORTED);
	/* OP-TEE's handles: bit 44 (mobj_ffa_sel1_spmc_new). */
	assert_int_equal(share(t, TH_SHARE32, &d), OPTEE_H1);
	/*
	 * A lend to one borrower leaves the attributes unspecified (DEN0077
	 * v1.1 §10.10.4), which is what OP-TEE 4.10 wants of a lend (DESIGN
	 * §12): the exact-attributes rule is the share path's.
	 */
	d = td_simple(TH_DATA + 4096, 1);
	d.attr = 0;
	assert_int_equal(share(t, TH_LEND32, &d), OPTEE_H1 + 1);
	assert_int_equal(reclaim(t, OPTEE_H1 + 1, 0), 0);
	d = td_simple(TH_DATA, 1);

	/* MBZ registers and flags in FFA_MEM_RECLAIM. */
	r = th_call(t, TH_RECLAIM, 0, 0x1000, 0, 1, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, TH_RECLAIM, 0, 0x1000, 0, 0, 0, 0, 0x80);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(reclaim(t, OPTEE_H1, FFA_RECLAIM_ZERO),
			 FFA_RET_INVALID_PARAMETERS);
	assert_non_null(ffa_model_find(&t->s, &t->h, OPTEE_H1));
	assert_int_equal(reclaim(t, OPTEE_H1, 0), 0);
	th_free(t);

	/* The spec profile ignores a4..a7 of a reclaim. */
	t = mapped(FFA_PROFILE_SPEC);
	d = td_simple(TH_DATA, 1);
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	r = th_call(t, TH_RECLAIM, 1, 0x10000, 0, 1, 2, 3, 4);
	assert_int_equal(th_status(&r), 0);
	th_free(t);
}

static void test_validate(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	struct ffa_model_region *g;
	const char *why = NULL;
	uint32_t first;

	(void)state;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), 0);
	assert_null(why);
	d.ncons = 3;
	d.addr[1] = TH_DATA + 2 * 4096;
	d.pages[1] = 1;
	d.addr[2] = TH_DATA + 4 * 4096;
	d.pages[2] = 1;
	assert_int_equal(share(t, TH_SHARE32, &d), H1);
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), 0);
	g = &t->regions[0];
	first = g->first_range;

	/* A loop in the chain. */
	t->ranges[t->ranges[t->ranges[first].next].next].next = first;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	assert_non_null(why);
	t->ranges[t->ranges[t->ranges[first].next].next].next = UINT32_MAX;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, NULL), 0);

	/* A chain leaving ranges[]. */
	t->ranges[first].next = 100000;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	t->ranges[first].next = first + 1;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, NULL), 0);

	/* Counts that do not fit. */
	g->range_count = 4;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	g->range_count = 3;
	t->s.region_count = 65;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	t->s.region_count = 1;
	t->s.profile = FFA_PROFILE_COUNT;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	t->s.profile = FFA_PROFILE_SPEC;
	t->s.partition_count = FFA_MODEL_MAX_PARTITIONS + 1;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	t->s.partition_count = 1;
	g->receiver_count = 5;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	g->receiver_count = 1;
	/* Free list cut short. */
	t->ranges[t->s.free_range].next = UINT32_MAX;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	th_free(t);
}

/*
 * Two regions sharing a range, with every count still right (found by
 * fuzz_sim_state: a reclaim then freed the shared range twice).
 */
static void test_validate_shared_range(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct td a = td_simple(TH_DATA, 1), b = td_simple(TH_DATA + 8 * 4096, 1);
	const char *why = NULL;
	uint32_t a_tail, b_first, pages;

	(void)state;
	a.ncons = 2;
	a.addr[1] = TH_DATA + 2 * 4096;
	a.pages[1] = 1;
	assert_int_equal(share(t, TH_SHARE32, &a), H1);
	assert_int_equal(share(t, TH_SHARE32, &b), H2);
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), 0);
	a_tail = t->ranges[t->regions[0].first_range].next;
	b_first = t->regions[1].first_range;
	pages = t->ranges[a_tail].pages;

	t->regions[1].first_range = a_tail;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), -1);
	assert_string_equal(why, "a range belongs to two regions");
	/* The walk's marks are gone again. */
	assert_int_equal(t->ranges[a_tail].pages, pages);
	t->regions[1].first_range = b_first;
	assert_int_equal(ffa_model_validate(&t->s, &t->h, &why), 0);
	th_free(t);
}

/*
 * TF-A's TSP (partition table "tsp"): share and lend are retrieved, each
 * range's first byte gets 1 added, and the region is relinquished, in one
 * request; a retrieve the SPMC would refuse answers 0xFFFFFFFE.
 */
static void test_tsp_touch(void **state)
{
	struct th *t = mapped(FFA_PROFILE_TFA_EL3);
	struct td d = td_simple(TH_DATA, 1);
	uint8_t *page = t->mem + (TH_DATA - TH_BASE);
	struct ffa_regs r;
	uint64_t h;

	(void)state;
	ffa_model_set_layout(&t->s, FFA_LAYOUT_TSP);
	page[0] = 0xa5;
	h = share(t, TH_SHARE32, &d);
	r = th_call(t, 0xC400006Fu, 0x8001, 0, FFA_TSP_CMD_SHARE, h, 0, 0, 0);
	/* The 64-bit response even to... any request. */
	assert_int_equal(r.a[0], 0xC4000070u);
	assert_int_equal(r.a[3], 0xa6);
	assert_int_equal(page[0], 0xa6);
	/* Relinquished again: the owner may reclaim. */
	assert_int_equal(reclaim(t, h, 0), 0);
	/* A lend is not a share: the TSP's retrieve fails. */
	d.attr = 0;
	h = share(t, TH_LEND32, &d);
	r = th_call(t, 0x8400006Fu, 0x8001, 0, FFA_TSP_CMD_SHARE, h, 0, 0, 0);
	assert_int_equal(r.a[0], 0xC4000070u);
	assert_int_equal(r.a[3], FFA_TSP_ERR_RETRIEVE);
	r = th_call(t, 0x8400006Fu, 0x8001, 0, FFA_TSP_CMD_LEND, h, 0, 0, 0);
	assert_int_equal(r.a[3], 0xa7);
	assert_int_equal(reclaim(t, h, 0), 0);
	/* A non-zero tag does not match the TSP's retrieve. */
	d = td_simple(TH_DATA, 1);
	d.tag = 5;
	h = share(t, TH_SHARE32, &d);
	r = th_call(t, 0xC400006Fu, 0x8001, 0, FFA_TSP_CMD_SHARE, h, 0, 0, 0);
	assert_int_equal(r.a[3], FFA_TSP_ERR_RETRIEVE);
	assert_int_equal(reclaim(t, h, 0), 0);
	/*
	 * A descriptor naming another sender (TF-A lets it through): the
	 * TSP's retrieve names the direct request's source, so it fails
	 * (spmc_ffa_mem_retrieve_req: "wrong sender id"), as explore found.
	 */
	d = td_simple(TH_DATA, 1);
	d.sender = 0x0001;
	h = share(t, TH_SHARE32, &d);
	r = th_call(t, 0xC400006Fu, 0x8001, 0, FFA_TSP_CMD_SHARE, h, 0, 0, 0);
	assert_int_equal(r.a[3], FFA_TSP_ERR_RETRIEVE);
	assert_int_equal(reclaim(t, h, 0), 0);
	/* Echo: a4 comes back in a3; anything else is 0xFFFFFFFF. */
	r = th_call(t, 0x8400006Fu, 0x8001, 0, FFA_TSP_CMD_ECHO, 0x1234, 0, 0,
		    0);
	assert_int_equal(r.a[3], 0x1234);
	r = th_call(t, 0x8400006Fu, 0x8001, 0, 2, 0, 0, 0, 0);
	assert_int_equal(r.a[3], FFA_TSP_ERR_UNKNOWN);
	assert_int_equal(page[0], 0xa7);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_handles),
		cmocka_unit_test(test_lend_donate),
		cmocka_unit_test(test_send_register_errors),
		cmocka_unit_test(test_descriptor_rejections),
		cmocka_unit_test(test_layout_follows_version),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_fragmented),
		cmocka_unit_test(test_fragment_errors),
		cmocka_unit_test(test_reclaim_cases),
		cmocka_unit_test(test_reclaim_while_retrieved),
		cmocka_unit_test(test_two_borrowers),
		cmocka_unit_test(test_indirect_borrower),
		cmocka_unit_test(test_zero_on_reclaim),
		cmocka_unit_test(test_send_flag_bit2_refused),
		cmocka_unit_test(test_sp_permissions),
		cmocka_unit_test(test_profile_tfa),
		cmocka_unit_test(test_frag_rules),
		cmocka_unit_test(test_tsp_touch),
		cmocka_unit_test(test_frag_tx_sender_tfa),
		cmocka_unit_test(test_profile_optee),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_validate_shared_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
