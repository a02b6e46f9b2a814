// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl bench [startup|ioctl|sim-ops|sim-procs|desc...]: figures measured
 * side by side in one run, each with the ratio against its reference and
 * the target it is held to (bench/README.md). Benchmarks, not tests: a
 * missed target is reported, never an exit status.
 *
 * - startup:   `ffactl --backend sim version` vs /bin/true, fork+exec each
 *              (interleaved, so both see the same machine), min and median.
 * - ioctl:     one register-only call (FFA_VERSION) through FFACTL_IOC_CALL
 *              vs the module's kernel loop (FFACTL_IOC_BENCH) vs batches
 *              of FFACTL_IOC_CALL_BATCH. Needs /dev/ffactl.
 * - sim-ops:   the SPMC model as the sim hosts it, in this process, no
 *              state file: share+reclaim pairs with 1 k vs 1 M live handles.
 * - sim-procs: `ffactl --backend sim share` + `reclaim` as two processes,
 *              with 10 vs 10 k live handles in the state file.
 * - desc:      descriptor encode + decode + SPMC-side checks + reading every
 *              constituent, per constituent, for 1 to 4096 constituents.
 * - explore:   `ffactl explore` (seed 1) on the sim and, when there is one,
 *              on /dev/ffactl: operations per second, and the time in the
 *              backend's calls against the whole run's.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ffa/desc.h"
#include "ffa/ffa.h"
#include "ioctl_bridge.h"
#include "model.h"
#include "parse.h"
#include "sim.h"

extern char **environ;

enum {
	B_STARTUP = 1 << 0,
	B_IOCTL = 1 << 1,
	B_SIM_OPS = 1 << 2,
	B_SIM_PROCS = 1 << 3,
	B_DESC = 1 << 4,
	B_EXPLORE = 1 << 5,
	B_ALL = (1 << 6) - 1,
};

static const struct {
	const char *name;
	unsigned int bit;
} bench_names[] = {
	{ "startup", B_STARTUP }, { "ioctl", B_IOCTL },
	{ "sim-ops", B_SIM_OPS }, { "sim-procs", B_SIM_PROCS },
	{ "desc", B_DESC }, { "explore", B_EXPLORE },
};

static struct {
	bool quick;
	uint32_t runs;      /* 0 = default for each benchmark */
} opt;

enum { OPT_QUICK = 0x600, OPT_RUNS };

static const struct argp_option bench_options[] = {
	{ "quick", OPT_QUICK, NULL, 0, "Fewer runs and smaller sizes (a "
	  "smoke run of the benchmarks; the figures are noisier)", 0 },
	{ "runs", OPT_RUNS, "N", 0, "Runs of each process benchmark "
	  "(default 200 for startup, 40 for sim-procs)", 0 },
	{ 0 }
};

static error_t parse_bench(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case OPT_QUICK:
		opt.quick = true;
		return 0;
	case OPT_RUNS:
		if (parse_uint(arg, 100000, &v, err))
			exit(cli_usage(ctx, "--runs: %s", err));
		if (v < 3)
			exit(cli_usage(ctx, "--runs: at least 3"));
		opt.runs = (uint32_t)v;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/* ---- measuring ------------------------------------------------------------ */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct stats {
	double min, median; /* in the unit the caller scaled to */
};

static struct stats stats_of(uint64_t *v, uint32_t n, double scale)
{
	struct stats s;

	qsort(v, n, sizeof(*v), cmp_u64);
	s.min = (double)v[0] / scale;
	s.median = n % 2 ? (double)v[n / 2] / scale :
			   ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2 /
			   scale;
	return s;
}

/*
 * Runs @argv to completion, stdin and stderr on /dev/null, stdout into
 * @out (NUL-terminated) or /dev/null if @out is NULL. Returns the exit
 * status, or -errno (-ENOEXEC if it could not be executed).
 */
static int run_proc(char *const argv[], char *out, size_t outcap)
{
	posix_spawn_file_actions_t fa;
	int pfd[2] = { -1, -1 }, status, ret;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (out && pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	posix_spawn_file_actions_init(&fa);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
						 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	ret = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (out)
		close(pfd[1]);
	if (ret) {
		if (out)
			close(pfd[0]);
		return -ret;
	}
	if (out) {
		while (got + 1 < outcap &&
		       (n = read(pfd[0], out + got, outcap - 1 - got)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				break;
			got += (size_t)n;
		}
		out[got] = '\0';
		close(pfd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	/*
	 * 127: the child could not exec, reported late where the spawn is
	 * emulated (QEMU user mode); ffactl's own statuses stay below 30.
	 */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENOEXEC;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* ---- results ---------------------------------------------------------------- */

static json_object *bench_new(const char *name, const char *title)
{
	json_object *b = json_object_new_object();

	json_object_object_add(b, "name", json_object_new_string(name));
	json_object_object_add(b, "title", json_object_new_string(title));
	json_object_object_add(b, "rows", json_object_new_array());
	json_object_object_add(b, "ratios", json_object_new_array());
	return b;
}

/* A figure: @label, its text form, and numbers for JSON readers. */
static json_object *row_add(json_object *b, const char *label,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static json_object *row_add(json_object *b, const char *label,
			    const char *fmt, ...)
{
	json_object *rows, *r = json_object_new_object();
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	json_object_object_add(r, "label", json_object_new_string(label));
	json_object_object_add(r, "text", json_object_new_string(text));
	json_object_object_get_ex(b, "rows", &rows);
	json_object_array_add(rows, r);
	return r;
}

static void num_add(json_object *r, const char *key, double v)
{
	json_object_object_add(r, key, json_object_new_double(v));
}

/* A ratio against its reference, and whether it meets "<= @target". */
static void ratio_add(json_object *b, const char *what, double v,
		      double target)
{
	json_object *ratios, *r = json_object_new_object();

	json_object_object_add(r, "what", json_object_new_string(what));
	json_object_object_add(r, "value", json_object_new_double(v));
	json_object_object_add(r, "target", json_object_new_double(target));
	json_object_object_add(r, "met", json_object_new_boolean(v <= target));
	json_object_object_get_ex(b, "ratios", &ratios);
	json_object_array_add(ratios, r);
}

static void note_add(json_object *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note_add(json_object *b, const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	json_object_object_add(b, "note", json_object_new_string(text));
}

static json_object *skipped(json_object *b, const char *why)
{
	json_object_object_add(b, "skipped", json_object_new_string(why));
	return b;
}

/* ---- startup ---------------------------------------------------------------- */

struct env {
	char self[4096];   /* this ffactl */
	char dir[4000];    /* temporary directory for sim state */
	char state[4100];
};

static json_object *bench_startup(const struct env *e)
{
	json_object *b = bench_new("startup", "CLI cold start (fork + exec "
				   "+ exit)");
	uint32_t runs = opt.runs ? opt.runs : opt.quick ? 30 : 200, i;
	char *ff[] = { (char *)e->self, "--backend", "sim", "--state",
		       (char *)e->state, "version", NULL };
	char *tr[] = { "/bin/true", NULL };
	uint64_t *tf, *tt, t0;
	struct stats sf, st;
	json_object *r;
	int rc;

	tf = calloc(runs, sizeof(*tf));
	tt = calloc(runs, sizeof(*tt));
	if (!tf || !tt) {
		free(tf);
		free(tt);
		return skipped(b, "out of memory");
	}
	/* Warm the page cache and create the state file first. */
	for (i = 0; i < 5; i++) {
		run_proc(ff, NULL, 0);
		run_proc(tr, NULL, 0);
	}
	for (i = 0; i < runs; i++) {
		t0 = now_ns();
		rc = run_proc(ff, NULL, 0);
		tf[i] = now_ns() - t0;
		if (rc) {
			free(tf);
			free(tt);
			return skipped(b, rc < 0 ? "cannot run ffactl" :
				       "ffactl --backend sim version failed");
		}
		t0 = now_ns();
		rc = run_proc(tr, NULL, 0);
		tt[i] = now_ns() - t0;
		if (rc) {
			free(tf);
			free(tt);
			return skipped(b, "cannot run /bin/true");
		}
	}
	sf = stats_of(tf, runs, 1e3);
	st = stats_of(tt, runs, 1e3);
	r = row_add(b, "ffactl --backend sim version",
		    "min %.0f us, median %.0f us (%u runs)", sf.min, sf.median,
		    runs);
	num_add(r, "min_us", sf.min);
	num_add(r, "median_us", sf.median);
	r = row_add(b, "/bin/true", "min %.0f us, median %.0f us (%u runs)",
		    st.min, st.median, runs);
	num_add(r, "min_us", st.min);
	num_add(r, "median_us", st.median);
	ratio_add(b, "median ffactl / median /bin/true", sf.median / st.median,
		  1.5);
	ratio_add(b, "min ffactl / min /bin/true", sf.min / st.min, 1.5);
	free(tf);
	free(tt);
	return b;
}

/* ---- ioctl ------------------------------------------------------------------ */

static json_object *bench_ioctl(struct ffactl_ctx *ctx, bool asked, int *rc)
{
	json_object *b = bench_new("ioctl", "one FF-A call (FFA_VERSION): "
				   "ioctl vs kernel loop vs batched ioctl");
	struct ffa_regs in = { { FFA_FN_SMC32(FFA_VERSION), FFA_VERSION_1_1 } };
	uint32_t n = opt.quick ? 2000 : 20000, batch = 1000;
	struct ioctl_bridge_bench_res res;
	struct negotiated_version nv;
	struct ffactl_backend be = { 0 };
	double per_ioctl, per_kernel, per_batch, per_sys;
	uint64_t batch_ns, t0;
	uint32_t i;
	json_object *r;
	int ret;

	ret = backend_open(&be, "dev", &ctx->bopts);
	if (ret < 0) {
		if (asked) {
			ctx->be = be;
			*rc = cli_backend_error(ctx, ret);
			json_object_put(b);
			return NULL;
		}
		return skipped(b, be.errmsg[0] ? be.errmsg :
			       "no /dev/ffactl");
	}
	/*
	 * Ask with the version negotiated already: FFA_VERSION is per
	 * endpoint and the last caller wins, so any other would renegotiate
	 * the whole normal world as a side effect of measuring.
	 */
	ret = be.ops->negotiated(&be, &nv);
	if (!ret && nv.version)
		in.a[1] = nv.version;
	if (!ret)
		ret = ioctl_bridge_bench(&be, &in, n, &res);
	if (!ret)
		ret = ioctl_bridge_bench_batch(&be, &in, n, batch, &batch_ns);
	if (ret < 0) {
		ctx->be = be;
		*rc = cli_backend_error(ctx, ret);
		backend_close(&be);
		json_object_put(b);
		return NULL;
	}
	backend_close(&be);
	/* What entering and leaving the kernel costs here, alone. */
	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	per_sys = (double)(now_ns() - t0) / n;
	per_ioctl = (double)res.ioctl_ns / n;
	per_kernel = (double)res.kernel_ns / n;
	per_batch = (double)batch_ns / n;
	r = row_add(b, "FFACTL_IOC_CALL from user space",
		    "%.2f us per call (%u calls)", per_ioctl / 1e3, n);
	num_add(r, "ns_per_call", per_ioctl);
	r = row_add(b, "kernel loop (FFACTL_IOC_BENCH)",
		    "%.2f us per call (min %.2f us, max %.2f us)",
		    per_kernel / 1e3, (double)res.kernel_min_ns / 1e3,
		    (double)res.kernel_max_ns / 1e3);
	num_add(r, "ns_per_call", per_kernel);
	r = row_add(b, "FFACTL_IOC_CALL_BATCH",
		    "%.2f us per call (%u calls per ioctl)", per_batch / 1e3,
		    batch);
	num_add(r, "ns_per_call", per_batch);
	r = row_add(b, "null syscall (getppid)", "%.2f us per call",
		    per_sys / 1e3);
	num_add(r, "ns_per_call", per_sys);
	note_add(b, "the ioctl path adds %.2f us per call to the kernel "
		 "loop's; a system call that does nothing costs %.2f us "
		 "here: the rest is copies, checks and the lock",
		 (per_ioctl - per_kernel) / 1e3, per_sys / 1e3);
	ratio_add(b, "ioctl / kernel loop", per_ioctl / per_kernel, 1.5);
	ratio_add(b, "batched / kernel loop", per_batch / per_kernel, 1.10);
	return b;
}

/* ---- sim in process ----------------------------------------------------- */

#define OPS_TX_PA 0x80000000ull
#define OPS_RX_PA 0x80001000ull
#define OPS_PAGE_BASE 0x100000000ull

struct ops_host {
	struct ffa_model_state ms;
	struct ffa_model_host h;
	uint8_t tx[FFA_PAGE_SIZE];
	uint8_t rx[FFA_PAGE_SIZE];
	uint32_t len, cons_off;
};

static void *ops_map(void *ctx, uint64_t pa, uint64_t len)
{
	struct ops_host *o = ctx;

	if (pa == OPS_TX_PA && len <= FFA_PAGE_SIZE)
		return o->tx;
	if (pa == OPS_RX_PA && len <= FFA_PAGE_SIZE)
		return o->rx;
	return NULL;
}

static void ops_free(struct ops_host *o)
{
	free(o->h.regions);
	free(o->h.ranges);
	free(o->h.index);
	free(o->h.range_links);
	free(o);
}

/* The model with storage for @live + 16 regions, as the sim sizes it. */
static struct ops_host *ops_new(uint32_t live)
{
	struct ffa_constituent c = { OPS_PAGE_BASE, 1 };
	struct ffa_mem_region d;
	struct ffa_regs r;
	struct ops_host *o = calloc(1, sizeof(*o));
	uint32_t cap = live + 16, icap = 2;

	if (!o)
		return NULL;
	while (icap < 2ull * cap)
		icap <<= 1;
	o->h.ctx = o;
	o->h.map = ops_map;
	o->h.regions = calloc(cap, sizeof(*o->h.regions));
	o->h.region_cap = cap;
	o->h.ranges = calloc(cap, sizeof(*o->h.ranges));
	o->h.range_cap = cap;
	o->h.index = calloc(icap, sizeof(*o->h.index));
	o->h.index_cap = icap;
	o->h.range_links = calloc((size_t)cap + 1, sizeof(*o->h.range_links));
	if (!o->h.regions || !o->h.ranges || !o->h.index ||
	    !o->h.range_links) {
		ops_free(o);
		return NULL;
	}
	ffa_model_reset(&o->ms, &o->h, FFA_PROFILE_SPEC);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_1;
	ffa_model_call(&o->ms, &o->h, FFA_MODEL_NWD_ID, &r);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC64(FFA_RXTX_MAP);
	r.a[1] = OPS_TX_PA;
	r.a[2] = OPS_RX_PA;
	r.a[3] = 1;
	ffa_model_call(&o->ms, &o->h, FFA_MODEL_NWD_ID, &r);

	memset(&d, 0, sizeof(d));
	d.version = FFA_VERSION_1_1;
	d.sender = FFA_MODEL_NWD_ID;
	d.attributes = FFA_ATTR_NORMAL_WB_INNER;
	d.receiver_count = 1;
	d.receivers[0].receiver = FFA_MODEL_TEST_SP_ID;
	d.receivers[0].perm = FFA_PERM_RW;
	o->len = (uint32_t)ffa_desc_encode(&d, &c, 1, o->tx, sizeof(o->tx));
	if (!o->len || ffa_desc_decode(o->tx, o->len, FFA_VERSION_1_1, &d,
				       NULL)) {
		ops_free(o);
		return NULL;
	}
	o->cons_off = d.constituents_off;
	return o;
}

/* Shares page @page; the handle, or 0 if the model refused. */
static uint64_t ops_share(struct ops_host *o, uint64_t page)
{
	struct ffa_regs r;

	ffa_put64(o->tx + o->cons_off, OPS_PAGE_BASE + page * FFA_PAGE_SIZE);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MEM_SHARE);
	r.a[1] = o->len;
	r.a[2] = o->len;
	ffa_model_call(&o->ms, &o->h, FFA_MODEL_NWD_ID, &r);
	if ((uint32_t)r.a[0] != FFA_FN_SMC32(FFA_SUCCESS))
		return 0;
	return ffa_handle_join(r.a[2], r.a[3]);
}

static bool ops_reclaim(struct ops_host *o, uint64_t handle)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	r.a[1] = ffa_handle_lo(handle);
	r.a[2] = ffa_handle_hi(handle);
	ffa_model_call(&o->ms, &o->h, FFA_MODEL_NWD_ID, &r);
	return (uint32_t)r.a[0] == FFA_FN_SMC32(FFA_SUCCESS);
}

/*
 * Nanoseconds per call (share or reclaim) with @live handles held: @pairs
 * share+reclaim pairs, each on a page no live handle holds. Negative if
 * the model refused anything.
 */
static double ops_measure(uint32_t live, uint32_t pairs, double *fill_s)
{
	struct ops_host *o = ops_new(live);
	uint64_t t0, h, i;
	double ns;

	if (!o)
		return -1;
	t0 = now_ns();
	for (i = 0; i < live; i++)
		if (!ops_share(o, i)) {
			ops_free(o);
			return -1;
		}
	*fill_s = (double)(now_ns() - t0) / 1e9;
	t0 = now_ns();
	for (i = 0; i < pairs; i++) {
		h = ops_share(o, live + i);
		if (!h || !ops_reclaim(o, h)) {
			ops_free(o);
			return -1;
		}
	}
	ns = (double)(now_ns() - t0) / (2.0 * pairs);
	ops_free(o);
	return ns;
}

static json_object *bench_sim_ops(void)
{
	json_object *b = bench_new("sim-ops", "sim in process: FFA_MEM_SHARE"
				   " + FFA_MEM_RECLAIM with few vs many live "
				   "handles (the model, no state file)");
	uint32_t small = 1000, big = opt.quick ? 100000 : 1000000;
	uint32_t pairs = opt.quick ? 20000 : 200000;
	double ns_small, ns_big, fill_small, fill_big;
	json_object *r;
	char label[64];

	ns_small = ops_measure(small, pairs, &fill_small);
	ns_big = ops_measure(big, pairs, &fill_big);
	if (ns_small <= 0 || ns_big <= 0)
		return skipped(b, "the model refused a share or reclaim");
	snprintf(label, sizeof(label), "%u live handles", small);
	r = row_add(b, label, "%.0f ns per call, %.2f M calls/s",
		    ns_small, 1e3 / ns_small);
	num_add(r, "ns_per_call", ns_small);
	num_add(r, "calls_per_s", 1e9 / ns_small);
	snprintf(label, sizeof(label), "%u live handles", big);
	r = row_add(b, label, "%.0f ns per call, %.2f M calls/s (setting up "
		    "%u handles took %.2f s)", ns_big, 1e3 / ns_big, big,
		    fill_big);
	num_add(r, "ns_per_call", ns_big);
	num_add(r, "calls_per_s", 1e9 / ns_big);
	note_add(b, "%u share+reclaim pairs each; a call is one "
		 "FFA_MEM_SHARE or FFA_MEM_RECLAIM of one page; target: "
		 ">= 1 M calls/s", pairs);
	ratio_add(b, "per-call cost, many / few live handles",
		  ns_big / ns_small, 1.5);
	/* Expressed as a ratio too: 1 M calls/s over the rate achieved. */
	ratio_add(b, "1 us / per-call cost with many handles (<= 1: >= 1 M/s)",
		  ns_big / 1000.0, 1.0);
	return b;
}

/* ---- sim as separate processes ------------------------------------------ */

/* A one-page v1.1 share to the test partition, as `ffactl share` sends. */
static int send_req(struct mem_send_req *req, uint8_t *buf, size_t cap)
{
	struct ffa_constituent c = { 0, 1 };
	struct ffa_mem_region d;
	size_t len;

	memset(&d, 0, sizeof(d));
	d.version = FFA_VERSION_1_1;
	d.sender = FFA_MODEL_NWD_ID;
	d.attributes = FFA_ATTR_NORMAL_WB_INNER;
	d.receiver_count = 1;
	d.receivers[0].receiver = FFA_MODEL_TEST_SP_ID;
	d.receivers[0].perm = FFA_PERM_RW;
	len = ffa_desc_encode(&d, &c, 1, buf, cap);
	if (!len || ffa_desc_decode(buf, len, FFA_VERSION_1_1, &d, NULL))
		return -EINVAL;
	memset(req, 0, sizeof(*req));
	req->fid = FFA_FN_SMC32(FFA_MEM_SHARE);
	req->desc = buf;
	req->desc_len = (uint32_t)len;
	req->cons_off = d.constituents_off;
	req->cons_count = 1;
	req->pages = 1;
	req->addr_mode = MEM_ADDR_FILL;
	return 0;
}

/* Starts @path over with @live one-page handles held. */
static int procs_setup(const struct env *e, uint32_t live, char *err,
		       size_t cap)
{
	struct backend_opts bo = { .state = e->state };
	struct ffactl_backend be = { 0 };
	struct mem_send_res res;
	struct mem_send_req req;
	uint8_t buf[256];
	int ret;

	ret = sim_reset(e->state, FFA_PROFILE_SPEC, FFA_LAYOUT_TEST, err, cap);
	if (!ret)
		ret = send_req(&req, buf, sizeof(buf));
	if (!ret)
		ret = backend_open(&be, "sim", &bo);
	if (!ret) {
		ret = sim_send_many(&be, &req, live, &res);
		if (ret < 0)
			snprintf(err, cap, "%s", be.errmsg);
		else if ((uint32_t)res.regs.a[0] != FFA_FN_SMC32(FFA_SUCCESS))
			ret = -EIO;
		backend_close(&be);
	} else {
		snprintf(err, cap, "%s", be.errmsg);
	}
	return ret;
}

/* Median and min milliseconds of one share + reclaim pair of processes. */
static int procs_measure(const struct env *e, uint32_t runs,
			 struct stats *s)
{
	char *share[] = { (char *)e->self, "--backend", "sim", "--state",
			  (char *)e->state, "share", "--to", "0x8001",
			  "--pages", "1", NULL };
	char handle[64];
	char *reclaim[] = { (char *)e->self, "--backend", "sim", "--state",
			    (char *)e->state, "reclaim", handle, NULL };
	uint64_t *t, t0;
	uint32_t i, warm = 3;
	char *nl;

	t = calloc(runs, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (i = 0; i < runs + warm; i++) {
		t0 = now_ns();
		if (run_proc(share, handle, sizeof(handle))) {
			free(t);
			return -EIO;
		}
		nl = strchr(handle, '\n');
		if (nl)
			*nl = '\0';
		if (run_proc(reclaim, NULL, 0)) {
			free(t);
			return -EIO;
		}
		if (i >= warm)
			t[i - warm] = now_ns() - t0;
	}
	*s = stats_of(t, runs, 1e6);
	free(t);
	return 0;
}

static json_object *bench_sim_procs(const struct env *e)
{
	json_object *b = bench_new("sim-procs", "sim as a user runs it: "
				   "`ffactl --backend sim share` + `reclaim`, "
				   "two processes, few vs many live handles");
	uint32_t runs = opt.runs ? opt.runs : opt.quick ? 10 : 40;
	uint32_t few = 10, many = opt.quick ? 1000 : 10000;
	struct stats sf, sm;
	json_object *r;
	char err[512], label[64];

	if (procs_setup(e, few, err, sizeof(err)) ||
	    procs_measure(e, runs, &sf) ||
	    procs_setup(e, many, err, sizeof(err)) ||
	    procs_measure(e, runs, &sm))
		return skipped(b, "could not run ffactl share/reclaim on the "
			       "sim");
	snprintf(label, sizeof(label), "%u live handles", few);
	r = row_add(b, label, "min %.2f ms, median %.2f ms per pair (%u "
		    "pairs)", sf.min, sf.median, runs);
	num_add(r, "min_ms", sf.min);
	num_add(r, "median_ms", sf.median);
	snprintf(label, sizeof(label), "%u live handles", many);
	r = row_add(b, label, "min %.2f ms, median %.2f ms per pair (%u "
		    "pairs)", sm.min, sm.median, runs);
	num_add(r, "min_ms", sm.min);
	num_add(r, "median_ms", sm.median);
	ratio_add(b, "median pair, many / few live handles",
		  sm.median / sf.median, 2.0);
	return b;
}

/* ---- descriptors ------------------------------------------------------------ */

static json_object *bench_desc(void)
{
	json_object *b = bench_new("desc", "descriptor encode + decode + "
				   "check + read every constituent (v1.1)");
	static const uint32_t counts[] = { 1, 4, 16, 64, 256, 1024, 4096 };
	struct ffa_constituent *cons;
	struct ffa_mem_region d, out;
	struct ffa_constituent c;
	double per[7], lo = 0;
	uint64_t t0, sum = 0;
	uint32_t k, i, it, iters, n;
	size_t cap, len;
	uint8_t *buf;
	json_object *r;
	char label[32];

	n = counts[6];
	cons = calloc(n, sizeof(*cons));
	memset(&d, 0, sizeof(d));
	d.version = FFA_VERSION_1_1;
	d.attributes = FFA_ATTR_NORMAL_WB_INNER;
	d.receiver_count = 1;
	d.receivers[0].receiver = FFA_MODEL_TEST_SP_ID;
	d.receivers[0].perm = FFA_PERM_RW;
	d.constituent_count = n;
	cap = ffa_desc_size(&d);
	buf = malloc(cap);
	if (!cons || !buf) {
		free(cons);
		free(buf);
		return skipped(b, "out of memory");
	}
	for (i = 0; i < n; i++) {
		cons[i].address = OPS_PAGE_BASE + (uint64_t)i * 2 * FFA_PAGE_SIZE;
		cons[i].page_count = 1;
	}
	for (k = 0; k < 7; k++) {
		n = counts[k];
		iters = (opt.quick ? 200000u : 2000000u) / n + 3;
		d.constituent_count = 0;
		d.total_pages = 0;
		t0 = now_ns();
		for (it = 0; it < iters; it++) {
			len = ffa_desc_encode(&d, cons, n, buf, cap);
			if (!len || ffa_desc_decode(buf, len, FFA_VERSION_1_1,
						    &out, NULL) ||
			    ffa_desc_check(buf, len, &out, FFA_MEM_SHARE,
					   d.sender, NULL))
				break;
			for (i = 0; i < out.constituent_count; i++)
				if (!ffa_desc_constituent(buf, len, &out, i,
							  &c))
					sum += c.address;
		}
		if (it < iters) {
			free(cons);
			free(buf);
			return skipped(b, "the encoder, decoder or checks "
				       "refused");
		}
		per[k] = (double)(now_ns() - t0) / ((double)iters * n);
		if (k >= 3 && (!lo || per[k] < lo))
			lo = per[k];
		snprintf(label, sizeof(label), "%u constituents", n);
		r = row_add(b, label, "%.2f ns per constituent (%.2f us per "
			    "descriptor)", per[k], per[k] * n / 1e3);
		num_add(r, "constituents", n);
		num_add(r, "ns_per_constituent", per[k]);
	}
	/* Keeps the loop from being optimised away; never true. */
	if (sum == 1)
		note_add(b, "checksum %llu", (unsigned long long)sum);
	ratio_add(b, "per constituent at 4096 / fastest from 64 up (linear: "
		  "flat)", per[6] / lo, 1.5);
	free(cons);
	free(buf);
	return b;
}

/* ---- explore ---------------------------------------------------------------- */

static double num_of(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ?
	       json_object_get_double(v) : 0;
}

/*
 * One `ffactl [--backend sim --state S] explore --seed 1 --json` run on
 * @backend: its rows, and the whole run's time per operation against the
 * backend's alone. Returns 0, -1 if ffactl cannot be started here (as
 * under QEMU user mode without binfmt_misc), -2 if the run failed.
 */
static int explore_measure(const struct env *e, json_object *b,
			   const char *backend, uint32_t ops)
{
	char nops[16], out[65536], label[64];
	char *sim[] = { (char *)e->self, "--backend", "sim", "--state",
			(char *)e->state, "explore", "--seed", "1", "--ops",
			nops, "--json", NULL };
	char *dev[] = { (char *)e->self, "explore", "--seed", "1", "--ops",
			nops, "--json", NULL };
	double ran, total, target, model;
	json_object *o, *r;
	char err[256];
	int st;

	snprintf(nops, sizeof(nops), "%u", ops);
	if (!strcmp(backend, "sim") &&
	    sim_reset(e->state, FFA_PROFILE_SPEC, FFA_LAYOUT_TEST, err,
		      sizeof(err)))
		return -2;
	st = run_proc(strcmp(backend, "sim") ? dev : sim, out, sizeof(out));
	if (st < 0)
		return -1;
	/* 0: no divergence; 1: some, the rate is still the rate. */
	if (st != 0 && st != 1)
		return -2;
	o = json_tokener_parse(out);
	if (!o)
		return -2;
	ran = num_of(o, "ran");
	total = num_of(o, "seconds");
	target = num_of(o, "target_seconds");
	model = num_of(o, "reference_seconds");
	json_object_put(o);
	if (ran <= 0 || target <= 0)
		return -2;
	snprintf(label, sizeof(label), "%s: whole run", backend);
	r = row_add(b, label, "%.0f operations per second (%.0f in %.2f s%s)",
		    ran / total, ran, total, st ? ", diverged" : "");
	num_add(r, "per_second", ran / total);
	snprintf(label, sizeof(label), "%s: the backend's calls", backend);
	r = row_add(b, label, "%.1f us per operation", target / ran * 1e6);
	num_add(r, "us_per_op", target / ran * 1e6);
	snprintf(label, sizeof(label), "%s: the reference model", backend);
	r = row_add(b, label, "%.1f us per operation", model / ran * 1e6);
	num_add(r, "us_per_op", model / ran * 1e6);
	snprintf(label, sizeof(label), "%s: whole run / backend's calls",
		 backend);
	ratio_add(b, label, total / target, 1.5);
	return 0;
}

static json_object *bench_explore(struct ffactl_ctx *ctx, const struct env *e)
{
	json_object *b = bench_new("explore", "`ffactl explore --seed 1`: "
				   "operations per second; the whole run "
				   "against the backend's calls alone");
	uint32_t ops = opt.quick ? 2000 : 20000;
	struct ffactl_backend be = { 0 };
	int rc = explore_measure(e, b, "sim", ops);

	if (rc)
		return skipped(b, rc == -1 ? "cannot run ffactl" :
			       "ffactl explore on the sim failed");
	/* On the module only where there is one (the QEMU guest). */
	if (backend_open(&be, "dev", &ctx->bopts) < 0) {
		note_add(b, "%u operations; dev: skipped: %s", ops,
			 be.errmsg[0] ? be.errmsg : "no /dev/ffactl");
		return b;
	}
	backend_close(&be);
	if (explore_measure(e, b, "dev", ops))
		note_add(b, "%u operations; dev: could not run ffactl "
			 "explore on /dev/ffactl", ops);
	else
		note_add(b, "%u operations each; the rest of a run is "
			 "generating, the model and comparing", ops);
	return b;
}

/* ---- the command ------------------------------------------------------------ */

static int env_init(struct env *e)
{
	ssize_t n = readlink("/proc/self/exe", e->self, sizeof(e->self) - 1);

	if (n <= 0)
		return -errno;
	e->self[n] = '\0';
	const char *tmp = getenv("TMPDIR");

	if (!tmp || tmp[0] != '/' || strlen(tmp) + 40 > sizeof(e->dir))
		tmp = "/tmp";
	snprintf(e->dir, sizeof(e->dir), "%s/ffactl-bench-XXXXXX", tmp);
	if (!mkdtemp(e->dir))
		return -errno;
	snprintf(e->state, sizeof(e->state), "%s/sim.state", e->dir);
	return 0;
}

/* The state, its lock and journal, and the directory. */
static void env_clean(const struct env *e)
{
	sim_state_snapshot_remove(e->state);
}

static int run_bench(struct ffactl_ctx *ctx)
{
	unsigned int which = 0, asked;
	json_object *out, *list, *b;
	struct env e;
	size_t k;
	int i, rc = EXIT_OK;

	for (i = 0; i < ctx->nargs; i++) {
		for (k = 0; k < sizeof(bench_names) / sizeof(bench_names[0]);
		     k++)
			if (!strcmp(ctx->args[i], bench_names[k].name))
				break;
		if (k == sizeof(bench_names) / sizeof(bench_names[0]))
			return cli_usage(ctx, "bench: '%.20s': unknown "
					 "benchmark (use startup, ioctl, "
					 "sim-ops, sim-procs, desc or "
					 "explore)",
					 ctx->args[i]);
		which |= bench_names[k].bit;
	}
	asked = which;
	if (!which)
		which = B_ALL;
	if (env_init(&e) < 0) {
		out_error(&ctx->out, "bench", "tool", EXIT_SYSTEM,
			  "bench: cannot make a temporary directory: %s",
			  strerror(errno));
		return EXIT_SYSTEM;
	}
	out = out_new("bench");
	list = json_object_new_array();
	json_object_object_add(out, "quick", json_object_new_boolean(opt.quick));
	json_object_object_add(out, "benchmarks", list);
	if (which & B_STARTUP)
		json_object_array_add(list, bench_startup(&e));
	if (which & B_IOCTL) {
		b = bench_ioctl(ctx, asked & B_IOCTL, &rc);
		if (!b)
			goto fail;
		json_object_array_add(list, b);
	}
	if (which & B_SIM_OPS)
		json_object_array_add(list, bench_sim_ops());
	if (which & B_SIM_PROCS)
		json_object_array_add(list, bench_sim_procs(&e));
	if (which & B_DESC)
		json_object_array_add(list, bench_desc());
	if (which & B_EXPLORE)
		json_object_array_add(list, bench_explore(ctx, &e));
	env_clean(&e);
	out_result(&ctx->out, out);
	return EXIT_OK;
fail:
	env_clean(&e);
	json_object_put(out);
	return rc;
}

const struct ffactl_cmd cmd_bench = {
	.name = "bench", .args_doc = "[BENCHMARK...]",
	.summary = "Measure: cold start, ioctl vs kernel loop, sim ops, "
		   "descriptors, explore",
	.doc = "Benchmarks: startup, ioctl (needs /dev/ffactl; skipped "
	       "without it unless named), sim-ops, sim-procs, desc, explore "
	       "(the sim, and /dev/ffactl if there is one); default all. Each prints its figures and the ratio against its "
	       "reference, measured in this one run, and the target it is "
	       "held to. Missed targets are reported, not an error.",
	.options = bench_options, .parse_opt = parse_bench, .run = run_bench,
	.min_args = 0, .max_args = 6,
};
