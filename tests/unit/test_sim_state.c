// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/sim_state.c: the sim backend's state file (path selection,
 * directory, lock, load/save, reset/status, robustness against corrupt
 * files, commits in place and their journal, concurrent writers and
 * kill -9); the image format itself is test_sim_image.c's. Every test
 * works on a state file in a fresh temporary directory named by
 * $FFACTL_SIM_STATE; the backend ops are what writes real files.
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
#include "sim_image.h"
#include "sim_state.h"

#include "sim_fixture.h"


/* ---- path selection ---------------------------------------------------- */

static void test_path_selection(void **state)
{
	char buf[256], want[64], xwant[64];
	char xdg[] = "/tmp/ffactl-xdg-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(xdg));
	setenv("FFACTL_SIM_STATE", "/some/where/x.state", 1);
	setenv("XDG_RUNTIME_DIR", xdg, 1);
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/some/where/x.state");

	unsetenv("FFACTL_SIM_STATE");
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	snprintf(xwant, sizeof(xwant), "%s/ffactl/sim.state", xdg);
	assert_string_equal(buf, xwant);
	rmdir(xdg);

	/* One that is not there (a stale value) is passed over for /tmp. */
	setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
	assert_int_equal(sim_state_path(buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "/tmp/ffactl-%u/sim.state",
		 (unsigned int)getuid());
	assert_string_equal(buf, want);

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

	assert_int_equal(sim_reset(NULL, FFA_PROFILE_TFA_EL3, FFA_LAYOUT_TEST, err,
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

	assert_int_equal(sim_reset(NULL, FFA_PROFILE_COUNT, FFA_LAYOUT_TEST, err, sizeof(err)),
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
	assert_int_equal(sim_reset(NULL, FFA_PROFILE_OPTEE, FFA_LAYOUT_TEST, err, sizeof(err)),
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

/* ---- commits in place, and the journal ---------------------------------- */

#define JMAGIC "FFACTLJ2"

static uint64_t file_seq(const uint8_t *img)
{
	struct sim_hdr h;

	memcpy(&h, img, sizeof(h));
	return h.seq;
}

/*
 * A state file before (@a) and after (@b) one share, and the journal of
 * that commit as its writer left it: whole, its magic cleared.
 */
struct commit_pair {
	uint8_t *a, *b, *j;
	size_t alen, blen, jlen;
	char jpath[160];
};

static void make_commit(struct fixture *f, struct commit_pair *c)
{
	struct ffactl_backend be;
	struct stat s1, s2;

	open_sim(&be);
	share_ok(&be, 2, 0x61);
	close_sim(&be);
	c->a = read_file(f->path, &c->alen);
	assert_int_equal(stat(f->path, &s1), 0);
	open_sim(&be);
	share_ok(&be, 1, 0x62);
	close_sim(&be);
	c->b = read_file(f->path, &c->blen);
	assert_int_equal(stat(f->path, &s2), 0);
	/* Written in place: the same file, the next commit. */
	assert_int_equal(s1.st_ino, s2.st_ino);
	assert_int_equal(c->alen, c->blen);
	assert_int_equal(file_seq(c->b), file_seq(c->a) + 1);
	snprintf(c->jpath, sizeof(c->jpath), "%s.journal", f->path);
	c->j = read_file(c->jpath, &c->jlen);
	assert_true(c->jlen >= 2 * 4096);
	/* Finished: the magic is cleared, the rest is still there. */
	assert_memory_not_equal(c->j, JMAGIC, 8);
	memcpy(c->j, JMAGIC, 8);
}

static void free_commit(struct commit_pair *c)
{
	free(c->a);
	free(c->b);
	free(c->j);
}

/* Takes the lock (which recovers) and returns the file. */
static uint8_t *after_lock(struct fixture *f, int op, size_t *len)
{
	char err[256];
	int lk = sim_state_lock(f->path, op, err, sizeof(err));

	if (lk < 0)
		fail_msg("lock: %s", err);
	sim_state_unlock(lk);
	return read_file(f->path, len);
}

static void assert_journal_done(const struct commit_pair *c)
{
	size_t jl;
	uint8_t *j = read_file(c->jpath, &jl);

	assert_memory_not_equal(j, JMAGIC, 8);
	free(j);
}

/* A commit changes a few pages of the file, not the whole of it. */
static void test_commit_in_place(void **state)
{
	struct fixture *f = *state;
	struct commit_pair c;
	size_t i, changed = 0;

	make_commit(f, &c);
	for (i = 0; i < c.alen; i += 4096)
		changed += memcmp(c.a + i, c.b + i, 4096) != 0;
	assert_true(changed >= 2);
	assert_true(changed < c.alen / 4096);
	/* The journal held exactly those pages, after its header page. */
	assert_int_equal(c.j[8], changed);
	assert_int_equal(c.jlen, (changed + 1) * 4096);
	free_commit(&c);
}

/*
 * A writer killed once its journal was on disk: whoever locks next, a
 * writer or a reader, finishes the commit, whether no page had reached
 * the file yet or some had.
 */
static void test_journal_complete_applied(void **state)
{
	struct fixture *f = *state;
	const int ops[] = { LOCK_EX, LOCK_SH };
	struct commit_pair c;
	struct sim_status st;
	uint8_t *now, *part;
	char err[256];
	size_t len, i;

	make_commit(f, &c);
	part = malloc(c.alen);
	assert_non_null(part);
	memcpy(part, c.a, c.alen);
	memcpy(part, c.b, 4096); /* page 0 went first */
	for (i = 0; i < 2; i++) {
		write_file(f->path, c.a, c.alen);
		write_file(c.jpath, c.j, c.jlen);
		now = after_lock(f, ops[i], &len);
		assert_int_equal(len, c.blen);
		assert_memory_equal(now, c.b, len);
		free(now);
		assert_journal_done(&c);

		write_file(f->path, part, c.alen);
		write_file(c.jpath, c.j, c.jlen);
		now = after_lock(f, ops[i], &len);
		assert_memory_equal(now, c.b, len);
		free(now);
		assert_journal_done(&c);
	}
	/* Done twice is done once: a finished commit applies again as is. */
	write_file(c.jpath, c.j, c.jlen);
	now = after_lock(f, LOCK_EX, &len);
	assert_memory_equal(now, c.b, len);
	free(now);
	assert_int_equal(sim_status(NULL, &st, err, sizeof(err)), 0);
	assert_int_equal(st.live_handles, 2);
	free(part);
	free_commit(&c);
}

/*
 * A journal cut short or damaged never reached the file (the file is
 * written only after the journal is on disk): it is dropped, the file
 * left as it is.
 */
static void test_journal_incomplete_dropped(void **state)
{
	struct fixture *f = *state;
	struct commit_pair c;
	uint8_t *now;
	size_t len, cut[3], i;

	make_commit(f, &c);
	cut[0] = 4096;          /* the header page only */
	cut[1] = c.jlen - 1;    /* the last page short */
	cut[2] = 100;           /* not even a header page */
	for (i = 0; i < 3; i++) {
		write_file(f->path, c.a, c.alen);
		write_file(c.jpath, c.j, cut[i]);
		now = after_lock(f, LOCK_EX, &len);
		assert_memory_equal(now, c.a, c.alen);
		free(now);
		assert_journal_done(&c);
	}
	/* Whole length, one byte of a page changed: the checksum says no. */
	write_file(f->path, c.a, c.alen);
	c.j[c.jlen - 10] ^= 1;
	write_file(c.jpath, c.j, c.jlen);
	now = after_lock(f, LOCK_SH, &len);
	assert_memory_equal(now, c.a, c.alen);
	free(now);
	assert_journal_done(&c);
	free_commit(&c);
}

/*
 * A journal for another commit (the file was reset or written whole since,
 * or moved on) is stale: dropped, the file untouched.
 */
static void test_journal_stale_ignored(void **state)
{
	struct fixture *f = *state;
	struct commit_pair c;
	uint8_t *was, *now;
	char err[256];
	size_t len, wlen;

	make_commit(f, &c);
	assert_int_equal(sim_reset(NULL, FFA_PROFILE_SPEC, FFA_LAYOUT_TEST, err, sizeof(err)),
			 0);
	was = read_file(f->path, &wlen);
	write_file(c.jpath, c.j, c.jlen);
	now = after_lock(f, LOCK_EX, &len);
	assert_int_equal(len, wlen);
	assert_memory_equal(now, was, wlen);
	free(now);
	free(was);
	assert_journal_done(&c);

	/* The same file two commits on. */
	{
		struct ffactl_backend be;

		write_file(f->path, c.b, c.blen);
		open_sim(&be);
		share_ok(&be, 1, 0x63);
		close_sim(&be);
		was = read_file(f->path, &wlen);
		write_file(c.jpath, c.j, c.jlen);
		now = after_lock(f, LOCK_EX, &len);
		assert_memory_equal(now, was, wlen);
		free(now);
		free(was);
		assert_journal_done(&c);
	}
	free_commit(&c);
}

/* A state that outgrows its file is written whole, then committed again. */
static void test_outgrow_then_commit(void **state)
{
	struct fixture *f = *state;
	struct ffactl_backend be;
	struct stat s1, s2, s3;
	struct handle_info *l;
	uint32_t i;

	l = calloc(200, sizeof(*l));
	assert_non_null(l);
	open_sim(&be);
	close_sim(&be);
	assert_int_equal(stat(f->path, &s1), 0);
	open_sim(&be);
	for (i = 0; i < 100; i++)
		share_ok(&be, 1, i);
	close_sim(&be);
	assert_int_equal(stat(f->path, &s2), 0);
	assert_int_not_equal(s1.st_ino, s2.st_ino);
	assert_true(s2.st_size > s1.st_size);
	open_sim(&be);
	share_ok(&be, 1, 0x77);
	assert_int_equal(list_handles(&be, l, 200), 101);
	close_sim(&be);
	assert_int_equal(stat(f->path, &s3), 0);
	assert_int_equal(s2.st_ino, s3.st_ino);
	free(l);
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
		T(test_commit_in_place),
		T(test_journal_complete_applied),
		T(test_journal_incomplete_dropped),
		T(test_journal_stale_ignored),
		T(test_outgrow_then_commit),
		T(test_concurrent),
		T(test_kill9),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
