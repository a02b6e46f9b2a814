// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/sim_state.c: the sim backend's state file (path selection,
 * directory, lock, load/save, reset/status, robustness against corrupt
 * files, concurrent writers and kill -9) and sim_state_parse() on hostile
 * images. Every test works on a state file in a fresh temporary directory
 * named by $FFACTL_SIM_STATE; the backend ops are what writes real files.
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
#include <sys/file.h>
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
#include "sim_state.h"

#include "sim_fixture.h"

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

/* ---- directory and lock -------------------------------------------------- */

/*
 * Under /tmp the directory may have been made by someone else first: a
 * group- or world-writable one is refused, a private one accepted.
 */
static void test_ensure_dir_refuses_shared_tmp(void **state)
{
	char dir[64], path[128], err[256];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ffactl-test.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sim.state", dir);
	assert_int_equal(chmod(dir, 0777), 0);
	err[0] = '\0';
	assert_int_equal(sim_state_ensure_dir(path, err, sizeof(err)),
			 -EPERM);
	assert_non_null(strstr(err, "not a private directory"));
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(sim_state_ensure_dir(path, err, sizeof(err)), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_resolve_path(void **state)
{
	struct fixture *f = *state;
	char out[4096], err[256], big[4200];

	assert_int_equal(sim_state_resolve_path(NULL, out, sizeof(out), err,
						sizeof(err)), 0);
	assert_string_equal(out, f->path);
	assert_int_equal(sim_state_resolve_path("", out, sizeof(out), err,
						sizeof(err)), 0);
	assert_string_equal(out, f->path);
	assert_int_equal(sim_state_resolve_path("/x/y", out, sizeof(out), err,
						sizeof(err)), 0);
	assert_string_equal(out, "/x/y");
	/* No room left for "<path>.tmp.<pid>": refused up front. */
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	big[sizeof(out) - 20] = '\0';
	assert_int_equal(sim_state_resolve_path(big, out, sizeof(out), err,
						sizeof(err)), -ENAMETOOLONG);
	assert_non_null(strstr(err, "too long"));
}

/* The exclusive lock really excludes another process. */
static void test_lock_excludes(void **state)
{
	struct fixture *f = *state;
	char err[256];
	int lk, status;
	pid_t pid;

	lk = sim_state_lock(f->path, LOCK_EX, err, sizeof(err));
	assert_true(lk >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char lp[256];
		int fd;

		snprintf(lp, sizeof(lp), "%s.lock", f->path);
		fd = open(lp, O_RDWR);
		if (fd < 0)
			_exit(2);
		_exit(flock(fd, LOCK_SH | LOCK_NB) < 0 &&
		      errno == EWOULDBLOCK ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	sim_state_unlock(lk);
	/* Unlocked, a shared lock is granted at once. */
	lk = sim_state_lock(f->path, LOCK_SH, err, sizeof(err));
	assert_true(lk >= 0);
	sim_state_unlock(lk);
	sim_state_unlock(-1); /* a failed lock is safe to "unlock" */
}

/* Only <path>.tmp.* goes; the state and its neighbours stay. */
static void test_remove_stale_tmp(void **state)
{
	struct fixture *f = *state;
	char p[256];
	const char *keep[] = { "sim.state", "sim.state.lock", "other.tmp.1",
			       "sim.statetmp.2" };
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", f->dir, keep[i]);
		write_file(p, (const uint8_t *)"x", 1);
	}
	snprintf(p, sizeof(p), "%s.tmp.123", f->path);
	write_file(p, (const uint8_t *)"x", 1);
	snprintf(p, sizeof(p), "%s.tmp.99999", f->path);
	write_file(p, (const uint8_t *)"x", 1);
	sim_state_remove_stale_tmp(f->path);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s.tmp.123", f->path);
	assert_int_equal(access(p, F_OK), -1);
	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", f->dir, keep[i]);
		assert_int_equal(access(p, F_OK), 0);
	}
}

/* ---- sim_state_parse on hostile images ----------------------------------- */

/*
 * Header layout, by hand from the head comment of sim_state.c: magic @0,
 * then u32 format, hdr_size, state_size, region_size, range_size,
 * rec_size, region_n, range_n, frag_n, rec_n, pat_n, reserved, then u64
 * next_pa, payload_len, csum; 80 bytes.
 */
#define H_FORMAT 8
#define H_HDR_SIZE 12
#define H_STATE_SIZE 16
#define H_REGION_SIZE 20
#define H_RANGE_SIZE 24
#define H_REC_SIZE 28
#define H_REGION_N 32
#define H_RANGE_N 36
#define H_FRAG_N 40
#define H_REC_N 44
#define H_PAT_N 48
#define H_RESERVED 52
#define H_NEXT_PA 56
#define H_PAYLOAD_LEN 64
#define H_CSUM 72
#define H_SIZE 80

static uint32_t get32(const uint8_t *b, size_t off)
{
	return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
	       (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

static uint64_t get64(const uint8_t *b, size_t off)
{
	return get32(b, off) | (uint64_t)get32(b, off + 4) << 32;
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
	put32(b, off, (uint32_t)v);
	put32(b, off + 4, (uint32_t)(v >> 32));
}

/*
 * The checksum as sim_state.c describes it, written again here: FNV-1a-64
 * steps over little-endian 8-byte words in four interleaved lanes, bytes
 * of a short tail round-robin, then the lanes folded with the length.
 */
#define FNV_INIT 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t ref_csum64(uint64_t seed, const uint8_t *b, size_t n)
{
	uint64_t h[4] = { seed, seed ^ 1, seed ^ 2, seed ^ 3 }, w;
	size_t i = 0;
	int k;

	for (; i + 32 <= n; i += 32)
		for (k = 0; k < 4; k++)
			h[k] = (h[k] ^ get64(b, i + 8 * (size_t)k)) *
			       FNV_PRIME;
	for (k = 0; i < n; i++, k = (k + 1) & 3)
		h[k] = (h[k] ^ b[i]) * FNV_PRIME;
	w = FNV_INIT ^ n;
	for (k = 0; k < 4; k++)
		w = (w ^ h[k]) * FNV_PRIME;
	return w;
}

static uint64_t ref_csum(const uint8_t *img, size_t len)
{
	return ref_csum64(ref_csum64(FNV_INIT, img, H_CSUM), img + H_SIZE,
			  len - H_SIZE);
}

static void fix_csum(uint8_t *img, size_t len)
{
	put64(img, H_CSUM, ref_csum(img, len));
}

/* Payload offsets of the parts after the model state. */
struct layout {
	size_t regions, ranges, frag, recs, pats, end;
};

static struct layout layout_of(const uint8_t *img)
{
	struct layout l;

	l.regions = H_SIZE + sizeof(struct ffa_model_state);
	l.ranges = l.regions + (size_t)get32(img, H_REGION_N) *
		   sizeof(struct ffa_model_region);
	l.frag = l.ranges + (size_t)get32(img, H_RANGE_N) *
		 sizeof(struct ffa_model_range);
	l.recs = l.frag + get32(img, H_FRAG_N);
	l.pats = l.recs + (size_t)get32(img, H_REC_N) * sizeof(struct sim_rec);
	l.end = l.pats + (size_t)get32(img, H_PAT_N) * sizeof(uint32_t);
	return l;
}

/* A valid image with two live handles: 3 pages of 0x42, 2 of 0x43. */
static uint8_t *valid_image(struct fixture *f, size_t *len)
{
	struct ffactl_backend be;
	uint8_t *img;

	open_sim(&be);
	share_ok(&be, 3, 0x42);
	share_ok(&be, 2, 0x43);
	close_sim(&be);
	img = read_file(f->path, len);
	assert_true(*len > H_SIZE);
	return img;
}

static void expect_bad(const uint8_t *img, size_t len, const char *what)
{
	struct sim_state *st = (struct sim_state *)&st;
	const char *why = NULL;

	if (sim_state_parse(img, len, &st, &why) != -EINVAL)
		fail_msg("len %zu: accepted, wanted '%s'", len, what);
	assert_null(st);
	assert_non_null(why);
	if (!strstr(why, what))
		fail_msg("len %zu: why '%s' lacks '%s'", len, why, what);
	assert_null(strchr(why, '\n'));
}

static void test_parse_valid(void **state)
{
	struct fixture *f = *state;
	struct sim_state *st = NULL;
	const char *why = "unset";
	uint8_t *img, *again;
	char err[256], p2[160];
	size_t len, len2;
	struct layout l;

	img = valid_image(f, &len);
	l = layout_of(img);
	assert_int_equal(l.end, len);
	assert_int_equal(get32(img, H_HDR_SIZE), H_SIZE);
	assert_int_equal(get64(img, H_PAYLOAD_LEN), len - H_SIZE);
	/* The rewritten checksum agrees with the one the file carries. */
	assert_true(ref_csum(img, len) == get64(img, H_CSUM));

	assert_int_equal(sim_state_parse(img, len, &st, &why), 0);
	assert_non_null(st);
	assert_null(why);
	assert_int_equal(st->rec_n, 2);
	assert_int_equal(st->pat_n, 5);
	assert_int_equal(st->ms.region_count, 2);
	assert_int_equal(st->recs[0].pages, 3);
	assert_int_equal(st->recs[1].pages, 2);
	assert_int_equal(*sim_page_pattern(st, st->recs[0].base_pa +
					   2 * FFA_PAGE_SIZE), 0x42);
	assert_int_equal(*sim_page_pattern(st, st->recs[1].base_pa), 0x43);
	assert_null(sim_page_pattern(st, st->recs[1].base_pa +
				     2 * FFA_PAGE_SIZE));
	assert_null(sim_page_pattern(st, SIM_PAGE_BASE - FFA_PAGE_SIZE));
	assert_ptr_equal(sim_rec_by_handle(st, st->recs[1].handle),
			 &st->recs[1]);
	assert_null(sim_rec_by_handle(st, st->recs[1].handle + 12345));

	/* Load then save is the identity on a valid file. */
	snprintf(p2, sizeof(p2), "%s/copy.state", f->dir);
	assert_int_equal(sim_state_save(p2, st, err, sizeof(err)), 0);
	sim_state_free(st);
	again = read_file(p2, &len2);
	assert_int_equal(len2, len);
	assert_memory_equal(again, img, len);
	free(again);
	free(img);
}

/* Every proper prefix of a valid image is refused as truncated. */
static void test_parse_every_truncation(void **state)
{
	struct fixture *f = *state;
	uint8_t *img;
	size_t len, n;

	img = valid_image(f, &len);
	for (n = 0; n < len; n++)
		expect_bad(img, n, n ? "truncated" : "empty");
	free(img);
}

struct field_case {
	size_t off;
	uint32_t width;
	uint64_t value;     /* written as is */
	const char *what;   /* checksum left stale */
	const char *fixed;  /* checksum recomputed; NULL = skip */
};

static void test_parse_header_fields(void **state)
{
	struct fixture *f = *state;
	struct sim_state *st = NULL;
	const char *why;
	uint8_t *img, *bad;
	size_t len, i, bit;
	uint64_t v;

	img = valid_image(f, &len);
	bad = malloc(len);
	assert_non_null(bad);
	{
		const struct field_case c[] = {
			{ 0, 4, 0x54434146, "bad magic", "bad magic" },
			{ 4, 4, 0, "bad magic", "bad magic" },
			{ H_FORMAT, 4, 2, "format version", "format version" },
			{ H_FORMAT, 4, 0, "format version", "format version" },
			{ H_HDR_SIZE, 4, H_SIZE + 8, "sizes differ",
			  "sizes differ" },
			{ H_STATE_SIZE, 4, 8, "sizes differ", "sizes differ" },
			{ H_REGION_SIZE, 4, 0, "sizes differ",
			  "sizes differ" },
			{ H_RANGE_SIZE, 4, 0xFFFFFFFF, "sizes differ",
			  "sizes differ" },
			{ H_REC_SIZE, 4, 1, "sizes differ", "sizes differ" },
			{ H_REGION_N, 4, 3, "counts do not match",
			  "counts do not match" },
			{ H_RANGE_N, 4, 0, "counts do not match",
			  "counts do not match" },
			{ H_FRAG_N, 4, 7, "counts do not match",
			  "counts do not match" },
			{ H_REC_N, 4, 1, "counts do not match",
			  "counts do not match" },
			{ H_PAT_N, 4, 0xFFFFFFFF, "counts do not match",
			  "counts do not match" },
			{ H_RESERVED, 4, 1, "reserved header field",
			  "reserved header field" },
			{ H_RESERVED, 4, 0x20000000, "reserved header field",
			  "reserved header field" },
			{ H_NEXT_PA, 8, 1, "checksum mismatch",
			  "page allocator out of range" },
			{ H_NEXT_PA, 8, SIM_PAGE_BASE, "checksum mismatch",
			  "overlap or out of range" },
			{ H_PAYLOAD_LEN, 8, 0, "counts do not match",
			  "counts do not match" },
			{ H_PAYLOAD_LEN, 8, UINT64_MAX, "counts do not match",
			  "counts do not match" },
			{ H_CSUM, 8, 0, "checksum mismatch", NULL },
		};

		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			memcpy(bad, img, len);
			if (c[i].width == 4)
				put32(bad, c[i].off, (uint32_t)c[i].value);
			else
				put64(bad, c[i].off, c[i].value);
			expect_bad(bad, len, c[i].what);
			if (!c[i].fixed)
				continue;
			fix_csum(bad, len);
			expect_bad(bad, len, c[i].fixed);
		}
	}
	/*
	 * No single bit of the header can change unnoticed, except the top
	 * three of next_pa: the header checksum seeds all four payload lanes,
	 * so a change confined to a word's top bits can cancel in the final
	 * fold, and any next_pa above the records is a valid one. Closing
	 * that needs a new checksum, hence a new format version.
	 */
	for (i = 0; i < H_SIZE; i++)
		for (bit = 0; bit < 8; bit++) {
			if (i == H_NEXT_PA + 7 && bit >= 5)
				continue;
			memcpy(bad, img, len);
			bad[i] ^= (uint8_t)(1u << bit);
			if (sim_state_parse(bad, len, &st, &why) !=
			    -EINVAL)
				fail_msg("header bit %zu.%zu accepted", i, bit);
		}
	/* ...nor, with the checksum left alone, any bit of the payload. */
	for (i = H_SIZE; i < len; i++) {
		memcpy(bad, img, len);
		bad[i] ^= 0x80;
		expect_bad(bad, len, "checksum mismatch");
	}
	v = get64(img, H_CSUM);
	assert_true(v == ref_csum(img, len));
	free(bad);
	free(img);
}

/*
 * Huge counts, with payload_len and the checksum made to agree: refused
 * as truncated before anything is allocated for them.
 */
static void test_parse_huge_counts(void **state)
{
	struct fixture *f = *state;
	const size_t counts[] = { H_REGION_N, H_RANGE_N, H_FRAG_N, H_REC_N,
				  H_PAT_N };
	const uint32_t huge[] = { UINT32_MAX, (1u << 26) + 1, 1u << 31 };
	uint8_t *img, *bad;
	uint64_t plen, add;
	size_t len, i, j;

	img = valid_image(f, &len);
	bad = malloc(len);
	assert_non_null(bad);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		for (j = 0; j < sizeof(huge) / sizeof(huge[0]); j++) {
			memcpy(bad, img, len);
			add = (uint64_t)(huge[j] - get32(img, counts[i]));
			switch (counts[i]) {
			case H_REGION_N:
				add *= sizeof(struct ffa_model_region);
				break;
			case H_RANGE_N:
				add *= sizeof(struct ffa_model_range);
				break;
			case H_REC_N:
				add *= sizeof(struct sim_rec);
				break;
			case H_PAT_N:
				add *= sizeof(uint32_t);
				break;
			default:
				break;
			}
			put32(bad, counts[i], huge[j]);
			plen = get64(img, H_PAYLOAD_LEN) + add;
			put64(bad, H_PAYLOAD_LEN, plen);
			fix_csum(bad, len);
			expect_bad(bad, len, "truncated");
		}
	free(bad);
	free(img);
}

/* Writes @val at @off of a copy of @img, fixes the checksum, parses. */
static void expect_bad_payload(const uint8_t *img, size_t len, size_t off,
			       const void *val, size_t n, const char *what)
{
	uint8_t *bad = malloc(len);

	assert_non_null(bad);
	assert_true(off >= H_SIZE && off + n <= len);
	memcpy(bad, img, len);
	memcpy(bad + off, val, n);
	fix_csum(bad, len);
	expect_bad(bad, len, what);
	free(bad);
}

#define MS_OFF(field) (H_SIZE + offsetof(struct ffa_model_state, field))
#define REC_OFF(l, i, field) \
	((l).recs + (i) * sizeof(struct sim_rec) + \
	 offsetof(struct sim_rec, field))
#define REG_OFF(l, i, field) \
	((l).regions + (i) * sizeof(struct ffa_model_region) + \
	 offsetof(struct ffa_model_region, field))

/* The checksum is right, the contents contradict each other. */
static void test_parse_inconsistent(void **state)
{
	struct fixture *f = *state;
	uint8_t *img;
	uint32_t u;
	uint64_t q;
	size_t len;
	struct layout l;

	img = valid_image(f, &len);
	l = layout_of(img);

	u = 3;
	expect_bad_payload(img, len, MS_OFF(region_count), &u, 4,
			   "region or range count does not match");
	u = get32(img, H_RANGE_N) + 1;
	expect_bad_payload(img, len, MS_OFF(ranges_used), &u, 4,
			   "region or range count does not match");
	u = FFA_PROFILE_COUNT;
	expect_bad_payload(img, len, MS_OFF(profile), &u, 4,
			   "unknown profile");
	u = FFA_MODEL_MAX_PARTITIONS + 1;
	expect_bad_payload(img, len, MS_OFF(partition_count), &u, 4,
			   "model state invalid: too many partitions");
	u = 2;
	expect_bad_payload(img, len, MS_OFF(rx_owner), &u, 4,
			   "model state invalid: RX/TX");

	u = SIM_REC_PENDING;
	expect_bad_payload(img, len, REC_OFF(l, 0, flags), &u, 4,
			   "unknown flags");
	u = 1;
	expect_bad_payload(img, len, REC_OFF(l, 1, reserved), &u, 4,
			   "unknown flags");
	u = SIM_MAX_PAGES + 1;
	expect_bad_payload(img, len, REC_OFF(l, 0, pages), &u, 4,
			   "handle record out of range");
	u = FFA_MODEL_MAX_RECEIVERS + 1;
	expect_bad_payload(img, len, REC_OFF(l, 1, receiver_count), &u, 4,
			   "handle record out of range");
	u = 4; /* the first record claims one page more than it has */
	expect_bad_payload(img, len, REC_OFF(l, 0, pages), &u, 4,
			   "pages out of place");
	u = 2;
	expect_bad_payload(img, len, REC_OFF(l, 1, pat_off), &u, 4,
			   "pages out of place");
	u = 3; /* past the page allocator */
	expect_bad_payload(img, len, REC_OFF(l, 1, pages), &u, 4,
			   "overlap or out of range");
	u = 1; /* records fine, but fewer pages than patterns */
	expect_bad_payload(img, len, REC_OFF(l, 1, pages), &u, 4,
			   "page table size does not match");
	q = get64(img, REC_OFF(l, 0, base_pa));
	expect_bad_payload(img, len, REC_OFF(l, 1, base_pa), &q, 8,
			   "overlap or out of range");
	q += 1;
	expect_bad_payload(img, len, REC_OFF(l, 0, base_pa), &q, 8,
			   "overlap or out of range");
	q = SIM_PAGE_BASE - FFA_PAGE_SIZE;
	expect_bad_payload(img, len, REC_OFF(l, 0, base_pa), &q, 8,
			   "overlap or out of range");
	q = get64(img, H_NEXT_PA);
	expect_bad_payload(img, len, REC_OFF(l, 1, base_pa), &q, 8,
			   "overlap or out of range");

	u = 0xEE;
	expect_bad_payload(img, len, REG_OFF(l, 0, state), &u, 4,
			   "model state invalid");
	u = 0x12345;
	expect_bad_payload(img, len, REG_OFF(l, 1, first_range), &u, 4,
			   "model state invalid");
	u = 0;
	expect_bad_payload(img, len, REG_OFF(l, 0, fn_num), &u, 4,
			   "model state invalid");
	free(img);
}

/*
 * Random damage with the checksum fixed up: never a crash, -EINVAL always
 * comes with a reason, and whatever is accepted saves and loads again.
 */
static void test_parse_random_damage(void **state)
{
	struct fixture *f = *state;
	struct sim_state *st, *st2;
	uint8_t *img, *bad, *again;
	const char *why;
	char err[256], p2[160];
	size_t len, len2, k;
	unsigned int seed = 4242, accepted = 0, iter;
	int ret;

	img = valid_image(f, &len);
	bad = malloc(len);
	assert_non_null(bad);
	snprintf(p2, sizeof(p2), "%s/copy.state", f->dir);
	for (iter = 0; iter < 3000; iter++) {
		memcpy(bad, img, len);
		for (k = 0; k < 1 + iter % 4; k++) {
			size_t at = H_SIZE + (size_t)rand_r(&seed) %
					     (len - H_SIZE);

			bad[at] = (uint8_t)rand_r(&seed);
		}
		fix_csum(bad, len);
		st = NULL;
		why = NULL;
		ret = sim_state_parse(bad, len, &st, &why);
		if (ret) {
			assert_int_equal(ret, -EINVAL);
			assert_null(st);
			assert_non_null(why);
			assert_true(why[0] != '\0');
			continue;
		}
		accepted++;
		assert_non_null(st);
		if (sim_state_save(p2, st, err, sizeof(err)) != 0)
			fail_msg("iteration %u: accepted but not saved: %s",
				 iter, err);
		sim_state_free(st);
		again = read_file(p2, &len2);
		assert_int_equal(sim_state_parse(again, len2, &st2, &why), 0);
		sim_state_free(st2);
		free(again);
	}
	/* Damage to partition names and the like is harmless: some pass. */
	assert_true(accepted > 0);
	free(bad);
	free(img);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_path_selection),
		T(test_open_creates_xdg_dir),
		T(test_resolve_path),
		T(test_ensure_dir_refuses_shared_tmp),
		T(test_lock_excludes),
		T(test_remove_stale_tmp),
		T(test_open_missing_file),
		T(test_reset_profile),
		T(test_status_counts),
		T(test_corrupt_files),
		T(test_parse_valid),
		T(test_parse_every_truncation),
		T(test_parse_header_fields),
		T(test_parse_huge_counts),
		T(test_parse_inconsistent),
		T(test_parse_random_damage),
		T(test_concurrent),
		T(test_kill9),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
