// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/sim.c: the sim backend ops (kmod role + hosted SPMC model).
 * The state file itself is tested in test_sim_state.c. Every test works on
 * a state file in a fresh temporary directory named by $FFACTL_SIM_STATE.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend.h"
#include "ffa/desc.h"
#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"
#include "sim_image.h"
#include "sim_state.h"

#include "sim_fixture.h"

/* Direct request to the test partition (model.h protocol). */
static struct ffa_regs sp_cmd(struct ffactl_backend *be, uint32_t cmd,
			      uint64_t handle, uint32_t arg)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	r.a[1] = (uint64_t)FFA_MODEL_NWD_ID << 16 | FFA_MODEL_TEST_SP_ID;
	r.a[3] = cmd;
	r.a[4] = ffa_handle_lo(handle);
	r.a[5] = ffa_handle_hi(handle);
	r.a[6] = arg;
	assert_int_equal(be->ops->call(be, &r), 0);
	assert_int_equal(r.a[0],
			 FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_RESP));
	return r;
}

/* ---- share and reclaim --------------------------------------------------- */

static void test_share_reclaim_zero(void **state)
{
	struct ffactl_backend be;
	struct handle_info l[8];
	struct mem_reclaim_res rr;
	uint64_t h, h2;
	size_t n;

	(void)state;
	open_sim(&be);
	h = share_ok(&be, 4, 0xA5A5A5A5u);
	n = list_handles(&be, l, 8);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].handle, h);
	assert_int_equal(l[0].pages, 4);
	assert_int_equal(l[0].fn_num, FFA_MEM_SHARE);
	assert_int_equal(l[0].state, HANDLE_OWNED);
	assert_int_equal(l[0].receiver_count, 1);
	assert_int_equal(l[0].receivers[0], FFA_MODEL_TEST_SP_ID);
	close_sim(&be);

	/* The state survives close and reopen. */
	open_sim(&be);
	n = list_handles(&be, l, 8);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].handle, h);

	/* No zero flag: the pages come back with what was written. */
	h2 = share_ok(&be, 2, 0x5Au);
	assert_int_equal(be.ops->mem_reclaim(&be, h2, 0, true, &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_true(rr.verified);
	assert_false(rr.zeroed);
	assert_int_equal(rr.pages, 2);
	assert_int_equal(rr.pages_freed, 2);

	assert_int_equal(be.ops->mem_reclaim(&be, h, FFA_RECLAIM_ZERO, true,
					     &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_true(rr.verified);
	assert_true(rr.zeroed);
	assert_int_equal(rr.pages, 4);
	assert_int_equal(rr.pages_freed, 4);
	assert_int_equal(list_handles(&be, l, 8), 0);

	/* Second time: the SPMC no longer knows it, nothing to free. */
	assert_int_equal(be.ops->mem_reclaim(&be, h, 0, false, &rr), 0);
	assert_int_equal(rr.regs.a[0], ERROR32);
	assert_int_equal((int32_t)rr.regs.a[2], FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rr.pages, 0);
	assert_int_equal(rr.pages_freed, 0);
	close_sim(&be);
}

/* The partition sees the pattern the tool filled in: PAs really reach it. */
static void test_share_pages_visible_to_sp(void **state)
{
	struct ffactl_backend be;
	struct mem_reclaim_res rr;
	struct handle_info l[2];
	struct ffa_regs r;
	uint64_t h;

	(void)state;
	open_sim(&be);
	h = share_ok(&be, 3, 0x12345678u);
	r = sp_cmd(&be, FFA_SP_CMD_RETRIEVE, h, 0);
	assert_int_equal((int32_t)r.a[3], 0);
	assert_int_equal(list_handles(&be, l, 2), 1);
	assert_int_equal(l[0].state, HANDLE_RETRIEVED);
	r = sp_cmd(&be, FFA_SP_CMD_CHECKSUM, h, 0);
	assert_int_equal((int32_t)r.a[3], 0);
	assert_int_not_equal(r.a[4], 0);

	/* Retrieved: the SPMC says DENIED, the pages and record stay. */
	assert_int_equal(be.ops->mem_reclaim(&be, h, 0, true, &rr), 0);
	assert_int_equal(rr.regs.a[0], ERROR32);
	assert_int_equal((int32_t)rr.regs.a[2], FFA_RET_DENIED);
	assert_int_equal(rr.pages, 3);
	assert_int_equal(rr.pages_freed, 0);
	assert_false(rr.verified);
	assert_int_equal(list_handles(&be, l, 2), 1);

	/* The partition zeroes it itself; the sim reads the zeros back. */
	r = sp_cmd(&be, FFA_SP_CMD_WRITE, h, 0);
	assert_int_equal((int32_t)r.a[3], 0);
	r = sp_cmd(&be, FFA_SP_CMD_CHECKSUM, h, 0);
	assert_int_equal(r.a[4], 0);
	r = sp_cmd(&be, FFA_SP_CMD_RELINQUISH, h, 0);
	assert_int_equal((int32_t)r.a[3], 0);
	assert_int_equal(be.ops->mem_reclaim(&be, h, 0, true, &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_true(rr.zeroed);
	assert_int_equal(rr.pages_freed, 3);
	close_sim(&be);
}

static void test_share_fragmented(void **state)
{
	struct ffactl_backend be;
	struct mem_send_res res;
	struct mem_reclaim_res rr;
	struct handle_info l[4];

	(void)state;
	open_sim(&be);
	/* 80 + 300 * 16 = 4880 bytes: more than TX holds. */
	assert_int_equal(share(&be, 300, 0x77, 0, &res), 0);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	assert_int_equal(res.fragments, 2);
	assert_int_equal(list_handles(&be, l, 4), 1);
	assert_int_equal(l[0].pages, 300);
	close_sim(&be);

	/* Small fragments on request: 1680 bytes in 512-byte pieces. */
	open_sim(&be);
	assert_int_equal(share(&be, 100, 0x88, 512, &res), 0);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	assert_int_equal(res.fragments, 4);
	assert_int_equal(list_handles(&be, l, 4), 2);
	assert_int_equal(be.ops->mem_reclaim(&be, res.handle, FFA_RECLAIM_ZERO,
					     true, &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_true(rr.zeroed);
	assert_int_equal(rr.pages_freed, 100);
	assert_int_equal(list_handles(&be, l, 4), 1);
	assert_int_equal(l[0].pages, 300);

	/* 3 constituents = 128 bytes, one fragment of 128 < 4 KiB. */
	assert_int_equal(share(&be, 3, 0x99, 4096, &res), 0);
	assert_int_equal(res.fragments, 1);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	close_sim(&be);
}

static void test_send_bounds_and_refusal(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req;
	struct mem_send_res res;
	struct sim_status st;
	uint8_t d[512];
	char err[256];

	(void)state;
	open_sim(&be);
	memset(&req, 0, sizeof(req));
	req.fid = SHARE32;
	req.desc = d;
	req.desc_len = build_desc(FFA_MODEL_TEST_SP_ID, 2, d, sizeof(d));
	req.cons_off = CONS_OFF(1) + 1; /* runs one byte past the end */
	req.cons_count = 2;
	req.pages = 2;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EINVAL);
	assert_non_null(strstr(be.errmsg, "outside"));
	assert_null(strchr(be.errmsg, '\n'));
	req.cons_off = UINT32_MAX - 8; /* must not wrap around */
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EINVAL);
	req.cons_off = CONS_OFF(1);
	req.pages = 1; /* fewer pages than constituents */
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EINVAL);
	req.pages = 2;
	req.fid = FFA_FN_SMC32(FFA_MEM_RECLAIM); /* not a send */
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EINVAL);
	req.fid = SHARE32;

	/* Unknown receiver: the SPMC refuses, the pages are not kept. */
	req.pages = 2;
	req.desc_len = build_desc(0x1234, 2, d, sizeof(d));
	assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
	assert_int_equal(res.regs.a[0], ERROR32);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.live_handles, 0);

	/* AS_IS: the zero addresses go out untouched and are refused. */
	req.desc_len = build_desc(FFA_MODEL_TEST_SP_ID, 2, d, sizeof(d));
	req.addr_mode = MEM_ADDR_AS_IS;
	req.cons_off = 0;
	req.cons_count = 0;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
	assert_int_equal(res.regs.a[0], ERROR32);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.live_handles, 0);
	close_sim(&be);
}

/*
 * Addresses are never handed out twice while live, even across processes:
 * the model refuses constituents overlapping a live transaction, so a
 * reused address would make a later send fail.
 */
static void test_addresses_unique(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req;
	struct mem_send_res res;
	static uint8_t d[3][256];
	struct handle_info l[4];
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		open_sim(&be);
		memset(&req, 0, sizeof(req));
		req.fid = LEND32;
		req.desc = d[i];
		req.desc_len = build_desc(FFA_MODEL_TEST_SP_ID, 1, d[i],
					  sizeof(d[i]));
		/* A lend to one borrower: attributes not specified (DEN0077
		 * v1.1 §10.10.4). */
		ffa_put16(d[i] + 2, 0);
		req.cons_off = CONS_OFF(1);
		req.cons_count = 1;
		req.pages = 1;
		assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
		assert_int_equal(res.regs.a[0], SUCCESS32);
		/* The backend works on a copy: the caller's is untouched. */
		assert_int_equal(ffa_le64(d[i] + CONS_OFF(1)), 0);
		close_sim(&be);
	}
	open_sim(&be);
	assert_int_equal(list_handles(&be, l, 4), 3);
	assert_int_equal(l[2].fn_num, FFA_MEM_LEND);
	close_sim(&be);
}

/* ---- raw calls and partition info --------------------------------------- */

static void test_call_and_partition_info(void **state)
{
	struct ffactl_backend be;
	struct ffa_regs r;
	uint32_t nil[4] = { 0 };
	uint8_t buf[4096];
	size_t len;
	int i;

	(void)state;
	open_sim(&be);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_1;
	assert_int_equal(be.ops->call(&be, &r), 0);
	assert_int_equal(r.a[0], FFA_MODEL_VERSION);

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_ID_GET);
	assert_int_equal(be.ops->call(&be, &r), 0);
	assert_int_equal(r.a[0], SUCCESS32);
	assert_int_equal(r.a[2], FFA_MODEL_NWD_ID);

	/* Memory and RX/TX ABIs are the kmod's own, as on the device. */
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	assert_int_equal(be.ops->call(&be, &r), -EPERM);
	assert_true(strlen(be.errmsg) > 0);
	r.a[0] = FFA_FN_SMC64(FFA_RXTX_MAP);
	assert_int_equal(be.ops->call(&be, &r), -EPERM);
	r.a[0] = 0x84000001; /* not FF-A */
	assert_int_equal(be.ops->call(&be, &r), -EPERM);

	/* Twice: the first one must have released RX. */
	for (i = 0; i < 2; i++) {
		memset(&r, 0, sizeof(r));
		len = 0;
		assert_int_equal(be.ops->partition_info(&be, nil, 0, &r, buf,
							sizeof(buf), &len), 0);
		assert_int_equal(r.a[0], SUCCESS32);
		assert_true(r.a[2] >= 1);
		assert_int_equal(len, r.a[2] * r.a[3]);
		/* v1.1 descriptor: id u16 @0 ... the test SP is listed. */
		assert_true(len >= 8);
	}
	{
		int found = 0;
		size_t off;

		for (off = 0; off + r.a[3] <= len; off += r.a[3])
			found |= ffa_le16(buf + off) == FFA_MODEL_TEST_SP_ID;
		assert_true(found);
	}
	/* Bounded by the caller's buffer. */
	assert_int_equal(be.ops->partition_info(&be, nil, 0, &r, buf, 5, &len),
			 0);
	assert_int_equal(len, 5);
	/* Count only: RX stays with the SPMC, nothing copied. */
	assert_int_equal(be.ops->partition_info(&be, nil,
						FFA_PARTITION_INFO_COUNT_ONLY,
						&r, buf, sizeof(buf), &len), 0);
	assert_int_equal(r.a[0], SUCCESS32);
	assert_int_equal(len, 0);
	assert_int_equal(be.ops->partition_info(&be, nil, 0, &r, buf,
						sizeof(buf), &len), 0);
	assert_int_equal(r.a[0], SUCCESS32);
	close_sim(&be);
}

/* sim_send_many: n handles under one load and save, each its own pages. */
static void test_send_many(void **state)
{
	static uint8_t d[256];
	struct handle_info l[300];
	struct ffactl_backend be, dev = { 0 };
	struct mem_send_req req;
	struct mem_send_res res;
	uint64_t last;
	size_t n, i;

	(void)state;
	open_sim(&be);
	memset(&req, 0, sizeof(req));
	req.fid = SHARE32;
	req.desc = d;
	req.desc_len = build_desc(FFA_MODEL_TEST_SP_ID, 1, d, sizeof(d));
	req.cons_off = CONS_OFF(1);
	req.cons_count = 1;
	req.pages = 1;
	req.addr_mode = MEM_ADDR_FILL;
	assert_int_equal(sim_send_many(&be, &req, 250, &res), 0);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	last = res.handle;
	close_sim(&be);
	/* Persisted: a new open sees all 250, sequential, distinct pages. */
	open_sim(&be);
	n = list_handles(&be, l, 300);
	assert_int_equal(n, 250);
	for (i = 0; i < n; i++)
		assert_int_equal(l[i].handle, last - 249 + i);
	assert_int_equal(share_ok(&be, 1, 0), last + 1);
	/* A refusal stops the run and is the answer (tfa-el3: no donate). */
	req.fid = FFA_FN_SMC32(FFA_MEM_DONATE);
	close_sim(&be);
	assert_int_equal(sim_reset(NULL, FFA_PROFILE_TFA_EL3, FFA_LAYOUT_TEST, NULL, 0), 0);
	open_sim(&be);
	assert_int_equal(sim_send_many(&be, &req, 5, &res), 0);
	assert_int_equal(res.regs.a[0], ERROR32);
	assert_int_equal(list_handles(&be, l, 300), 0);
	close_sim(&be);
	/* Only for the sim backend. */
	assert_int_equal(sim_send_many(&dev, &req, 1, &res), -EOPNOTSUPP);
}

/* The commit number in the state file's header. */
static uint64_t file_seq(const char *path)
{
	struct sim_hdr h;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &h, sizeof(h), 0), (ssize_t)sizeof(h));
	close(fd);
	return h.seq;
}

/*
 * A call that changes nothing (FFA_VERSION asked the same way again,
 * FFA_ID_GET) leaves the file alone: no rewrite, no fsync per invocation.
 */
static void test_readonly_call_not_saved(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct ffa_regs r;
	char err[128];
	uint64_t a;

	(void)f;
	open_sim(&be);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_1;
	assert_int_equal(be.ops->call(&be, &r), 0);
	a = file_seq(f->path);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_1;
	assert_int_equal(be.ops->call(&be, &r), 0);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_ID_GET);
	assert_int_equal(be.ops->call(&be, &r), 0);
	assert_int_equal(r.a[0], SUCCESS32);
	/* Every save, whole or a journal commit, moves the commit number. */
	assert_int_equal(file_seq(f->path), a);
	/*
	 * Another version: the spec profile refuses it once other calls
	 * were made (DEN0077 v1.2 §13.2), which changes nothing...
	 */
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_2;
	assert_int_equal(be.ops->call(&be, &r), 0);
	assert_int_equal((uint32_t)r.a[0], (uint32_t)FFA_RET_NOT_SUPPORTED);
	assert_int_equal(file_seq(f->path), a);
	close_sim(&be);
	/* ...and a profile that renegotiates takes it: a change, saved. */
	assert_int_equal(sim_reset(f->path, FFA_PROFILE_TFA_EL3,
				   FFA_LAYOUT_TEST, err, sizeof(err)), 0);
	open_sim(&be);
	a = file_seq(f->path);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_0;
	assert_int_equal(be.ops->call(&be, &r), 0);
	assert_int_equal((uint32_t)r.a[0], FFA_VERSION_1_1);
	assert_int_equal(file_seq(f->path), a + 1);
	close_sim(&be);
}

static uint32_t negotiated(struct ffactl_backend *be)
{
	struct negotiated_version nv;

	assert_int_equal(be->ops->negotiated(be, &nv), 0);
	assert_true(nv.tracked);
	return nv.version;
}

static uint32_t raw_version(struct ffactl_backend *be, uint32_t v)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = v;
	assert_int_equal(be->ops->call(be, &r), 0);
	return (uint32_t)r.a[0];
}

/*
 * The sim plays the module: it negotiates 1.1 when it starts after a
 * reset (the module's default at load), and follows every FFA_VERSION the
 * SPMC answers with a version; the record is in the state file.
 */
static void test_negotiated_version(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct sim_state *st;
	char err[128];

	assert_int_equal(sim_reset(f->path, FFA_PROFILE_SPEC, FFA_LAYOUT_TEST, err,
				   sizeof(err)), 0);
	/* Reset leaves none; the first open negotiates, as insmod does. */
	assert_int_equal(sim_state_load(f->path, &st, NULL, err,
					sizeof(err)), 0);
	assert_int_equal(st->ms.version, 0);
	sim_state_free(st);
	open_sim(&be);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_1);
	/*
	 * The spec profile fixed 1.1 when the module mapped RX/TX (DEN0077
	 * v1.2 §13.2): another version is refused, the one in effect kept.
	 */
	assert_int_equal(raw_version(&be, FFA_VERSION_1_0),
			 (uint32_t)FFA_RET_NOT_SUPPORTED);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_1);
	assert_int_equal(raw_version(&be, FFA_VERSION_1_1), FFA_VERSION_1_2);
	close_sim(&be);
	/* `sim reset --negotiate 1.0`: the module asks 1.0 at load. */
	assert_int_equal(sim_reset_version(f->path, FFA_PROFILE_SPEC,
					   FFA_LAYOUT_TEST, FFA_VERSION_1_0,
					   err, sizeof(err)), 0);
	assert_int_equal(sim_state_load(f->path, &st, NULL, err,
					sizeof(err)), 0);
	assert_int_equal(st->ms.version, FFA_VERSION_1_0);
	assert_int_equal(st->ms.rxtx_pages, 0);
	sim_state_free(st);
	open_sim(&be);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_0);
	assert_int_equal(raw_version(&be, FFA_VERSION_1_1),
			 (uint32_t)FFA_RET_NOT_SUPPORTED);
	close_sim(&be);
	/* The module asks for 1.x only. */
	assert_int_equal(sim_reset_version(f->path, FFA_PROFILE_SPEC,
					   FFA_LAYOUT_TEST,
					   FFA_VERSION_MAKE(2, 0), err,
					   sizeof(err)), -EINVAL);
	/* OP-TEE lets the caller renegotiate: the sim follows. */
	assert_int_equal(sim_reset(f->path, FFA_PROFILE_OPTEE, FFA_LAYOUT_TEST,
				   err, sizeof(err)), 0);
	open_sim(&be);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_1);
	assert_int_equal(raw_version(&be, FFA_VERSION_1_0), FFA_VERSION_1_2);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_0);
	/*
	 * Refused (bit 31), or another major (answered with the callee's
	 * own version, DEN0077 §13.2): nothing agreed, nothing changes.
	 */
	assert_int_equal(raw_version(&be, FFA_VERSION_MBZ | FFA_VERSION_1_1),
			 (uint32_t)FFA_RET_NOT_SUPPORTED);
	assert_int_equal(raw_version(&be, FFA_VERSION_MAKE(2, 0)),
			 FFA_VERSION_1_2);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_0);
	close_sim(&be);
	/* Kept across invocations, and not renegotiated at open. */
	open_sim(&be);
	assert_int_equal(negotiated(&be), FFA_VERSION_1_0);
	close_sim(&be);
}

/* ---- the pages of a live handle sent again (mem_send_req.reuse) ----- */

static int reuse(struct ffactl_backend *be, uint64_t h, uint32_t n,
		 struct mem_send_res *res)
{
	static uint8_t d[4096];
	struct mem_send_req req;

	share_req(&req, n, d, sizeof(d));
	req.reuse = true;
	req.reuse_handle = h;
	return be->ops->mem_send(be, &req, res);
}

/* The model answers the next call of @fn_num with a0 = FFA_SUCCESS. */
static void fake_success(struct ffactl_backend *be, uint32_t fn_num)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	r.a[1] = (uint64_t)FFA_MODEL_NWD_ID << 16 | FFA_MODEL_TEST_SP_ID;
	r.a[3] = FFA_SP_CMD_FAULT;
	r.a[4] = fn_num;
	r.a[6] = 1;
	r.a[7] = SUCCESS32;
	assert_int_equal(be->ops->call(be, &r), 0);
	assert_int_equal(r.a[3], 0);
}

static void test_reuse(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct mem_send_res res;
	struct mem_reclaim_res rr;
	struct handle_info l[4];
	uint8_t *before, *after;
	size_t blen, alen;
	uint64_t h;

	open_sim(&be);
	h = share_ok(&be, 2, 0xA5A5A5A5u);
	/* The spec's answer to a second transaction of the same pages. */
	assert_int_equal(reuse(&be, h, 2, &res), 0);
	assert_int_equal(res.regs.a[0], ERROR32);
	assert_int_equal((int32_t)res.regs.a[2], FFA_RET_DENIED);
	assert_int_equal(reuse(&be, h, 1, &res), 0);
	assert_int_equal((int32_t)res.regs.a[2], FFA_RET_DENIED);
	assert_int_equal(list_handles(&be, l, 4), 1);

	/* Refused before any call, the state file untouched. */
	before = read_file(f->path, &blen);
	assert_int_equal(reuse(&be, 0x1234, 1, &res), -ESRCH);
	assert_non_null(strstr(be.errmsg, "no pages"));
	assert_int_equal(reuse(&be, h, 3, &res), -ERANGE);
	assert_non_null(strstr(be.errmsg, "holds 2 pages"));
	assert_int_equal(reuse(&be, h, 0, &res), -ERANGE);
	after = read_file(f->path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(before, after, blen);
	free(before);
	free(after);

	/* A firmware that accepts (faked): a record borrowing the pages. */
	fake_success(&be, FFA_MEM_SHARE);
	assert_int_equal(reuse(&be, h, 2, &res), 0);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	assert_int_equal(res.handle, 0);
	close_sim(&be);
	open_sim(&be);  /* the file with the borrowing record loads */
	assert_int_equal(list_handles(&be, l, 4), 2);
	assert_int_equal(l[1].handle, 0);
	assert_int_equal(l[1].pages, 2);
	/* Not a handle to borrow from in turn. */
	assert_int_equal(reuse(&be, 0, 1, &res), -ESRCH);
	assert_int_equal(be.ops->mem_reclaim(&be, h, 0, true, &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	fake_success(&be, FFA_MEM_RECLAIM);
	assert_int_equal(be.ops->mem_reclaim(&be, 0, 0, true, &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_int_equal(rr.pages, 2);
	assert_int_equal(rr.pages_freed, 0);
	assert_false(rr.verified);
	assert_int_equal(list_handles(&be, l, 4), 0);
	close_sim(&be);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_share_reclaim_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_share_pages_visible_to_sp,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_fragmented, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_send_bounds_and_refusal,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_addresses_unique, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_send_many, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_readonly_call_not_saved,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiated_version, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_call_and_partition_info,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
