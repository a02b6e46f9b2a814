// SPDX-License-Identifier: BSD-3-Clause
/*
 * ioctl_fuzz: hostile ioctls on /dev/ffactl from racing threads, for the
 * QEMU system test's guest (issue 6, "hostile ioctls").
 *
 *   ioctl_fuzz [-n CALLS] [-t THREADS] [-s SEED] [-f FW_MAX]
 *
 * CALLS ioctls (default 1,000,000) split over THREADS threads (default 4):
 * unknown command numbers (magic, number, size and direction bits), wrong
 * sizes, reserved/pad/flag bits set, huge counts and offsets, constituent
 * arrays outside the descriptor, NULL, kernel, tagged, unmapped and
 * half-mapped user pointers, and now and then a well-formed request with a
 * mutated payload (descriptors with offsets pointing outside the buffer,
 * too many receivers, fragments...) that the module passes on to the
 * firmware. At most FW_MAX (default 40,000) of those: an ioctl the module
 * refuses costs tens of microseconds under TCG, one that reaches the EL2
 * responder more, and a memory send much more.
 *
 * Each request knows what the module must answer: a request built to be
 * refused must fail with the errno include/uapi/ffactl.h promises; a
 * well-formed one must succeed, and its FF-A status must be one the
 * module's rules allow (a refused send holds no handle, a successful one
 * names a new handle). Every handle a mutated send made is tracked and
 * reclaimed at the end; then the module's handle list must be exactly the
 * one from before, and a plain share, reclaim and partition query must
 * still work.
 *
 * What the fuzzer never sends, so that it cannot corrupt the guest or the
 * cases after it: FFA_MEM_RECLAIM with the "zero memory" flag (a mutated
 * descriptor may name RAM that is not the module's, and the responder
 * would zero it), the test partition's retrieve/relinquish/write/fault
 * commands, FFA_VERSION with another 1.x version (it switches the
 * responder's descriptor layout), and a reclaim of a handle that existed
 * before it started. Generic VFS ioctls (types 0x00, 'T', 'X', 'f', 0x94)
 * are left out of the unknown commands: the VFS answers those itself.
 *
 * Output: "# " lines (seed, counts by errno, calls that reached the
 * firmware, handles made and reclaimed, time); exit 0 when every
 * expectation held, 1 otherwise, 2 usage, 3 when /dev/ffactl cannot be
 * opened. The seed replays each thread's sequence of requests (the
 * interleaving of the threads is the scheduler's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "uapi/ffactl.h"

#define SMC32(n)		(0x84000000u | (n))
#define SMC64(n)		(0xC4000000u | (n))
#define FFA_ERROR		SMC32(0x60)
#define FFA_SUCCESS_32		SMC32(0x61)
#define FFA_SUCCESS_64		SMC64(0x61)
#define FFA_NUM_VERSION		0x63
#define FFA_NUM_FEATURES	0x64
#define FFA_NUM_RX_RELEASE	0x65
#define FFA_NUM_RXTX_UNMAP	0x67
#define FFA_NUM_PART_INFO	0x68
#define FFA_NUM_ID_GET		0x69
#define FFA_NUM_DIRECT_REQ	0x6F
#define FFA_NUM_DONATE		0x71
#define FFA_NUM_LEND		0x72
#define FFA_NUM_SHARE		0x73
#define FFA_NUM_SPM_ID_GET	0x85
#define FFA_NUM_DIRECT_REQ2	0x8D

#define SP_ID			0x8001
#define HANDLE_BASE		(1ull << 48)	/* model/model.h */
#define ATTR_NORMAL_WB_INNER	0x2f
#define PERM_RW			0x02

#define SCRATCH_SIZE		(64u << 10)
#define RACE_BATCH		32u
/*
 * The responder keeps 64 live regions (tests/qemu/fw/main.c); the cases
 * around the fuzzer hold a few.
 */
#define LIVE_MAX		24u
#define DEAD_RING		16u
#define PRE_MAX			64u
/*
 * Refused fragmented sends the module keeps: about one in 40000 ioctls
 * on the EL2 responder, so a million ioctls keep a few dozen.
 */
#define KEPT_MAX		1024u
#define LIST_MAX		(PRE_MAX + LIVE_MAX + KEPT_MAX)

enum { E_OK, E_INVAL, E_NOTTY, E_FAULT, E_NOMEM, E_PERM, E_NXIO, E_OTHER,
       E_COUNT };
static const char *const e_name[E_COUNT] = {
	"success", "EINVAL", "ENOTTY", "EFAULT", "ENOMEM", "EPERM", "ENXIO",
	"other",
};

/* What a request must get back. */
enum want {
	W_FAIL,		/* refused before the firmware: errno in the mask */
	W_REACH,	/* reaches the firmware: success (or the mask) */
	W_ANY,		/* either; only an errno outside the mask is wrong */
};

struct stats {
	unsigned long ioctls;
	unsigned long by_errno[E_COUNT];
	unsigned long fw_ioctls;	/* ioctls that reached the firmware */
	unsigned long fw_calls;		/* SMCs they made (batches, bench) */
	unsigned long sends_ok, sends_refused, sends_stuck;
	unsigned long reclaims_ok, reclaims_refused;
	unsigned long failures;
};

struct live {
	uint64_t handle;
	bool busy;			/* a thread is reclaiming it now */
};

struct shared {
	int fd;
	uint32_t ffa_version;		/* the one negotiated when it starts */
	uint8_t *unmapped;		/* a page mapped, then unmapped */
	uint8_t *edge;			/* a page followed by an unmapped one */
	uint64_t pre[PRE_MAX];		/* handles held before the fuzzer */
	unsigned int npre;
	atomic_ulong fw_left;		/* firmware-bound requests left */
	pthread_mutex_t lock;		/* live[], max_seq */
	struct live live[LIVE_MAX];
	unsigned int nlive;
	uint64_t max_seq;
	/* Every thread scribbles on these while others submit them. */
	struct ffactl_call race_batch[RACE_BATCH];
	/*
	 * Refused fragmented sends whose pages the module keeps, stuck,
	 * because the firmware may still hold them (lock held).
	 */
	uint64_t kept[KEPT_MAX];
	unsigned int nkept;
	unsigned int kept_lost;		/* kept but beyond KEPT_MAX */
	uint8_t race_desc[256];
};

struct worker {
	struct shared *sh;
	pthread_t tid;
	unsigned int index;
	uint64_t rng;
	unsigned long calls;
	uint8_t *buf;			/* SCRATCH_SIZE bytes */
	uint64_t dead[DEAD_RING];	/* handles this thread reclaimed */
	unsigned int ndead;
	struct stats st;
};

/* splitmix64: tiny, and every seed gives a good stream. */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(rnd(s) % n);
}

static bool chance(uint64_t *s, uint32_t per_thousand)
{
	return below(s, 1000) < per_thousand;
}

/* Values that sit on the edges of the checks. */
static uint64_t interesting(uint64_t *s)
{
	static const uint64_t v[] = {
		0, 1, 2, 15, 16, 17, 255, 4095, 4096, 4097, 0x7fff, 0xffff,
		0x10000, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff,
		FFACTL_MAX_DESC, FFACTL_MAX_DESC + 1, FFACTL_MAX_PAGES,
		FFACTL_MAX_PAGES + 1, FFACTL_MAX_BENCH, FFACTL_MAX_BENCH + 1,
		FFACTL_MAX_BATCH, FFACTL_MAX_BATCH + 1, 0x100000000ull,
		0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX,
	};

	if (chance(s, 300))
		return rnd(s);
	return v[below(s, sizeof(v) / sizeof(v[0]))];
}

static int e_bucket(int err)
{
	switch (err) {
	case 0: return E_OK;
	case EINVAL: return E_INVAL;
	case ENOTTY: return E_NOTTY;
	case EFAULT: return E_FAULT;
	case ENOMEM: return E_NOMEM;
	case EPERM: return E_PERM;
	case ENXIO: return E_NXIO;
	default: return E_OTHER;
	}
}

#define M(e)	(1u << e_bucket(e))

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One ioctl, counted and judged. Returns errno (0 on success). */
static int fire(struct worker *w, const char *what, unsigned long cmd,
		void *arg, enum want want, unsigned int mask)
{
	int rc = ioctl(w->sh->fd, cmd, arg);
	int err = rc ? errno : 0;
	int b = e_bucket(err);
	bool ok;

	w->st.ioctls++;
	w->st.by_errno[b]++;
	switch (want) {
	case W_FAIL:
		ok = err && (mask & (1u << b));
		break;
	case W_REACH:
		ok = !err || (mask & (1u << b));
		break;
	default:
		ok = (mask & (1u << b)) != 0;
		break;
	}
	if (!ok) {
		w->st.failures++;
		if (w->st.failures <= 5)
			printf("# FAIL thread %u, %s (cmd 0x%08lx): %s\n",
			       w->index, what, cmd,
			       err ? strerror(err) : "accepted");
	}
	return err;
}

static bool is_success(uint64_t a0)
{
	return (uint32_t)a0 == FFA_SUCCESS_32 || (uint32_t)a0 == FFA_SUCCESS_64;
}

static bool is_error(uint64_t a0)
{
	return (uint32_t)a0 == FFA_ERROR;
}

/* ---- pointers -------------------------------------------------------- */

/* A user pointer the module must not be able to use (-EFAULT). */
static void *bad_ptr(struct worker *w, size_t len)
{
	switch (below(&w->rng, 6)) {
	case 0:
		return NULL;
	case 1:
		return w->sh->unmapped + below(&w->rng, 4096);
	case 2:
		/*
		 * Half mapped: the copy starts in the page and runs off
		 * it (never starts before it: what is below is ours).
		 */
		return w->sh->edge + 4096 - 1 -
		       below(&w->rng, len > 1 && len < 4096 ? len - 1 : 1);
	case 3:
		return (void *)(uintptr_t)(0xffff000008000000ull +
					   (rnd(&w->rng) & 0xffff000ull));
	case 4:
		/* Tagged without PR_SET_TAGGED_ADDR_CTRL: not for access_ok. */
		return (void *)((uintptr_t)w->buf | 0x5a00000000000000ull);
	default:
		return (void *)(uintptr_t)(1 + below(&w->rng, 0xfff));
	}
}

/* ---- register calls -------------------------------------------------- */

static bool blocked_num(uint32_t num)
{
	switch (num) {
	case 0x66: case 0x67: case 0x68: case 0x6E: case 0x71: case 0x72:
	case 0x73: case 0x74: case 0x75: case 0x76: case 0x77: case 0x7A:
	case 0x7B: case 0x84: case 0x86:
		return true;
	default:
		return false;
	}
}

/*
 * An FF-A call the module lets through and the responder answers without
 * changing anything the other cases rely on.
 */
static void safe_call(struct worker *w, __u64 *r)
{
	uint64_t *s = &w->rng;
	uint32_t num, cmd;
	unsigned int i;

	for (i = 0; i < FFACTL_NREGS; i++)
		r[i] = chance(s, 500) ? interesting(s) : 0;
	switch (below(s, 8)) {
	case 0:
		r[0] = SMC32(FFA_NUM_VERSION);
		/* Ours, or one it must refuse without switching layouts. */
		r[1] = chance(s, 500) ? w->sh->ffa_version :
			(uint32_t)(rnd(s) | 0x80000000u);
		break;
	case 1:
		r[0] = SMC32(FFA_NUM_FEATURES);
		r[1] = chance(s, 500) ? SMC32(0x60 + below(s, 0xa0)) :
			interesting(s);
		break;
	case 2:
		r[0] = chance(s, 500) ? SMC32(FFA_NUM_ID_GET) :
			SMC32(FFA_NUM_SPM_ID_GET);
		break;
	case 3:
		/* RX is ours only inside the module's lock: DENIED here. */
		r[0] = SMC32(FFA_NUM_RX_RELEASE);
		break;
	case 4:
		r[0] = SMC32(FFA_NUM_PART_INFO);
		r[5] |= 1;	/* count only: RX untouched */
		break;
	case 5:
		r[0] = chance(s, 500) ? SMC32(FFA_NUM_DIRECT_REQ) :
			SMC64(FFA_NUM_DIRECT_REQ);
		r[1] = chance(s, 800) ? SP_ID : (uint16_t)rnd(s);
		if (chance(s, 50))
			r[1] |= (uint64_t)below(s, 0x10000) << 16;
		/*
		 * The test partition's protocol (model/model.h): echo,
		 * checksum and unknown commands only.
		 */
		cmd = (uint32_t)r[3];
		if (cmd == 1 || cmd == 2 || cmd == 3 || cmd == 5 ||
		    r[3] == 1 || r[3] == 2 || r[3] == 3 || r[3] == 5)
			r[3] = chance(s, 500) ? 0 : 4;
		break;
	case 6:
		r[0] = SMC64(FFA_NUM_DIRECT_REQ2);
		r[1] = SP_ID;
		break;
	default:
		do
			num = 0x60 + below(s, 0xa0);
		while (blocked_num(num) || num == FFA_NUM_VERSION ||
		       num == FFA_NUM_DIRECT_REQ);
		r[0] = chance(s, 500) ? SMC32(num) : SMC64(num);
		break;
	}
}

/* A call the module must refuse (-EINVAL). */
static void refused_call(struct worker *w, __u64 *r, uint32_t *flags,
			 uint32_t *pad)
{
	uint64_t *s = &w->rng;
	uint32_t num;

	safe_call(w, r);
	switch (below(s, 6)) {
	case 0:
		*flags = (uint32_t)rnd(s) | 1u << below(s, 32);
		break;
	case 1:
		*pad = (uint32_t)rnd(s) | 1u << below(s, 32);
		break;
	case 2:
		/* Not FF-A: PSCI, SMCCC arch calls, anything. */
		do
			r[0] = (uint32_t)rnd(s);
		while ((r[0] & 0xBFFFFF00u) == 0x84000000u);
		break;
	case 3:
		r[0] |= (uint64_t)(1 + below(s, 0xffffffffu)) << 32;
		break;
	case 4:
		do
			num = 0x60 + below(s, 0xa0);
		while (!blocked_num(num) || num == FFA_NUM_PART_INFO);
		r[0] = chance(s, 500) ? SMC32(num) : SMC64(num);
		break;
	default:
		r[0] = SMC32(FFA_NUM_PART_INFO);
		r[5] &= ~1ull;
		break;
	}
}

/* ---- descriptors ----------------------------------------------------- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/*
 * A well-formed memory transaction descriptor in the v1.1 layout (DEN0077
 * v1.1 Table 10.20: 48-byte header; endpoint memory access descriptors of
 * 16 bytes, 32 from v1.2; composite: total pages, range count, reserved,
 * then 16-byte constituents), one receiver, @n one-page constituents.
 * Returns its length; *cons_off says where the constituents start.
 */
static uint32_t build_desc(uint8_t *d, bool v12, uint32_t n,
			   uint32_t *cons_off)
{
	uint32_t esz = v12 ? 32 : 16, co = 48 + esz, i;

	memset(d, 0, co + 16 + 16 * n + 64);
	put16(d + 0, 0);			/* sender: us */
	put16(d + 2, ATTR_NORMAL_WB_INNER);
	put32(d + 24, esz);
	put32(d + 28, 1);
	put32(d + 32, 48);
	put16(d + 48, SP_ID);
	d[50] = PERM_RW;
	put32(d + 52, co);
	put32(d + co, n);
	put32(d + co + 4, n);
	for (i = 0; i < n; i++)
		put32(d + co + 16 + 16 * i + 8, 1);
	*cons_off = co + 16;
	return co + 16 + 16 * n;
}

/* Breaks @d (of *len bytes, room for 64 more) in one of many ways. */
static void mutate_desc(struct worker *w, uint8_t *d, uint32_t *len)
{
	uint64_t *s = &w->rng;
	uint32_t off;

	switch (below(s, 10)) {
	case 0:
	case 1:
		d[below(s, *len)] ^= (uint8_t)(1u << below(s, 8));
		break;
	case 2:
		if (*len < 4)
			break;
		off = below(s, *len / 4) * 4;
		put32(d + off, (uint32_t)interesting(s));
		break;
	case 3:
		/* Receiver array offset past the end. */
		put32(d + 32, *len + below(s, 0x10000));
		break;
	case 4:
		/* Composite offset past the end, or into the header. */
		put32(d + 52, chance(s, 500) ? *len + below(s, 64) :
			below(s, 48));
		break;
	case 5:
		/* More receivers than the descriptor holds. */
		put32(d + 28, 2 + below(s, 64));
		break;
	case 6:
		/* More ranges than the composite holds. */
		put32(d + 64 + (d[24] == 32 ? 16 : 0) + 4,
		      (uint32_t)interesting(s));
		break;
	case 7:
		*len = 1 + below(s, *len);
		break;
	case 8:
		*len += 1 + below(s, 64);
		break;
	default:
		/* Another sender, attributes or permissions. */
		off = below(s, 3);
		if (off == 0)
			put16(d, (uint16_t)rnd(s));
		else if (off == 1)
			put16(d + 2, (uint16_t)rnd(s));
		else
			d[50] = (uint8_t)rnd(s);
		break;
	}
}

static uint32_t send_fid(uint64_t *s)
{
	uint32_t r = below(s, 10), num;

	num = r < 7 ? FFA_NUM_SHARE : r < 9 ? FFA_NUM_LEND : FFA_NUM_DONATE;
	return chance(s, 500) ? SMC32(num) : SMC64(num);
}

/* ---- the handle table ------------------------------------------------ */

static bool pre_has(const struct shared *sh, uint64_t h)
{
	unsigned int i;

	for (i = 0; i < sh->npre; i++)
		if (sh->pre[i] == h)
			return true;
	return false;
}

static bool kept_has(const struct shared *sh, uint64_t h)
{
	unsigned int i;

	for (i = 0; i < sh->nkept; i++)
		if (sh->kept[i] == h)
			return true;
	return false;
}

static void track(struct worker *w, uint64_t h)
{
	struct shared *sh = w->sh;
	unsigned int i;
	bool dup = pre_has(sh, h), stored = false;

	pthread_mutex_lock(&sh->lock);
	for (i = 0; i < sh->nlive; i++)
		dup |= sh->live[i].handle == h;
	if (!dup && sh->nlive < LIVE_MAX) {
		sh->live[sh->nlive].handle = h;
		sh->live[sh->nlive].busy = false;
		sh->nlive++;
		stored = true;
	}
	if ((h & ~HANDLE_BASE) > sh->max_seq && (h & HANDLE_BASE))
		sh->max_seq = h & ~HANDLE_BASE;
	pthread_mutex_unlock(&sh->lock);
	if (dup) {
		w->st.failures++;
		printf("# FAIL thread %u: handle 0x%llx handed out twice\n",
		       w->index, (unsigned long long)h);
	} else if (!stored) {
		/* Cannot happen: sends stop at LIVE_MAX - threads. */
		w->st.failures++;
		printf("# FAIL thread %u: handle table full\n", w->index);
	}
}

static unsigned int live_count(struct shared *sh)
{
	unsigned int n;

	pthread_mutex_lock(&sh->lock);
	n = sh->nlive;
	pthread_mutex_unlock(&sh->lock);
	return n;
}

/* Takes a live handle for this thread to reclaim; false if none is free. */
static bool checkout(struct worker *w, uint64_t *h)
{
	struct shared *sh = w->sh;
	unsigned int i, n, start;
	bool found = false;

	pthread_mutex_lock(&sh->lock);
	n = sh->nlive;
	start = n ? below(&w->rng, n) : 0;
	for (i = 0; i < n && !found; i++) {
		struct live *l = &sh->live[(start + i) % n];

		if (!l->busy) {
			l->busy = true;
			*h = l->handle;
			found = true;
		}
	}
	pthread_mutex_unlock(&sh->lock);
	return found;
}

/* Gives @h back, or drops it from the table when it was reclaimed. */
static void checkin(struct worker *w, uint64_t h, bool gone)
{
	struct shared *sh = w->sh;
	unsigned int i;

	pthread_mutex_lock(&sh->lock);
	for (i = 0; i < sh->nlive; i++) {
		if (sh->live[i].handle != h)
			continue;
		if (gone)
			sh->live[i] = sh->live[--sh->nlive];
		else
			sh->live[i].busy = false;
		break;
	}
	pthread_mutex_unlock(&sh->lock);
	if (gone) {
		w->dead[w->ndead % DEAD_RING] = h;
		w->ndead++;
	}
}

/* A handle nobody holds: dead, far ahead of the sequence, or random. */
static uint64_t absent_handle(struct worker *w)
{
	struct shared *sh = w->sh;
	uint64_t seq;

	switch (below(&w->rng, 3)) {
	case 0:
		if (w->ndead)
			return w->dead[below(&w->rng, w->ndead < DEAD_RING ?
						       w->ndead : DEAD_RING)];
		/* fall through */
	case 1:
		pthread_mutex_lock(&sh->lock);
		seq = sh->max_seq;
		pthread_mutex_unlock(&sh->lock);
		return HANDLE_BASE | (seq + 100000 + below(&w->rng, 1000000));
	default:
		/* Random, but never one from before the fuzzer. */
		seq = rnd(&w->rng);
		return (seq & HANDLE_BASE) && !(seq >> 49) ? seq | 1ull << 60 :
			seq;
	}
}

/* ---- requests the module must refuse -------------------------------- */

static bool vfs_type(uint32_t type)
{
	return type == 0x00 || type == 'T' || type == 'X' || type == 'f' ||
	       type == 0x94;
}

static const unsigned long valid_cmds[] = {
	FFACTL_IOC_VERSION, FFACTL_IOC_CALL, FFACTL_IOC_MEM_SEND,
	FFACTL_IOC_MEM_RECLAIM, FFACTL_IOC_PARTITION_INFO, FFACTL_IOC_HANDLES,
	FFACTL_IOC_BENCH, FFACTL_IOC_CALL_BATCH,
};
#define NVALID	(sizeof(valid_cmds) / sizeof(valid_cmds[0]))

/* Unknown numbers, or a known number with another size or direction. */
static void unknown_cmd(struct worker *w)
{
	uint64_t *s = &w->rng;
	uint32_t dir = below(s, 4), size = below(s, 1u << 14), nr, type;
	unsigned long cmd, good;
	void *arg;

	if (chance(s, 500)) {
		/* Ours, at a number nobody defines. */
		type = FFACTL_IOC_MAGIC;
		nr = 0x40 + below(s, 0xc0);
	} else if (chance(s, 500)) {
		/* A known number with the wrong size or direction. */
		nr = below(s, NVALID);
		good = valid_cmds[nr];
		if (chance(s, 500))
			size = _IOC_SIZE(good) + 1 + below(s, 64);
		else if (chance(s, 500))
			size = below(s, _IOC_SIZE(good));
		if (dir == _IOC_DIR(good) && size == _IOC_SIZE(good))
			dir ^= 1;
		type = FFACTL_IOC_MAGIC;
	} else {
		do
			type = below(s, 256);
		while (type == FFACTL_IOC_MAGIC || vfs_type(type));
		nr = below(s, 256);
	}
	cmd = _IOC(dir, type, nr, size);
	arg = chance(s, 500) ? (void *)w->buf : bad_ptr(w, 64);
	if (arg == w->buf)
		memset(w->buf, (int)below(s, 256), 512);
	fire(w, "unknown command", cmd, arg, W_FAIL, M(ENOTTY) | M(EINVAL));
}

/* A known command whose struct cannot be read or written back. */
static void bad_arg(struct worker *w)
{
	unsigned long cmd = valid_cmds[below(&w->rng, NVALID)];

	fire(w, "unreadable argument", cmd, bad_ptr(w, _IOC_SIZE(cmd)),
	     W_FAIL, M(EFAULT));
}

static void bad_send(struct worker *w)
{
	uint64_t *s = &w->rng;
	struct ffactl_mem_send *m = (void *)w->buf;
	uint8_t *d = w->buf + 4096;
	uint32_t co, len, n = 1 + below(s, 4);
	unsigned int mask = M(EINVAL);

	memset(m, 0, sizeof(*m));
	len = build_desc(d, chance(s, 300), n, &co);
	m->fid = send_fid(s);
	m->desc_ptr = (uintptr_t)d;
	m->desc_len = len;
	m->cons_off = co;
	m->cons_count = n;
	m->pages = n;
	switch (below(s, 11)) {
	case 0:
		do
			m->fid = (uint32_t)interesting(s);
		while (((m->fid & 0xBFFFFFFFu) == SMC32(FFA_NUM_SHARE)) ||
		       ((m->fid & 0xBFFFFFFFu) == SMC32(FFA_NUM_LEND)) ||
		       ((m->fid & 0xBFFFFFFFu) == SMC32(FFA_NUM_DONATE)));
		break;
	case 1:
		/* An unknown flag (bit 1 is FFACTL_SEND_REUSE, case 2). */
		m->flags = (uint32_t)rnd(s) | 4u << below(s, 30);
		break;
	case 2:
		/*
		 * reserved[0]; or reuse_handle without FFACTL_SEND_REUSE, or
		 * with it but naming no handle the module holds (ours are
		 * SPMC handles, bit 63 clear: this one has it set).
		 */
		switch (below(s, 3)) {
		case 0:
			m->reserved[0] = rnd(s) | 1;
			break;
		case 1:
			m->reuse_handle = rnd(s) | 1;
			break;
		default:
			m->flags = FFACTL_SEND_REUSE;
			m->reuse_handle = rnd(s) | 1ull << 63;
			break;
		}
		break;
	case 3:
		m->desc_len = chance(s, 300) ? 0 :
			FFACTL_MAX_DESC + 1 + below(s, 0xffe00000u);
		break;
	case 4:
		m->pages = FFACTL_MAX_PAGES + 1 + below(s, 0xfff00000u);
		break;
	case 5:
		m->addr_mode = 2 + below(s, 0xfffffff0u);
		break;
	case 6:
		m->cons_count = m->pages + 1 + below(s, 100);
		break;
	case 7:
		/* The constituent array past the end of the descriptor. */
		m->cons_off = len - 16 * n + 1 + below(s, 0xffffff00u);
		break;
	case 8:
		m->pages = FFACTL_MAX_PAGES;
		m->cons_count = FFACTL_MAX_PAGES;
		m->cons_off = (uint32_t)interesting(s) | 0x100000;
		break;
	case 9:
		/* The descriptor itself unreadable, all else right. */
		m->desc_ptr = (uintptr_t)bad_ptr(w, len);
		mask = M(EFAULT);
		break;
	default:
		/* Longer than what is mapped after it. */
		m->desc_ptr = (uintptr_t)w->sh->edge + 4096 - len / 2;
		mask = M(EFAULT);
		break;
	}
	fire(w, "malformed MEM_SEND", FFACTL_IOC_MEM_SEND, m, W_FAIL, mask);
}

static void bad_struct(struct worker *w)
{
	uint64_t *s = &w->rng;
	union {
		struct ffactl_call c;
		struct ffactl_mem_reclaim r;
		struct ffactl_partition_info p;
		struct ffactl_handles h;
		struct ffactl_bench b;
		struct ffactl_call_batch cb;
	} *u = (void *)w->buf;
	struct ffactl_call *calls = (void *)(w->buf + 8192);
	uint32_t i, n;

	memset(u, 0, sizeof(*u));
	switch (below(s, 7)) {
	case 0:
		refused_call(w, u->c.regs, &u->c.flags, &u->c.pad);
		fire(w, "refused CALL", FFACTL_IOC_CALL, &u->c, W_FAIL,
		     M(EINVAL));
		break;
	case 1:
		bad_send(w);
		break;
	case 2:
		u->r.handle_lo = (uint32_t)rnd(s);
		u->r.handle_hi = (uint32_t)rnd(s);
		u->r.flags = (uint32_t)rnd(s);
		if (chance(s, 500))
			u->r.request = (uint32_t)rnd(s) | 2u << below(s, 31);
		else
			switch (below(s, 3)) {
			case 0:
				u->r.first_word = (uint32_t)rnd(s) | 1;
				break;
			case 1:
				u->r.pad = (uint32_t)rnd(s) | 1;
				break;
			default:
				u->r.reserved = rnd(s) | 1;
				break;
			}
		fire(w, "malformed MEM_RECLAIM", FFACTL_IOC_MEM_RECLAIM, &u->r,
		     W_FAIL, M(EINVAL));
		break;
	case 3:
		u->p.flags = (uint32_t)rnd(s);
		u->p.buf_ptr = (uintptr_t)w->buf + 4096;
		u->p.buf_size = 4096;
		switch (below(s, 3)) {
		case 0:
			u->p.pad = (uint32_t)rnd(s) | 1;
			break;
		case 1:
			u->p.reserved[below(s, 2)] = rnd(s) | 1;
			break;
		default:
			u->p.buf_ptr = 0;
			u->p.buf_size = 1 + (uint32_t)below(s, 0xffffffffu);
			break;
		}
		fire(w, "malformed PARTITION_INFO", FFACTL_IOC_PARTITION_INFO,
		     &u->p, W_FAIL, M(EINVAL));
		break;
	case 4:
		u->h.entry_size = sizeof(struct ffactl_handle_entry);
		u->h.list_ptr = (uintptr_t)w->buf + 4096;
		u->h.capacity = below(s, 64);
		switch (below(s, 4)) {
		case 0:
			do
				u->h.entry_size = (uint32_t)interesting(s);
			while (u->h.entry_size ==
			       sizeof(struct ffactl_handle_entry));
			break;
		case 1:
			u->h.pad = (uint32_t)rnd(s) | 1;
			break;
		case 2:
			u->h.reserved[below(s, 2)] = rnd(s) | 1;
			break;
		default:
			u->h.list_ptr = 0;
			u->h.capacity = 1 + (uint32_t)below(s, 0xffffffffu);
			break;
		}
		fire(w, "malformed HANDLES", FFACTL_IOC_HANDLES, &u->h, W_FAIL,
		     M(EINVAL));
		break;
	case 5:
		safe_call(w, u->b.regs);
		u->b.iterations = 1 + below(s, 8);
		switch (below(s, 4)) {
		case 0:
			u->b.iterations = chance(s, 300) ? 0 :
				FFACTL_MAX_BENCH + 1 +
				below(s, 0xfff00000u);
			break;
		case 1:
			u->b.flags = (uint32_t)rnd(s) | 1;
			break;
		case 2:
			u->b.reserved[below(s, 2)] = rnd(s) | 1;
			break;
		default:
			refused_call(w, u->b.regs, &u->b.flags, &u->b.flags);
			break;
		}
		fire(w, "malformed BENCH", FFACTL_IOC_BENCH, &u->b, W_FAIL,
		     M(EINVAL));
		break;
	default:
		n = 1 + below(s, 48);
		for (i = 0; i < n; i++) {
			memset(&calls[i], 0, sizeof(calls[i]));
			safe_call(w, calls[i].regs);
		}
		u->cb.calls_ptr = (uintptr_t)calls;
		u->cb.count = n;
		switch (below(s, 6)) {
		case 0:
			u->cb.count = chance(s, 300) ? 0 :
				FFACTL_MAX_BATCH + 1 + below(s, 0xfff00000u);
			break;
		case 1:
			u->cb.flags = (uint32_t)rnd(s) | 1;
			break;
		case 2:
			u->cb.pad = (uint32_t)rnd(s) | 1;
			break;
		case 3:
			u->cb.reserved[below(s, 2)] = rnd(s) | 1;
			break;
		case 4:
			/* One bad entry: nothing at all may be called. */
			i = below(s, n);
			refused_call(w, calls[i].regs, &calls[i].flags,
				     &calls[i].pad);
			break;
		default:
			u->cb.calls_ptr = (uintptr_t)bad_ptr(w, n *
						sizeof(struct ffactl_call));
			/* Entries read before the bad one may be refused. */
			fire(w, "unreadable CALL_BATCH array",
			     FFACTL_IOC_CALL_BATCH, &u->cb, W_FAIL,
			     M(EFAULT) | M(EINVAL));
			return;
		}
		fire(w, "malformed CALL_BATCH", FFACTL_IOC_CALL_BATCH, &u->cb,
		     W_FAIL, M(EINVAL));
		break;
	}
}

/* Commands that never reach the firmware, well-formed. */
static void harmless(struct worker *w)
{
	struct ffactl_version *v = (void *)w->buf;
	struct ffactl_handles *h = (void *)w->buf;

	if (chance(&w->rng, 500)) {
		memset(v, (int)below(&w->rng, 256), sizeof(*v));
		if (!fire(w, "VERSION", FFACTL_IOC_VERSION, v, W_REACH, 0) &&
		    (v->abi_version != FFACTL_ABI_VERSION || v->pad ||
		     v->reserved[0] || v->reserved[2] ||
		     v->ffa_version_negotiated != w->sh->ffa_version)) {
			w->st.failures++;
			printf("# FAIL VERSION: abi %u, pad or reserved set, "
			       "or FF-A version 0x%x renegotiated\n",
			       v->abi_version, v->ffa_version_negotiated);
		}
		return;
	}
	memset(h, 0, sizeof(*h));
	h->entry_size = sizeof(struct ffactl_handle_entry);
	h->capacity = below(&w->rng, 8);
	h->list_ptr = h->capacity ? (uintptr_t)w->buf + 4096 : 0;
	fire(w, "HANDLES", FFACTL_IOC_HANDLES, h, W_REACH, 0);
}

/* ---- requests that reach the firmware ------------------------------- */

static void reach_send(struct worker *w)
{
	uint64_t *s = &w->rng;
	struct ffactl_mem_send *m = (void *)w->buf;
	uint8_t *d = w->buf + 4096;
	uint32_t co, len, n = 1 + below(s, 4), k;
	bool racy = chance(s, 150);
	int err;

	memset(m, 0, sizeof(*m));
	len = build_desc(d, chance(s, 300), n, &co);
	if (racy) {
		/* Others flip bytes in it while the module copies it. */
		memcpy(w->sh->race_desc, d, len);
		d = w->sh->race_desc;
	} else if (chance(s, 600)) {
		for (k = 1 + below(s, 3); k; k--)
			mutate_desc(w, d, &len);
	}
	m->fid = send_fid(s);
	m->desc_ptr = (uintptr_t)d;
	m->desc_len = len;
	m->cons_off = co;
	m->cons_count = n;
	m->pages = n + (chance(s, 200) ? 1 : 0);
	if (chance(s, 300)) {
		m->flags = FFACTL_SEND_FILL;
		m->fill_pattern = (uint32_t)rnd(s);
	}
	if (chance(s, 100))
		m->frag_len = 32 + below(s, 96);
	/*
	 * Sent untouched: the addresses stay as built (0) or mutated, never
	 * written or zeroed by anyone, since the fuzzer neither retrieves nor
	 * reclaims with the zero flag.
	 */
	if (chance(s, 30))
		m->addr_mode = FFACTL_ADDR_AS_IS;
	err = fire(w, "mutated MEM_SEND", FFACTL_IOC_MEM_SEND, m, W_REACH,
		   M(EINVAL));
	if (err)
		return;
	w->st.fw_ioctls++;
	w->st.fw_calls += m->fragments;
	if (is_success(m->regs[0])) {
		w->st.sends_ok++;
		if (!m->handle || m->handle == UINT64_MAX) {
			w->st.failures++;
			printf("# FAIL MEM_SEND succeeded without a handle\n");
			return;
		}
		track(w, m->handle);
	} else if (is_error(m->regs[0])) {
		w->st.sends_refused++;
		if (m->handle && m->fragments > 1) {
			/* Refused after FRAG_RX: the module keeps the pages. */
			pthread_mutex_lock(&w->sh->lock);
			if (w->sh->nkept < KEPT_MAX)
				w->sh->kept[w->sh->nkept++] = m->handle;
			else
				w->sh->kept_lost++;
			pthread_mutex_unlock(&w->sh->lock);
			printf("# thread %u: fragmented MEM_SEND refused; "
			       "module keeps handle 0x%llx\n", w->index,
			       (unsigned long long)m->handle);
		} else if (m->handle) {
			w->st.failures++;
			printf("# FAIL refused MEM_SEND named handle 0x%llx\n",
			       (unsigned long long)m->handle);
		}
	} else {
		/* Kept as stuck by the module: the cleanup must explain it. */
		w->st.sends_stuck++;
		printf("# thread %u: MEM_SEND answered 0x%llx; module keeps "
		       "handle 0x%llx\n", w->index,
		       (unsigned long long)m->regs[0],
		       (unsigned long long)m->handle);
		if (m->handle != UINT64_MAX)
			track(w, m->handle);
	}
}

static void reach_reclaim(struct worker *w)
{
	uint64_t *s = &w->rng;
	struct ffactl_mem_reclaim *r = (void *)w->buf;
	uint64_t h;
	bool mine = checkout(w, &h);
	bool gone = false;
	int err;

	if (!mine)
		h = absent_handle(w);
	memset(r, 0, sizeof(*r));
	r->handle_lo = (uint32_t)h;
	r->handle_hi = (uint32_t)(h >> 32);
	/* Never bit 0: the region may name RAM that is not ours. */
	switch (below(s, 4)) {
	case 0:
		r->flags = 0;
		break;
	case 1:
		r->flags = 2;
		break;
	default:
		r->flags = (uint32_t)rnd(s) & ~1u;
		break;
	}
	r->request = below(s, 2) ? FFACTL_RECLAIM_VERIFY_ZERO : 0;
	err = fire(w, "MEM_RECLAIM", FFACTL_IOC_MEM_RECLAIM, r, W_REACH, 0);
	if (!err) {
		w->st.fw_ioctls++;
		w->st.fw_calls++;
		if (is_success(r->regs[0])) {
			w->st.reclaims_ok++;
			gone = true;
			if (!mine || r->pages_freed != r->pages) {
				w->st.failures++;
				printf("# FAIL reclaim of %s handle 0x%llx "
				       "succeeded, %u of %u pages freed\n",
				       mine ? "our" : "an absent",
				       (unsigned long long)h, r->pages_freed,
				       r->pages);
			}
		} else {
			w->st.reclaims_refused++;
			if (r->pages_freed) {
				w->st.failures++;
				printf("# FAIL refused reclaim freed %u\n",
				       r->pages_freed);
			}
		}
	}
	if (mine)
		checkin(w, h, gone);
}

static void reach_partition_info(struct worker *w)
{
	uint64_t *s = &w->rng;
	struct ffactl_partition_info *p = (void *)w->buf;
	bool bad = chance(s, 200);
	int err;

	memset(p, 0, sizeof(*p));
	if (chance(s, 500)) {
		p->uuid[0] = (uint32_t)rnd(s);
		p->uuid[1] = (uint32_t)rnd(s);
		p->uuid[2] = (uint32_t)rnd(s);
		p->uuid[3] = (uint32_t)rnd(s);
	}
	p->flags = chance(s, 200) ? 1 : 0;
	p->buf_ptr = (uintptr_t)w->buf + 4096;
	p->buf_size = below(s, 8192);
	if (bad)
		p->buf_ptr = (uintptr_t)bad_ptr(w, p->buf_size) | 1;
	if (!p->buf_size)
		p->buf_ptr = 0;
	/* A bad buffer fails after the call: RX must still be released. */
	err = fire(w, "PARTITION_INFO", FFACTL_IOC_PARTITION_INFO, p, W_REACH,
		   bad ? M(EFAULT) : 0);
	if (err == EFAULT) {
		/* Only a copy of RX fails: the call and the release ran. */
		w->st.fw_ioctls++;
		w->st.fw_calls += 2;
	} else if (!err) {
		w->st.fw_ioctls++;
		w->st.fw_calls += 1 + (is_success(p->regs[0]) && !p->flags);
	}
}

static void reach_batch(struct worker *w)
{
	uint64_t *s = &w->rng;
	struct ffactl_call_batch *b = (void *)w->buf;
	struct ffactl_call *calls = (void *)(w->buf + 4096);
	bool shared = chance(s, 500);
	uint32_t i, n = shared ? RACE_BATCH : 1 + below(s, 16);
	int err;

	memset(b, 0, sizeof(*b));
	if (!shared) {
		for (i = 0; i < n; i++) {
			memset(&calls[i], 0, sizeof(calls[i]));
			safe_call(w, calls[i].regs);
		}
	} else {
		calls = w->sh->race_batch;
	}
	b->calls_ptr = (uintptr_t)calls;
	b->count = n;
	/*
	 * The shared array has entries other threads turn into
	 * FFA_RXTX_UNMAP and back while the module reads it: the module must
	 * check what it calls, not what it checked first (-EINVAL or done).
	 */
	err = fire(w, "CALL_BATCH", FFACTL_IOC_CALL_BATCH, b, W_REACH,
		   shared ? M(EINVAL) : 0);
	if (!err) {
		w->st.fw_ioctls++;
		w->st.fw_calls += b->done;
		if (b->done != n) {
			w->st.failures++;
			printf("# FAIL CALL_BATCH did %u of %u\n", b->done, n);
		}
	}
}

static void reach(struct worker *w)
{
	uint64_t *s = &w->rng;
	struct ffactl_call *c = (void *)w->buf;
	struct ffactl_bench *b = (void *)w->buf;
	uint32_t k = below(s, 100);

	if (k < 30) {
		/* Room for every thread's send in flight. */
		if (live_count(w->sh) + 8 < LIVE_MAX)
			reach_send(w);
		else
			reach_reclaim(w);
	} else if (k < 50) {
		reach_reclaim(w);
	} else if (k < 70) {
		memset(c, 0, sizeof(*c));
		safe_call(w, c->regs);
		if (!fire(w, "CALL", FFACTL_IOC_CALL, c, W_REACH, 0)) {
			w->st.fw_ioctls++;
			w->st.fw_calls++;
		}
	} else if (k < 75) {
		memset(b, 0, sizeof(*b));
		safe_call(w, b->regs);
		b->iterations = 1 + below(s, 8);
		if (!fire(w, "BENCH", FFACTL_IOC_BENCH, b, W_REACH, 0)) {
			w->st.fw_ioctls++;
			w->st.fw_calls += b->iterations;
		}
	} else if (k < 85) {
		reach_partition_info(w);
	} else {
		reach_batch(w);
	}
}

/* Turns one entry of the shared batch into a refused call, or back. */
static void scribble(struct worker *w)
{
	struct shared *sh = w->sh;
	uint32_t i = below(&w->rng, RACE_BATCH);
	volatile __u64 *a0 = &sh->race_batch[i].regs[0];

	*a0 = *a0 == SMC32(FFA_NUM_ID_GET) ? SMC32(FFA_NUM_RXTX_UNMAP) :
		SMC32(FFA_NUM_ID_GET);
	sh->race_desc[below(&w->rng, sizeof(sh->race_desc))] ^=
		(uint8_t)(1u << below(&w->rng, 8));
}

/* One request more may go to the firmware; false once the budget is spent. */
static bool take_budget(struct shared *sh)
{
	unsigned long v = atomic_load(&sh->fw_left);

	while (v && !atomic_compare_exchange_weak(&sh->fw_left, &v, v - 1))
		;
	return v != 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned long i;
	uint32_t k;

	for (i = 0; i < w->calls; i++) {
		if (chance(&w->rng, 100))
			scribble(w);
		k = below(&w->rng, 1000);
		if (k < 30 && take_budget(w->sh)) {
			reach(w);
		} else if (k < 250) {
			unknown_cmd(w);
		} else if (k < 400) {
			bad_arg(w);
		} else if (k < 900) {
			bad_struct(w);
		} else {
			harmless(w);
		}
	}
	return NULL;
}

/* ---- set-up and the final checks ------------------------------------ */

static int list_handles(int fd, struct ffactl_handle_entry *e, uint32_t cap,
			uint32_t *count)
{
	struct ffactl_handles h;

	memset(&h, 0, sizeof(h));
	h.entry_size = sizeof(*e);
	h.capacity = cap;
	h.list_ptr = (uintptr_t)e;
	if (ioctl(fd, FFACTL_IOC_HANDLES, &h))
		return -1;
	*count = h.count;
	return 0;
}

static int reclaim_plain(int fd, uint64_t h, struct ffactl_mem_reclaim *r)
{
	memset(r, 0, sizeof(*r));
	r->handle_lo = (uint32_t)h;
	r->handle_hi = (uint32_t)(h >> 32);
	return ioctl(fd, FFACTL_IOC_MEM_RECLAIM, r);
}

/* After the storm: a plain share, reclaim and partition query still work. */
static int still_works(struct shared *sh, uint8_t *buf)
{
	struct ffactl_mem_send m;
	struct ffactl_mem_reclaim r;
	struct ffactl_partition_info p;
	struct ffactl_call c;
	uint32_t co, len;
	int bad = 0;

	memset(&c, 0, sizeof(c));
	c.regs[0] = SMC32(FFA_NUM_VERSION);
	c.regs[1] = sh->ffa_version;
	if (ioctl(sh->fd, FFACTL_IOC_CALL, &c) || (c.regs[0] >> 31)) {
		printf("# FAIL FFA_VERSION after the fuzzer: 0x%llx\n",
		       (unsigned long long)c.regs[0]);
		bad++;
	}
	memset(&m, 0, sizeof(m));
	len = build_desc(buf, false, 2, &co);
	m.fid = SMC32(FFA_NUM_SHARE);
	m.desc_ptr = (uintptr_t)buf;
	m.desc_len = len;
	m.cons_off = co;
	m.cons_count = 2;
	m.pages = 2;
	if (ioctl(sh->fd, FFACTL_IOC_MEM_SEND, &m) || !is_success(m.regs[0])) {
		printf("# FAIL a plain share after the fuzzer: %s, a0 0x%llx "
		       "a2 %d\n", strerror(errno),
		       (unsigned long long)m.regs[0], (int)m.regs[2]);
		bad++;
	} else if (reclaim_plain(sh->fd, m.handle, &r) ||
		   !is_success(r.regs[0]) || r.pages_freed != 2) {
		printf("# FAIL reclaiming that share: a0 0x%llx a2 %d\n",
		       (unsigned long long)r.regs[0], (int)r.regs[2]);
		bad++;
	}
	memset(&p, 0, sizeof(p));
	p.buf_ptr = (uintptr_t)buf;
	p.buf_size = 4096;
	if (ioctl(sh->fd, FFACTL_IOC_PARTITION_INFO, &p) ||
	    !is_success(p.regs[0]) || !p.len) {
		printf("# FAIL partition info after the fuzzer: a0 0x%llx "
		       "a2 %d (RX not released?)\n",
		       (unsigned long long)p.regs[0], (int)p.regs[2]);
		bad++;
	}
	return bad;
}

/* Reclaims every handle the fuzzer made; then the list must be as before. */
static int cleanup(struct shared *sh, unsigned long *reclaimed)
{
	static struct ffactl_handle_entry e[LIST_MAX];
	struct ffactl_mem_reclaim r;
	uint32_t count, i, j;
	int bad = 0;

	*reclaimed = 0;
	for (i = 0; i < sh->nlive; i++) {
		uint64_t h = sh->live[i].handle;

		if (reclaim_plain(sh->fd, h, &r) || !is_success(r.regs[0])) {
			printf("# FAIL cleanup: reclaim 0x%llx: a0 0x%llx "
			       "a2 %d\n", (unsigned long long)h,
			       (unsigned long long)r.regs[0], (int)r.regs[2]);
			bad++;
		} else {
			(*reclaimed)++;
		}
	}
	if (list_handles(sh->fd, e, LIST_MAX, &count)) {
		printf("# FAIL HANDLES after cleanup: %s\n", strerror(errno));
		return bad + 1;
	}
	if (sh->kept_lost) {
		printf("# FAIL %u kept handle(s) beyond the fuzzer's list of "
		       "%u\n", sh->kept_lost, KEPT_MAX);
		bad++;
	}
	if (count != sh->npre + sh->nkept) {
		printf("# FAIL %u handle(s) held after cleanup, %u before, "
		       "%u kept\n", count, sh->npre, sh->nkept);
		bad++;
	}
	for (i = 0; i < count && i < LIST_MAX; i++) {
		if (!pre_has(sh, e[i].handle) &&
		    !(kept_has(sh, e[i].handle) &&
		      e[i].state == FFACTL_HANDLE_STUCK)) {
			printf("# FAIL unexplained handle 0x%llx (state %u, "
			       "%u pages)\n", (unsigned long long)e[i].handle,
			       e[i].state, e[i].pages);
			bad++;
		}
		for (j = 0; j < i; j++)
			if (e[j].handle == e[i].handle) {
				printf("# FAIL handle 0x%llx listed twice\n",
				       (unsigned long long)e[i].handle);
				bad++;
			}
	}
	return bad;
}

static int setup(struct shared *sh)
{
	struct ffactl_handle_entry e[PRE_MAX];
	struct ffactl_version v;
	uint32_t count, i;
	uint8_t *p;

	memset(&v, 0, sizeof(v));
	if (ioctl(sh->fd, FFACTL_IOC_VERSION, &v)) {
		perror("ioctl_fuzz: FFACTL_IOC_VERSION");
		return -1;
	}
	if (v.flags & FFACTL_VERSION_F_NO_RXTX) {
		fprintf(stderr, "ioctl_fuzz: the module has no RX/TX\n");
		return -1;
	}
	/* Asking with it changes nothing (the last caller wins). */
	sh->ffa_version = v.ffa_version_negotiated;
	if (list_handles(sh->fd, e, PRE_MAX, &count) || count > PRE_MAX) {
		fprintf(stderr, "ioctl_fuzz: cannot list the handles\n");
		return -1;
	}
	for (i = 0; i < count; i++)
		sh->pre[i] = e[i].handle;
	sh->npre = count;

	sh->unmapped = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sh->unmapped == MAP_FAILED || p == MAP_FAILED) {
		perror("ioctl_fuzz: mmap");
		return -1;
	}
	munmap(sh->unmapped, 4096);
	munmap(p + 4096, 4096);
	memset(p, 0xa5, 4096);
	sh->edge = p;
	for (i = 0; i < RACE_BATCH; i++)
		sh->race_batch[i].regs[0] = SMC32(FFA_NUM_ID_GET);
	return 0;
}

/* The pointers meant to fault must have stayed unmapped all along. */
static int holes_intact(const struct shared *sh)
{
	unsigned char v;
	int bad = 0;

	if (!mincore(sh->unmapped, 4096, &v) || errno != ENOMEM) {
		printf("# FAIL the unmapped page was mapped again\n");
		bad++;
	}
	if (!mincore(sh->edge + 4096, 4096, &v) || errno != ENOMEM) {
		printf("# FAIL the page after the edge was mapped again\n");
		bad++;
	}
	return bad;
}

static void usage(void)
{
	fprintf(stderr, "usage: ioctl_fuzz [-n CALLS] [-t THREADS] [-s SEED] "
		"[-f FW_MAX]\n");
}

int main(int argc, char **argv)
{
	static struct shared sh;
	struct worker *w;
	struct stats tot;
	unsigned long calls = 1000000, fw_max = 40000, reclaimed;
	unsigned int threads = 4, i, j;
	uint64_t seed = 0, t0, t1;
	const char *dev = getenv("FFACTL_DEVICE");
	int opt, bad;

	seed = now_ns() ^ (uint64_t)getpid() << 32;
	while ((opt = getopt(argc, argv, "n:t:s:f:")) != -1) {
		switch (opt) {
		case 'n':
			calls = strtoul(optarg, NULL, 0);
			break;
		case 't':
			threads = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'f':
			fw_max = strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc || !threads || threads > 64 || !calls) {
		usage();
		return 2;
	}
	printf("# ioctl_fuzz: seed 0x%016llx, %lu ioctls, %u threads, at "
	       "most %lu reaching the firmware (replay: ioctl_fuzz -s "
	       "0x%llx -n %lu -t %u)\n", (unsigned long long)seed, calls,
	       threads, fw_max, (unsigned long long)seed, calls, threads);
	fflush(stdout);

	sh.fd = open(dev ? dev : "/dev/ffactl", O_RDWR | O_CLOEXEC);
	if (sh.fd < 0) {
		perror("ioctl_fuzz: /dev/ffactl");
		return 3;
	}
	pthread_mutex_init(&sh.lock, NULL);
	if (setup(&sh))
		return 1;
	atomic_store(&sh.fw_left, fw_max);

	w = calloc(threads, sizeof(*w));
	if (!w)
		return 1;
	t0 = now_ns();
	for (i = 0; i < threads; i++) {
		w[i].sh = &sh;
		w[i].index = i;
		w[i].rng = seed ^ (0x5851f42d4c957f2dull * (i + 1));
		w[i].calls = calls / threads + (i < calls % threads);
		w[i].buf = aligned_alloc(4096, SCRATCH_SIZE);
		if (!w[i].buf ||
		    pthread_create(&w[i].tid, NULL, worker_main, &w[i])) {
			fprintf(stderr, "ioctl_fuzz: cannot start thread %u\n",
				i);
			return 1;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(w[i].tid, NULL);
	t1 = now_ns();

	memset(&tot, 0, sizeof(tot));
	for (i = 0; i < threads; i++) {
		struct stats *s = &w[i].st;

		tot.ioctls += s->ioctls;
		for (j = 0; j < E_COUNT; j++)
			tot.by_errno[j] += s->by_errno[j];
		tot.fw_ioctls += s->fw_ioctls;
		tot.fw_calls += s->fw_calls;
		tot.sends_ok += s->sends_ok;
		tot.sends_refused += s->sends_refused;
		tot.sends_stuck += s->sends_stuck;
		tot.reclaims_ok += s->reclaims_ok;
		tot.reclaims_refused += s->reclaims_refused;
		tot.failures += s->failures;
	}
	printf("# ioctls: %lu in %.1f s (%.1f us each, %u threads)\n",
	       tot.ioctls, (double)(t1 - t0) / 1e9,
	       (double)(t1 - t0) / 1e3 / (double)tot.ioctls, threads);
	printf("# by errno:");
	for (j = 0; j < E_COUNT; j++)
		if (tot.by_errno[j])
			printf(" %s %lu", e_name[j], tot.by_errno[j]);
	printf("\n# reached the firmware: %lu ioctls, %lu FF-A calls\n",
	       tot.fw_ioctls, tot.fw_calls);
	printf("# mutated sends: %lu accepted (handles made), %lu refused by "
	       "the SPMC, %lu kept stuck; reclaims during the run: %lu ok, "
	       "%lu refused\n", tot.sends_ok, tot.sends_refused,
	       tot.sends_stuck, tot.reclaims_ok, tot.reclaims_refused);

	bad = holes_intact(&sh);
	bad += cleanup(&sh, &reclaimed);
	printf("# handles: %lu made, %lu reclaimed during the run, %lu at "
	       "cleanup; %u held before and after\n",
	       tot.sends_ok + tot.sends_stuck, tot.reclaims_ok, reclaimed,
	       sh.npre);
	bad += still_works(&sh, w[0].buf);
	printf("# %lu expectation(s) failed during the run, %d after\n",
	       tot.failures, bad);
	return tot.failures || bad ? 1 : 0;
}
