// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/sim.c: the sim backend (kmod role + hosted SPMC model) and
 * its state file. Every test works on a state file in a fresh temporary
 * directory named by $FFACTL_SIM_STATE.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend.h"
#include "ffa/desc.h"
#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"

#define SHARE32 FFA_FN_SMC32(FFA_MEM_SHARE)
#define LEND32 FFA_FN_SMC32(FFA_MEM_LEND)
#define ERROR32 FFA_FN_SMC32(FFA_ERROR)
#define SUCCESS32 FFA_FN_SMC32(FFA_SUCCESS)

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_sim.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sim.state", f->dir);
	setenv("FFACTL_SIM_STATE", f->path, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	unsetenv("FFACTL_SIM_STATE");
	free(f);
	return 0;
}

static void open_sim(struct ffactl_backend *be)
{
	struct backend_opts o = { 0 };

	memset(be, 0, sizeof(*be));
	assert_int_equal(sim_backend_open(be, &o), 0);
	assert_non_null(be->ops);
}

static void close_sim(struct ffactl_backend *be)
{
	be->ops->close(be);
}

/*
 * A v1.1 share descriptor for @to with @n one-page constituents, addresses
 * left 0 for the backend to fill. Layout by hand from DEN0077 §10.11:
 * 48-byte header, one 16-byte EMAD, the composite at 64, constituents
 * from 80.
 */
#define CONS_OFF(nrecv) (48u + 16u * (nrecv) + 16u)

static uint32_t build_desc(uint16_t to, uint32_t n, uint8_t *buf, size_t cap)
{
	struct ffa_constituent *cons = calloc(n ? n : 1, sizeof(*cons));
	struct ffa_mem_region r;
	size_t len;
	uint32_t i;

	assert_non_null(cons);
	for (i = 0; i < n; i++)
		cons[i].page_count = 1;
	memset(&r, 0, sizeof(r));
	r.version = FFA_VERSION_1_1;
	r.sender = FFA_MODEL_NWD_ID;
	r.attributes = FFA_ATTR_NORMAL_WB_INNER;
	r.receiver_count = 1;
	r.receivers[0].receiver = to;
	r.receivers[0].perm = FFA_PERM_RW;
	len = ffa_desc_encode(&r, cons, n, buf, cap);
	free(cons);
	assert_int_equal(len, CONS_OFF(1) + 16u * n);
	return (uint32_t)len;
}

static int share(struct ffactl_backend *be, uint32_t n, uint32_t pattern,
		 uint32_t frag_len, struct mem_send_res *res)
{
	static uint8_t d[1u << 16];
	struct mem_send_req req;

	memset(&req, 0, sizeof(req));
	req.fid = SHARE32;
	req.desc = d;
	req.desc_len = build_desc(FFA_MODEL_TEST_SP_ID, n, d, sizeof(d));
	req.cons_off = CONS_OFF(1);
	req.cons_count = n;
	req.pages = n;
	req.addr_mode = MEM_ADDR_FILL;
	req.fill = pattern != 0;
	req.fill_pattern = pattern;
	req.frag_len = frag_len;
	return be->ops->mem_send(be, &req, res);
}

static uint64_t share_ok(struct ffactl_backend *be, uint32_t n,
			 uint32_t pattern)
{
	struct mem_send_res res;

	assert_int_equal(share(be, n, pattern, 0, &res), 0);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	assert_int_not_equal(res.handle, 0);
	assert_int_equal(res.handle,
			 ffa_handle_join(res.regs.a[2], res.regs.a[3]));
	return res.handle;
}

static size_t list_handles(struct ffactl_backend *be, struct handle_info *l,
			   size_t cap)
{
	size_t n = 0;

	assert_int_equal(be->ops->handles(be, l, cap, &n), 0);
	return n;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	struct stat sb;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &sb), 0);
	buf = malloc((size_t)sb.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, (size_t)sb.st_size), sb.st_size);
	close(fd);
	*len = (size_t)sb.st_size;
	return buf;
}

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

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

/* ---- path selection ---------------------------------------------------- */

static void test_path_selection(void **state)
{
	char buf[256], want[64];

	(void)state;
	setenv("FFACTL_SIM_STATE", "/some/where/x.state", 1);
	setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/some/where/x.state");

	unsetenv("FFACTL_SIM_STATE");
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/run/user/4242/ffactl/sim.state");

	/* Empty variables count as unset. */
	setenv("FFACTL_SIM_STATE", "", 1);
	setenv("XDG_RUNTIME_DIR", "", 1);
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "/tmp/ffactl-%u/sim.state",
		 (unsigned int)getuid());
	assert_string_equal(buf, want);

	unsetenv("XDG_RUNTIME_DIR");
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
	assert_int_equal(sim_state_path(buf, 10), -ENAMETOOLONG);
}

/* The default directory is created 0700 when the file is opened. */
static void test_open_creates_xdg_dir(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	char p[256];
	struct stat sb;

	unsetenv("FFACTL_SIM_STATE");
	setenv("XDG_RUNTIME_DIR", f->dir, 1);
	open_sim(&be);
	close_sim(&be);
	snprintf(p, sizeof(p), "%s/ffactl", f->dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(p, sizeof(p), "%s/ffactl/sim.state", f->dir);
	assert_int_equal(stat(p, &sb), 0);
	unsetenv("XDG_RUNTIME_DIR");
}

/* ---- open, status, reset ------------------------------------------------- */

static void test_open_missing_file(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct sim_status st;
	char err[256];

	/* Status of a missing file: a fresh state, nothing created. */
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.profile, FFA_PROFILE_SPEC);
	assert_int_equal(st.rxtx_mapped, 0);
	assert_int_equal(access(f->path, F_OK), -1);

	open_sim(&be);
	close_sim(&be);
	assert_int_equal(access(f->path, F_OK), 0);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_string_equal(st.path, f->path);
	assert_int_equal(st.profile, FFA_PROFILE_SPEC);
	assert_int_equal(st.rxtx_mapped, 1); /* the kmod's FFA_RXTX_MAP */
	assert_int_equal(st.rx_owned, 0);
	assert_int_equal(st.live_handles, 0);
	assert_true(st.partition_count >= 1);
}

static void test_reset_profile(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct handle_info l[4];
	struct mem_reclaim_res rr;
	struct sim_status st;
	char err[256];
	uint64_t h;

	open_sim(&be);
	share_ok(&be, 2, 0x11);
	close_sim(&be);

	assert_int_equal(sim_reset(NULL, FFA_PROFILE_TFA_EL3, err,
				   sizeof(err)), 0);
	assert_int_equal(sim_status(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(st.profile, FFA_PROFILE_TFA_EL3);
	assert_int_equal(st.live_handles, 0);

	/* The profile is really in effect: TF-A refuses any reclaim flag. */
	open_sim(&be);
	assert_int_equal(list_handles(&be, l, 4), 0);
	h = share_ok(&be, 1, 0x22);
	assert_int_equal(be.ops->mem_reclaim(&be, h, FFA_RECLAIM_ZERO, true,
					     &rr), 0);
	assert_int_equal(rr.regs.a[0], ERROR32);
	assert_int_equal((int32_t)rr.regs.a[2], FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rr.pages, 1);
	assert_int_equal(rr.pages_freed, 0);
	assert_int_equal(list_handles(&be, l, 4), 1);
	assert_int_equal(be.ops->mem_reclaim(&be, h, 0, false, &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_int_equal(rr.pages_freed, 1);
	close_sim(&be);

	assert_int_equal(sim_reset(NULL, FFA_PROFILE_COUNT, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "profile"));
}

static void test_status_counts(void **state)
{
	struct ffactl_backend be;
	struct mem_reclaim_res rr;
	struct sim_status st0, st;
	char err[256];
	uint64_t h1, h2;

	(void)state;
	open_sim(&be);
	assert_int_equal(sim_status(NULL, &st0, err, sizeof(err)), 0);
	h1 = share_ok(&be, 3, 0xAB);
	h2 = share_ok(&be, 5, 0xCD);
	assert_int_not_equal(h1, h2);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.live_handles, 2);
	assert_int_equal(st.next_handle, st0.next_handle + 2);
	assert_int_equal(be.ops->mem_reclaim(&be, h2, FFA_RECLAIM_ZERO, false,
					     &rr), 0);
	assert_int_equal(rr.regs.a[0], SUCCESS32);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.live_handles, 1);
	assert_int_equal(st.zeroed_pages, st0.zeroed_pages + 5);
	close_sim(&be);
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

/* ---- corrupt files ------------------------------------------------------- */

/* Opening @img as the state must fail with a message naming @what. */
static void expect_corrupt(struct fixture *f, const uint8_t *img, size_t len,
			   const char *what)
{
	struct ffactl_backend be;
	struct backend_opts o = { 0 };
	struct sim_status st;
	uint8_t *after;
	size_t alen;
	char err[256];

	write_file(f->path, img, len);
	memset(&be, 0, sizeof(be));
	assert_int_equal(sim_backend_open(&be, &o), -EINVAL);
	assert_non_null(strstr(be.errmsg, f->path));
	if (!strstr(be.errmsg, what))
		fail_msg("errmsg '%s' lacks '%s'", be.errmsg, what);
	assert_non_null(strstr(be.errmsg, "ffactl sim reset"));
	assert_null(strchr(be.errmsg, '\n'));
	assert_int_not_equal(strncmp(be.errmsg, "ffactl:", 7), 0);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, what));

	after = read_file(f->path, &alen);
	assert_int_equal(alen, len);
	assert_memory_equal(after, img, len);
	free(after);
}

static void test_corrupt_files(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct handle_info l[4];
	struct sim_status st;
	uint8_t *img, *bad;
	size_t len, cut[] = { 1, 5, 8, 11, 40, 0, 0, 0 };
	char err[256];
	uint32_t v;
	size_t i;

	open_sim(&be);
	share_ok(&be, 3, 0x42);
	close_sim(&be);
	img = read_file(f->path, &len);
	bad = malloc(len);
	assert_non_null(bad);
	assert_memory_equal(img, "FFACTLSM", 8);

	expect_corrupt(f, img, 0, "empty");
	cut[5] = len / 2;
	cut[6] = len - 1;
	cut[7] = len - 4;
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++)
		expect_corrupt(f, img, cut[i], "truncated");

	for (i = 16; i < len; i += len / 7) {
		memcpy(bad, img, len);
		bad[i] ^= 0x10;
		if (i < 80)
			continue; /* header fields have their own messages */
		expect_corrupt(f, bad, len, "checksum mismatch");
	}
	memcpy(bad, img, len);
	bad[len - 1] ^= 0x01;
	expect_corrupt(f, bad, len, "checksum mismatch");

	memcpy(bad, img, len);
	bad[0] = 'X';
	expect_corrupt(f, bad, len, "not an ffactl sim state file");
	expect_corrupt(f, (const uint8_t *)"hello world, not a state\n", 25,
		       "not an ffactl sim state file");

	memcpy(bad, img, len);
	memcpy(&v, bad + 8, 4);
	v++;
	memcpy(bad + 8, &v, 4);
	expect_corrupt(f, bad, len, "format version");

	/* Trailing junk is corruption too. */
	{
		uint8_t *longer = calloc(1, len + 3);

		assert_non_null(longer);
		memcpy(longer, img, len);
		expect_corrupt(f, longer, len + 3, "trailing");
		free(longer);
	}

	/* Reset needs no valid old file; the original still loads. */
	assert_int_equal(sim_reset(NULL, FFA_PROFILE_OPTEE, err, sizeof(err)),
			 0);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.profile, FFA_PROFILE_OPTEE);
	write_file(f->path, img, len);
	open_sim(&be);
	assert_int_equal(list_handles(&be, l, 4), 1);
	assert_int_equal(l[0].pages, 3);
	close_sim(&be);
	free(bad);
	free(img);
}

/* ---- concurrency --------------------------------------------------------- */

#define NCHILD 8
#define NSHARE 200

struct seen {
	uint64_t handle;
	uint32_t kept;
	uint32_t pad;
};

static void child_work(int wfd, unsigned int seed)
{
	struct ffactl_backend be;
	struct backend_opts o = { 0 };
	struct mem_send_res res;
	struct mem_reclaim_res rr;
	struct seen s;
	int i;

	if (sim_backend_open(&be, &o))
		_exit(10);
	for (i = 0; i < NSHARE; i++) {
		if (share(&be, 1 + (seed + i) % 3, 0x1000 + i, 0, &res) ||
		    res.regs.a[0] != SUCCESS32)
			_exit(11);
		memset(&s, 0, sizeof(s));
		s.handle = res.handle;
		s.kept = i % 2;
		if (!s.kept &&
		    (be.ops->mem_reclaim(&be, res.handle, FFA_RECLAIM_ZERO,
					 true, &rr) ||
		     rr.regs.a[0] != SUCCESS32 || !rr.zeroed))
			_exit(12);
		if (write(wfd, &s, sizeof(s)) != (ssize_t)sizeof(s))
			_exit(13);
	}
	be.ops->close(&be);
	_exit(0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_concurrent(void **state)
{
	struct ffactl_backend be;
	static struct seen all[NCHILD * NSHARE];
	static uint64_t kept[NCHILD * NSHARE], listed[NCHILD * NSHARE + 1];
	static struct handle_info l[NCHILD * NSHARE + 1];
	size_t n = 0, nk = 0, nl, i;
	int p[2], c, status;
	pid_t pid[NCHILD];
	ssize_t got;

	(void)state;
	open_sim(&be); /* the file exists before the race starts */
	close_sim(&be);
	assert_int_equal(pipe(p), 0);
	for (c = 0; c < NCHILD; c++) {
		pid[c] = fork();
		assert_true(pid[c] >= 0);
		if (pid[c] == 0) {
			close(p[0]);
			child_work(p[1], (unsigned int)c);
		}
	}
	close(p[1]);
	/* Records are 16 bytes: pipe writes that small are atomic. */
	while ((got = read(p[0], &all[n], sizeof(all[0]))) > 0) {
		assert_int_equal(got, sizeof(all[0]));
		n++;
		assert_true(n <= NCHILD * NSHARE);
	}
	close(p[0]);
	for (c = 0; c < NCHILD; c++) {
		assert_int_equal(waitpid(pid[c], &status, 0), pid[c]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(n, NCHILD * NSHARE);

	/* Every handle seen is unique... */
	for (i = 0; i < n; i++) {
		listed[i] = all[i].handle;
		if (all[i].kept)
			kept[nk++] = all[i].handle;
	}
	qsort(listed, n, sizeof(listed[0]), cmp_u64);
	for (i = 1; i < n; i++)
		assert_true(listed[i] != listed[i - 1]);

	/* ...and the live list is exactly the kept ones. */
	open_sim(&be);
	nl = list_handles(&be, l, NCHILD * NSHARE + 1);
	assert_int_equal(nl, nk);
	for (i = 0; i < nl; i++)
		listed[i] = l[i].handle;
	qsort(listed, nl, sizeof(listed[0]), cmp_u64);
	qsort(kept, nk, sizeof(kept[0]), cmp_u64);
	assert_memory_equal(listed, kept, nk * sizeof(kept[0]));
	close_sim(&be);
}

/* ---- kill -9 ------------------------------------------------------------- */

static void child_loop(void)
{
	struct ffactl_backend be;
	struct backend_opts o = { 0 };
	struct mem_send_res res;
	struct mem_reclaim_res rr;
	uint32_t i;

	if (sim_backend_open(&be, &o))
		_exit(10);
	for (i = 0;; i++) {
		/* Big ones too, so kills land inside fragmented sends. */
		if (share(&be, i % 4 ? 1 + i % 7 : 300, i, 0, &res))
			_exit(11);
		if (i % 3 && res.regs.a[0] == SUCCESS32)
			be.ops->mem_reclaim(&be, res.handle, 1, true, &rr);
	}
}

static int count_tmp_files(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strstr(de->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

static void test_kill9(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct sim_status st;
	struct handle_info *l;
	char err[256];
	size_t n, k;
	int round, status;
	pid_t pid;
	struct timespec ts;

	srand(12345);
	l = calloc(4096, sizeof(*l));
	assert_non_null(l);
	open_sim(&be);
	close_sim(&be);
	for (round = 0; round < 20; round++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			child_loop();
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(2 + rand() % 25) * 1000000L;
		nanosleep(&ts, NULL);
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));

		/* Whatever the moment, the state loads and is consistent. */
		if (sim_status(NULL, &st, err, sizeof(err)) != 0)
			fail_msg("round %d: %s", round, err);
		open_sim(&be);
		/* Opening cleans up the temporary file a kill left behind. */
		assert_int_equal(count_tmp_files(f->dir), 0);
		n = list_handles(&be, l, 4096);
		assert_int_equal(n, st.live_handles);
		for (k = 0; k < n && k < 4096; k++)
			assert_int_not_equal(l[k].state, HANDLE_STUCK);
		close_sim(&be);
	}
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_path_selection, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_creates_xdg_dir,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_missing_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reset_profile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_status_counts, setup,
						teardown),
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
		cmocka_unit_test_setup_teardown(test_call_and_partition_info,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kill9, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
