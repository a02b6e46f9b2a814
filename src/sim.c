// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sim backend: the SPMC model in-process, with the kernel module's part
 * played here too (RX/TX pair, pages lent to the secure side, handle ->
 * pages records), and the state persisted between invocations.
 *
 * Normal-world memory is simulated. TX and RX are 4 KiB buffers of this
 * process at fixed fake physical addresses. Lent pages get fake addresses
 * from a counter that is never rewound, so no address is handed out twice.
 * Page contents are not stored: each live page "reads as" one 32-bit
 * pattern word repeated, which is all the model's fill/checksum need.
 *
 * State file (little-endian host layout; it never leaves the machine):
 *   header (struct sim_hdr): magic "FFACTLSM" @0, format version u32 @8,
 *     sizes and counts, a 64-bit checksum (csum64) over the header up to
 *     the checksum field, then the payload;
 *   payload: struct ffa_model_state, regions[region_n], ranges[range_n],
 *     frag_buf[frag_n], sim records[rec_n], page patterns[pat_n] (u32).
 * Only live regions and the used part of ranges[] are written, so the file
 * grows with live handles, not with capacity.
 *
 * Concurrency: every operation takes an exclusive flock on <path>.lock,
 * loads, acts, writes <path>.tmp.<pid>, fsyncs it and renames it over
 * <path>. A process killed at any point leaves the old or the new file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "backend.h"
#include "ffa/desc.h"
#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"

#define SIM_TX_PA 0x80000000ull
#define SIM_RX_PA 0x80001000ull
#define SIM_BUF_SIZE FFA_PAGE_SIZE
/* Lent pages start above 4 GiB so they never collide with RX/TX. */
#define SIM_PAGE_BASE 0x100000000ull

#define SIM_MAGIC "FFACTLSM"
#define SIM_FORMAT 1u

/* Bounds that keep a hostile file or request from exhausting memory. */
#define SIM_MAX_FILE (1ull << 30)
#define SIM_MAX_PAGES (1u << 20)      /* per transaction: 4 GiB */
#define SIM_MAX_DESC (16u << 20)
#define SIM_MAX_COUNT (1u << 26)

/* Record flags. */
#define SIM_REC_PENDING 1u /* pages allocated, SPMC has not answered yet */

#define SIM_NONE UINT32_MAX /* ends a range chain, as in the model */

struct sim_hdr {
	char magic[8];
	uint32_t format;
	uint32_t hdr_size;
	uint32_t state_size;  /* sizeof(struct ffa_model_state) */
	uint32_t region_size;
	uint32_t range_size;
	uint32_t rec_size;
	uint32_t region_n;
	uint32_t range_n;
	uint32_t frag_n;
	uint32_t rec_n;
	uint32_t pat_n;
	uint32_t reserved;
	uint64_t next_pa;
	uint64_t payload_len;
	uint64_t csum;        /* last: covers the header before it */
};

/* What the kernel module would remember about one handle. */
struct sim_rec {
	uint64_t handle;
	uint64_t base_pa;     /* pages are contiguous fake PAs */
	uint32_t pages;
	uint32_t fn_num;
	uint32_t pat_off;     /* index of the first page's pattern */
	uint32_t receiver_count;
	uint16_t receivers[FFA_MODEL_MAX_RECEIVERS];
	uint32_t flags;
	uint32_t reserved;
};

/* One loaded state: lives from load to save, under the lock. */
struct sim_state {
	struct ffa_model_state ms;
	struct ffa_model_host host;
	uint64_t next_pa;
	struct sim_rec *recs;
	uint32_t rec_n, rec_cap;
	uint32_t *pat;        /* pattern of each live page, in record order */
	uint32_t pat_n, pat_cap;
	bool indexed;         /* regions[] hold the state: index kept */
	uint8_t tx[SIM_BUF_SIZE];
	uint8_t rx[SIM_BUF_SIZE];
};

struct sim {
	char path[4096];
};

/* ---- small helpers ---------------------------------------------------- */

static void seterr(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (!err || !cap)
		return;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

/*
 * The file checksum: FNV-1a-64 steps over 8-byte little-endian words in four
 * interleaved lanes (a byte-at-a-time FNV made a 10 k-handle state cost
 * milliseconds per operation). Each step (h ^ w) * odd is a bijection of
 * h, so any change confined to one word always changes the result.
 */
#define FNV64_INIT 0xcbf29ce484222325ull
#define FNV64_PRIME 0x100000001b3ull

static uint64_t csum64(uint64_t seed, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h[4] = { seed, seed ^ 1, seed ^ 2, seed ^ 3 }, w;
	size_t i = 0;
	int k;

	for (; i + 32 <= n; i += 32)
		for (k = 0; k < 4; k++) {
			memcpy(&w, b + i + 8 * k, 8);
			h[k] = (h[k] ^ w) * FNV64_PRIME;
		}
	for (k = 0; i < n; i++, k = (k + 1) & 3)
		h[k] = (h[k] ^ b[i]) * FNV64_PRIME;
	w = FNV64_INIT ^ n;
	for (k = 0; k < 4; k++)
		w = (w ^ h[k]) * FNV64_PRIME;
	return w;
}

static bool fn_is_ffa(uint32_t fid)
{
	return (fid & ~0x400000FFu) == FFA_SMC32_BASE &&
	       FFA_FN_NUM(fid) >= FFA_FN_NUM_MIN;
}

static bool is_success(uint64_t a0)
{
	return (uint32_t)a0 == FFA_FN_SMC32(FFA_SUCCESS) ||
	       (uint32_t)a0 == FFA_FN_SMC64(FFA_SUCCESS);
}

/* ---- paths -------------------------------------------------------------- */

int sim_state_path(char *buf, size_t cap)
{
	const char *e = getenv("FFACTL_SIM_STATE");
	int n;

	if (e && *e)
		n = snprintf(buf, cap, "%s", e);
	else if ((e = getenv("XDG_RUNTIME_DIR")) && *e)
		n = snprintf(buf, cap, "%s/ffactl/sim.state", e);
	else
		n = snprintf(buf, cap, "/tmp/ffactl-%u/sim.state",
			     (unsigned int)getuid());
	if (n < 0 || (size_t)n >= cap)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Creates the state file's directory (one level, 0700) if it is missing.
 * Under /tmp anyone could have made it first: refuse a directory that is
 * not ours or that others can write.
 */
static int ensure_dir(const char *path, char *err, size_t cap)
{
	char dir[4096];
	char *slash;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		seterr(err, cap, "sim state directory %s: %s", dir,
		       strerror(errno));
		return -errno;
	}
	if (strncmp(dir, "/tmp/ffactl-", 12) != 0)
		return 0;
	if (lstat(dir, &st) < 0) {
		seterr(err, cap, "sim state directory %s: %s", dir,
		       strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & 022)) {
		seterr(err, cap,
		       "sim state directory %s is not a private directory of this user",
		       dir);
		return -EPERM;
	}
	return 0;
}

static int resolve_path(const char *given, char *out, size_t cap, char *err,
			size_t errcap)
{
	int n;

	if (given && *given) {
		n = snprintf(out, cap, "%s", given);
		if (n < 0 || (size_t)n >= cap) {
			seterr(err, errcap, "sim state path too long");
			return -ENAMETOOLONG;
		}
	} else if (sim_state_path(out, cap) < 0) {
		seterr(err, errcap, "sim state path too long");
		return -ENAMETOOLONG;
	}
	/* Room for ".tmp.<pid>" and ".lock" after it. */
	if (strlen(out) + 32 >= cap) {
		seterr(err, errcap, "sim state path too long");
		return -ENAMETOOLONG;
	}
	return 0;
}

/* Takes the lock file next to @path; returns the fd or -errno. */
static int sim_lock(const char *path, int op, char *err, size_t cap)
{
	char lp[4200];
	int fd;

	snprintf(lp, sizeof(lp), "%s.lock", path);
	fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 && op == LOCK_SH && (errno == EACCES || errno == EROFS))
		fd = open(lp, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, cap, "sim state lock %s: %s", lp, strerror(errno));
		return -errno;
	}
	while (flock(fd, op) < 0) {
		if (errno == EINTR)
			continue;
		seterr(err, cap, "sim state lock %s: %s", lp, strerror(errno));
		close(fd);
		return -errno;
	}
	return fd;
}

static void sim_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* drops the flock */
}

/* ---- simulated memory (struct ffa_model_host callbacks) --------------- */

static void *host_map(void *ctx, uint64_t pa, uint64_t len)
{
	struct sim_state *st = ctx;

	if (pa >= SIM_TX_PA && len <= SIM_BUF_SIZE &&
	    pa - SIM_TX_PA <= SIM_BUF_SIZE - len)
		return st->tx + (pa - SIM_TX_PA);
	if (pa >= SIM_RX_PA && len <= SIM_BUF_SIZE &&
	    pa - SIM_RX_PA <= SIM_BUF_SIZE - len)
		return st->rx + (pa - SIM_RX_PA);
	return NULL;
}

/* The record holding page @pa, or NULL. Records are sorted by base_pa. */
static struct sim_rec *rec_by_pa(struct sim_state *st, uint64_t pa)
{
	uint32_t lo = 0, hi = st->rec_n;
	struct sim_rec *r;

	/* Last record with base_pa <= pa. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (st->recs[mid].base_pa <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	r = &st->recs[lo - 1];
	if ((pa - r->base_pa) / FFA_PAGE_SIZE >= r->pages)
		return NULL;
	return r;
}

/* The pattern word of page @pa, or NULL if the sim does not own it. */
static uint32_t *page_pattern(struct sim_state *st, uint64_t pa)
{
	struct sim_rec *r = rec_by_pa(st, pa);

	if (!r)
		return NULL;
	return &st->pat[r->pat_off + (pa - r->base_pa) / FFA_PAGE_SIZE];
}

static void host_fill(void *ctx, uint64_t pa, uint32_t pages,
		      uint32_t pattern)
{
	struct sim_state *st = ctx;
	uint32_t i, *p;

	/* Pages that are not ours (a deliberately bogus descriptor): no-op. */
	for (i = 0; i < pages; i++)
		if ((p = page_pattern(st, pa + (uint64_t)i * FFA_PAGE_SIZE)))
			*p = pattern;
}

static uint32_t host_checksum(void *ctx, uint64_t pa, uint32_t pages)
{
	struct sim_state *st = ctx;
	uint32_t h = 0x811c9dc5u, i, w, *p;
	bool nonzero = false;
	int b;

	for (i = 0; i < pages; i++) {
		p = page_pattern(st, pa + (uint64_t)i * FFA_PAGE_SIZE);
		/* Memory that is not ours reads as junk, never as zero. */
		w = p ? *p : 0xDEADBEEFu;
		nonzero |= w != 0;
		for (b = 0; b < 4; b++) {
			h ^= (w >> (8 * b)) & 0xFFu;
			h *= 0x01000193u;
		}
	}
	if (!nonzero)
		return 0;
	return h ? h : 1;
}

/* ---- model storage ----------------------------------------------------- */

static uint32_t pow2_at_least(uint64_t n)
{
	uint32_t p = 1;

	while (p < n && p < (1u << 31))
		p <<= 1;
	return p;
}

/* Bytes of frag_buf holding fragments of a transaction still arriving. */
static uint32_t frag_extent(const struct sim_state *st)
{
	const struct ffa_model_host *h = &st->host;
	uint32_t ext = 0, i;

	for (i = 0; i < st->ms.region_count && i < h->region_cap; i++)
		if (h->regions[i].state == FFA_REGION_SENDING &&
		    h->regions[i].frag_received > ext)
			ext = h->regions[i].frag_received;
	return ext < h->frag_cap ? ext : h->frag_cap;
}

static void *grow(void *p, size_t old_n, size_t new_n, size_t size)
{
	uint8_t *q = realloc(p, new_n * size);

	if (!q)
		return NULL;
	memset(q + old_n * size, 0, (new_n - old_n) * size);
	return q;
}

/*
 * Makes room for @regions more regions, @ranges more ranges and a fragment
 * buffer of @frag bytes. The model keeps every unused range on its free
 * list (model_priv.h), so new range slots are chained onto it.
 */
static int reserve(struct sim_state *st, uint32_t regions, uint32_t ranges,
		   uint32_t frag)
{
	struct ffa_model_host *h = &st->host;
	uint64_t need;
	uint32_t cap, i;
	void *p;

	need = (uint64_t)st->ms.region_count + regions;
	if (need > h->region_cap) {
		if (need > SIM_MAX_COUNT)
			return -ENOMEM;
		cap = (uint32_t)(need + need / 2 + 16);
		p = grow(h->regions, h->region_cap, cap, sizeof(*h->regions));
		if (!p)
			return -ENOMEM;
		h->regions = p;
		h->region_cap = cap;
	}
	if (h->index_cap < 2ull * h->region_cap) {
		cap = pow2_at_least(2ull * h->region_cap);
		p = realloc(h->index, (size_t)cap * sizeof(*h->index));
		if (!p)
			return -ENOMEM;
		h->index = p;
		h->index_cap = cap;
		/* While loading, regions[] is not filled in: index later. */
		if (st->indexed)
			ffa_model_reindex(&st->ms, h);
	}
	need = (uint64_t)st->ms.ranges_used + ranges;
	if (need > h->range_cap) {
		if (need > SIM_MAX_COUNT)
			return -ENOMEM;
		cap = (uint32_t)(need + need / 2 + 64);
		p = grow(h->ranges, h->range_cap, cap, sizeof(*h->ranges));
		if (!p)
			return -ENOMEM;
		h->ranges = p;
		for (i = h->range_cap; i < cap; i++)
			h->ranges[i].next = i + 1 < cap ? i + 1 :
							  st->ms.free_range;
		st->ms.free_range = h->range_cap;
		h->range_cap = cap;
	}
	if (frag > h->frag_cap) {
		p = grow(h->frag_buf, h->frag_cap, frag, 1);
		if (!p)
			return -ENOMEM;
		h->frag_buf = p;
		h->frag_cap = frag;
	}
	return 0;
}

static void state_free(struct sim_state *st)
{
	if (!st)
		return;
	free(st->host.regions);
	free(st->host.ranges);
	free(st->host.index);
	free(st->host.frag_buf);
	free(st->recs);
	free(st->pat);
	free(st);
}

static struct sim_state *state_new(void)
{
	struct sim_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->host.ctx = st;
	st->host.map = host_map;
	st->host.fill = host_fill;
	st->host.checksum = host_checksum;
	st->next_pa = SIM_PAGE_BASE;
	return st;
}

/* A fresh state: what a missing file or `ffactl sim reset` means. */
static struct sim_state *state_fresh(uint32_t profile)
{
	struct sim_state *st = state_new();

	if (!st)
		return NULL;
	if (reserve(st, 64, 256, SIM_BUF_SIZE) < 0) {
		state_free(st);
		return NULL;
	}
	ffa_model_reset(&st->ms, &st->host, profile);
	ffa_model_reindex(&st->ms, &st->host);
	st->indexed = true;
	return st;
}

/* ---- sim records --------------------------------------------------------- */

static struct sim_rec *rec_by_handle(struct sim_state *st, uint64_t handle)
{
	uint32_t i;

	for (i = 0; i < st->rec_n; i++)
		if (!(st->recs[i].flags & SIM_REC_PENDING) &&
		    st->recs[i].handle == handle)
			return &st->recs[i];
	return NULL;
}

/* Allocates @pages fresh pages as a pending record at the end. */
static struct sim_rec *rec_alloc(struct sim_state *st, uint32_t pages,
				 uint32_t pattern)
{
	struct sim_rec *r;
	uint32_t i;
	void *p;

	if (st->next_pa > UINT64_MAX - (uint64_t)pages * FFA_PAGE_SIZE ||
	    (uint64_t)st->pat_n + pages > SIM_MAX_COUNT ||
	    st->rec_n >= SIM_MAX_COUNT)
		return NULL;
	if (st->rec_n == st->rec_cap) {
		uint32_t cap = st->rec_cap ? st->rec_cap * 2 : 64;

		p = grow(st->recs, st->rec_cap, cap, sizeof(*st->recs));
		if (!p)
			return NULL;
		st->recs = p;
		st->rec_cap = cap;
	}
	if (st->pat_n + pages > st->pat_cap || !st->pat) {
		uint32_t cap = st->pat_n + pages + st->pat_cap + 64;

		p = grow(st->pat, st->pat_cap, cap, sizeof(*st->pat));
		if (!p)
			return NULL;
		st->pat = p;
		st->pat_cap = cap;
	}
	r = &st->recs[st->rec_n++];
	memset(r, 0, sizeof(*r));
	r->base_pa = st->next_pa;
	r->pages = pages;
	r->pat_off = st->pat_n;
	r->flags = SIM_REC_PENDING;
	for (i = 0; i < pages; i++)
		st->pat[st->pat_n + i] = pattern;
	st->pat_n += pages;
	/* Never rewound: a freed address is never handed out again. */
	st->next_pa += (uint64_t)pages * FFA_PAGE_SIZE;
	return r;
}

/* Frees a record's pages and drops it, keeping the rest in order. */
static void rec_drop(struct sim_state *st, struct sim_rec *r)
{
	uint32_t idx = (uint32_t)(r - st->recs), off = r->pat_off;
	uint32_t pages = r->pages, i;

	memmove(&st->pat[off], &st->pat[off + pages],
		(size_t)(st->pat_n - off - pages) * sizeof(*st->pat));
	st->pat_n -= pages;
	memmove(&st->recs[idx], &st->recs[idx + 1],
		(size_t)(st->rec_n - idx - 1) * sizeof(*st->recs));
	st->rec_n--;
	for (i = idx; i < st->rec_n; i++)
		st->recs[i].pat_off -= pages;
}

/* ---- load and save ------------------------------------------------------- */

static int read_all(int fd, uint8_t **out, size_t *len, const char **why)
{
	struct stat sb;
	uint8_t *buf;
	size_t got = 0;
	ssize_t n;

	if (fstat(fd, &sb) < 0)
		return -errno;
	if (!S_ISREG(sb.st_mode)) {
		*why = "not a regular file";
		return -EINVAL;
	}
	if ((uint64_t)sb.st_size > SIM_MAX_FILE) {
		*why = "file too large";
		return -EINVAL;
	}
	buf = malloc(sb.st_size ? (size_t)sb.st_size : 1);
	if (!buf)
		return -ENOMEM;
	while (got < (size_t)sb.st_size) {
		n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -errno;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	*out = buf;
	*len = got;
	return 0;
}

static uint64_t payload_len(const struct sim_hdr *h)
{
	return sizeof(struct ffa_model_state) +
	       (uint64_t)h->region_n * sizeof(struct ffa_model_region) +
	       (uint64_t)h->range_n * sizeof(struct ffa_model_range) +
	       h->frag_n + (uint64_t)h->rec_n * sizeof(struct sim_rec) +
	       (uint64_t)h->pat_n * sizeof(uint32_t);
}

static uint64_t hdr_csum(const struct sim_hdr *h, const uint8_t *payload,
			 size_t len)
{
	uint64_t c = csum64(FNV64_INIT, h, offsetof(struct sim_hdr, csum));

	return csum64(c, payload, len);
}

static const char *check_recs(const struct sim_state *st)
{
	uint64_t prev_end = SIM_PAGE_BASE, off = 0;
	const struct sim_rec *r;
	uint32_t i;

	if (st->next_pa < SIM_PAGE_BASE || st->next_pa % FFA_PAGE_SIZE)
		return "page allocator out of range";
	for (i = 0; i < st->rec_n; i++) {
		r = &st->recs[i];
		if (r->flags || r->reserved)
			return "handle record with unknown flags";
		if (r->pages > SIM_MAX_PAGES ||
		    r->receiver_count > FFA_MODEL_MAX_RECEIVERS)
			return "handle record out of range";
		if (r->pat_off != off)
			return "handle record pages out of place";
		if (r->base_pa < prev_end || r->base_pa % FFA_PAGE_SIZE ||
		    r->base_pa > st->next_pa ||
		    (st->next_pa - r->base_pa) / FFA_PAGE_SIZE < r->pages)
			return "handle record pages overlap or out of range";
		prev_end = r->base_pa + (uint64_t)r->pages * FFA_PAGE_SIZE;
		off += r->pages;
	}
	if (off != st->pat_n)
		return "page table size does not match the handle records";
	return NULL;
}

/* Parses a whole file image into @out; on failure *why says what. */
static int parse(const uint8_t *buf, size_t len, struct sim_state **out,
		 const char **why, char *whybuf, size_t whycap)
{
	struct sim_hdr h;
	struct sim_state *st;
	const uint8_t *p;
	uint64_t plen;
	uint32_t region_extra, range_extra, i;

	if (len == 0) {
		*why = "empty file (truncated)";
		return -EINVAL;
	}
	if (memcmp(buf, SIM_MAGIC, len < 8 ? len : 8) != 0) {
		*why = "bad magic: not an ffactl sim state file";
		return -EINVAL;
	}
	if (len < offsetof(struct sim_hdr, hdr_size)) {
		snprintf(whybuf, whycap,
			 "truncated (%zu bytes, header needs %zu)", len,
			 sizeof(h));
		*why = whybuf;
		return -EINVAL;
	}
	memcpy(&h.format, buf + 8, sizeof(h.format));
	if (h.format != SIM_FORMAT) {
		snprintf(whybuf, whycap,
			 "format version %u, this ffactl reads version %u",
			 h.format, SIM_FORMAT);
		*why = whybuf;
		return -EINVAL;
	}
	if (len < sizeof(h)) {
		snprintf(whybuf, whycap,
			 "truncated (%zu bytes, header needs %zu)", len,
			 sizeof(h));
		*why = whybuf;
		return -EINVAL;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.hdr_size != sizeof(h) ||
	    h.state_size != sizeof(struct ffa_model_state) ||
	    h.region_size != sizeof(struct ffa_model_region) ||
	    h.range_size != sizeof(struct ffa_model_range) ||
	    h.rec_size != sizeof(struct sim_rec)) {
		*why = "record sizes differ (incompatible build, or corrupt)";
		return -EINVAL;
	}
	plen = payload_len(&h);
	if (h.payload_len != plen) {
		*why = "header counts do not match the payload (corrupt file)";
		return -EINVAL;
	}
	if (len - sizeof(h) < plen) {
		snprintf(whybuf, whycap, "truncated (%zu of %llu bytes)", len,
			 (unsigned long long)(plen + sizeof(h)));
		*why = whybuf;
		return -EINVAL;
	}
	if (len - sizeof(h) > plen) {
		snprintf(whybuf, whycap,
			 "%llu bytes of trailing data (corrupt file)",
			 (unsigned long long)(len - sizeof(h) - plen));
		*why = whybuf;
		return -EINVAL;
	}
	if (hdr_csum(&h, buf + sizeof(h), (size_t)plen) != h.csum) {
		*why = "checksum mismatch (corrupt file)";
		return -EINVAL;
	}
	if (h.region_n > SIM_MAX_COUNT || h.range_n > SIM_MAX_COUNT ||
	    h.rec_n > SIM_MAX_COUNT || h.pat_n > SIM_MAX_COUNT) {
		*why = "counts out of range";
		return -EINVAL;
	}

	st = state_new();
	if (!st)
		return -ENOMEM;
	p = buf + sizeof(h);
	memcpy(&st->ms, p, sizeof(st->ms));
	p += sizeof(st->ms);
	if (st->ms.region_count != h.region_n ||
	    st->ms.ranges_used != h.range_n) {
		state_free(st);
		*why = "region or range count does not match the header";
		return -EINVAL;
	}
	/* Headroom so that most operations never need to grow. */
	region_extra = h.region_n / 2 + 64;
	range_extra = h.range_n / 2 + 256;
	if (reserve(st, region_extra, range_extra,
		    h.frag_n > SIM_BUF_SIZE ? h.frag_n : SIM_BUF_SIZE) < 0) {
		state_free(st);
		return -ENOMEM;
	}
	memcpy(st->host.regions, p, (size_t)h.region_n * h.region_size);
	p += (size_t)h.region_n * h.region_size;
	memcpy(st->host.ranges, p, (size_t)h.range_n * h.range_size);
	p += (size_t)h.range_n * h.range_size;
	memcpy(st->host.frag_buf, p, h.frag_n);
	p += h.frag_n;
	st->rec_cap = h.rec_n + 64;
	st->pat_cap = h.pat_n + 64;
	st->recs = calloc(st->rec_cap, sizeof(*st->recs));
	st->pat = calloc(st->pat_cap, sizeof(*st->pat));
	if (!st->recs || !st->pat) {
		state_free(st);
		return -ENOMEM;
	}
	memcpy(st->recs, p, (size_t)h.rec_n * sizeof(*st->recs));
	p += (size_t)h.rec_n * sizeof(*st->recs);
	memcpy(st->pat, p, (size_t)h.pat_n * sizeof(*st->pat));
	st->rec_n = h.rec_n;
	st->pat_n = h.pat_n;
	st->next_pa = h.next_pa;
	/*
	 * The file holds only live ranges, packed at the front; every other
	 * slot goes back on the model's free list.
	 */
	for (i = h.range_n; i < st->host.range_cap; i++) {
		st->host.ranges[i].address = 0;
		st->host.ranges[i].pages = 0;
		st->host.ranges[i].next =
			i + 1 < st->host.range_cap ? i + 1 : SIM_NONE;
	}
	st->ms.free_range = h.range_n < st->host.range_cap ? h.range_n :
							     SIM_NONE;
	/* The fragment buffer must hold a transmission still arriving. */
	for (i = 0; i < h.region_n; i++)
		if (st->host.regions[i].state == FFA_REGION_SENDING &&
		    st->host.regions[i].frag_total <= SIM_MAX_DESC &&
		    reserve(st, 0, 0, st->host.regions[i].frag_total) < 0) {
			state_free(st);
			return -ENOMEM;
		}

	*why = check_recs(st);
	if (*why) {
		state_free(st);
		return -EINVAL;
	}
	if (st->ms.profile >= FFA_PROFILE_COUNT) {
		state_free(st);
		*why = "unknown profile";
		return -EINVAL;
	}
	if (ffa_model_validate(&st->ms, &st->host, why) < 0) {
		snprintf(whybuf, whycap, "model state invalid: %s",
			 *why ? *why : "inconsistent");
		*why = whybuf;
		state_free(st);
		return -EINVAL;
	}
	ffa_model_reindex(&st->ms, &st->host);
	st->indexed = true;
	*out = st;
	return 0;
}

/*
 * Loads @path into *@out. A missing file is a fresh state (profile spec);
 * *@fresh then says so. The file is never modified here.
 */
static int load(const char *path, struct sim_state **out, bool *fresh,
		char *err, size_t cap)
{
	const char *why = NULL;
	char whybuf[160];
	uint8_t *buf = NULL;
	size_t len = 0;
	int fd, ret;

	*out = NULL;
	if (fresh)
		*fresh = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		*out = state_fresh(FFA_PROFILE_SPEC);
		if (!*out) {
			seterr(err, cap, "sim state: out of memory");
			return -ENOMEM;
		}
		if (fresh)
			*fresh = true;
		return 0;
	}
	if (fd < 0) {
		ret = -errno;
		seterr(err, cap, "sim state %s: %s", path, strerror(errno));
		return ret;
	}
	ret = read_all(fd, &buf, &len, &why);
	close(fd);
	if (ret == 0)
		ret = parse(buf, len, out, &why, whybuf, sizeof(whybuf));
	free(buf);
	if (ret == -EINVAL)
		seterr(err, cap, "sim state %s: %s; run 'ffactl sim reset'",
		       path, why ? why : "invalid");
	else if (ret < 0)
		seterr(err, cap, "sim state %s: %s", path, strerror(-ret));
	return ret;
}

static int write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	ssize_t w;

	while (n) {
		w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int save(const char *path, struct sim_state *st, char *err,
		size_t cap)
{
	const struct ffa_model_host *ho = &st->host;
	struct ffa_model_region *rg;
	struct ffa_model_range *rn;
	uint32_t i, j, k = 0, n;
	char tmp[4200];
	struct sim_hdr h;
	uint8_t *buf, *p;
	uint64_t plen;
	int fd, ret;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SIM_MAGIC, 8);
	h.format = SIM_FORMAT;
	h.hdr_size = sizeof(h);
	h.state_size = sizeof(struct ffa_model_state);
	h.region_size = sizeof(struct ffa_model_region);
	h.range_size = sizeof(struct ffa_model_range);
	h.rec_size = sizeof(struct sim_rec);
	h.region_n = st->ms.region_count;
	h.range_n = st->ms.ranges_used;
	h.frag_n = frag_extent(st);
	h.rec_n = st->rec_n;
	h.pat_n = st->pat_n;
	h.next_pa = st->next_pa;
	plen = payload_len(&h);
	h.payload_len = plen;

	buf = malloc(sizeof(h) + plen);
	if (!buf) {
		seterr(err, cap, "sim state: out of memory");
		return -ENOMEM;
	}
	p = buf + sizeof(h);
	memcpy(p, &st->ms, sizeof(st->ms));
	p += sizeof(st->ms);
	rg = (struct ffa_model_region *)p;
	memcpy(p, ho->regions, (size_t)h.region_n * h.region_size);
	p += (size_t)h.region_n * h.region_size;
	/*
	 * Live ranges only, packed chain by chain: the file does not grow
	 * with capacity, and loading rebuilds the free list from the rest.
	 */
	rn = (struct ffa_model_range *)p;
	for (i = 0; i < h.region_n; i++) {
		j = ho->regions[i].first_range;
		rg[i].first_range = rg[i].range_count ? k : SIM_NONE;
		for (n = 0; n < rg[i].range_count; n++) {
			if (j >= ho->range_cap || k >= h.range_n)
				goto broken;
			rn[k] = ho->ranges[j];
			rn[k].next = n + 1 < rg[i].range_count ? k + 1 :
								 SIM_NONE;
			j = ho->ranges[j].next;
			k++;
		}
	}
	if (k != h.range_n)
		goto broken;
	p += (size_t)h.range_n * h.range_size;
	memcpy(p, ho->frag_buf, h.frag_n);
	p += h.frag_n;
	/* recs/pat are NULL in a fresh state: memcpy wants non-NULL. */
	if (h.rec_n)
		memcpy(p, st->recs, (size_t)h.rec_n * sizeof(*st->recs));
	p += (size_t)h.rec_n * sizeof(*st->recs);
	if (h.pat_n)
		memcpy(p, st->pat, (size_t)h.pat_n * sizeof(*st->pat));
	h.csum = hdr_csum(&h, buf + sizeof(h), (size_t)plen);
	memcpy(buf, &h, sizeof(h));

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		seterr(err, cap, "sim state %s: %s", tmp, strerror(errno));
		free(buf);
		return ret;
	}
	ret = write_all(fd, buf, sizeof(h) + plen);
	free(buf);
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret) {
		seterr(err, cap, "sim state %s: %s", path, strerror(-ret));
		unlink(tmp);
	}
	return ret;

broken:
	/* Never write a state that would not load again. */
	seterr(err, cap, "sim state %s: model ranges inconsistent, not saved",
	       path);
	free(buf);
	return -EIO;
}

/*
 * Removes <path>.tmp.* left by killed processes. Only called with the
 * exclusive lock held: nobody else is writing one then.
 */
static void remove_stale_tmp(const char *path)
{
	char dir[4096], prefix[512], full[4600];
	const char *base = strrchr(path, '/');
	struct dirent *de;
	size_t plen;
	DIR *d;

	if (base) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - path), path);
		if (!dir[0])
			snprintf(dir, sizeof(dir), "/");
		base++;
	} else {
		snprintf(dir, sizeof(dir), ".");
		base = path;
	}
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s.tmp.", base);
	if (plen >= sizeof(prefix))
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		snprintf(full, sizeof(full), "%s/%s", dir, de->d_name);
		unlink(full);
	}
	closedir(d);
}

/* ---- the backend ------------------------------------------------------- */

static struct sim *sim_of(struct ffactl_backend *be)
{
	return be->priv;
}

/* Lock, load: the start of every operation that may change state. */
static int begin(struct ffactl_backend *be, struct sim_state **st, int *lk)
{
	struct sim *s = sim_of(be);
	int ret;

	*lk = sim_lock(s->path, LOCK_EX, be->errmsg, sizeof(be->errmsg));
	if (*lk < 0)
		return *lk;
	ret = load(s->path, st, NULL, be->errmsg, sizeof(be->errmsg));
	if (ret < 0) {
		sim_unlock(*lk);
		*lk = -1;
	}
	return ret;
}

/* Save (if @ret says the SPMC was reached), free, unlock. */
static int end(struct ffactl_backend *be, struct sim_state *st, int lk,
	       int ret, bool changed)
{
	int r = 0;

	if (changed)
		r = save(sim_of(be)->path, st, be->errmsg,
			 sizeof(be->errmsg));
	state_free(st);
	sim_unlock(lk);
	return ret < 0 ? ret : r;
}

/*
 * The kernel module passes only FF-A function IDs through its raw-call
 * ioctl, and none that touch the buffers or memory it owns (DESIGN.md §5):
 * the sim refuses the same ones, or its records would drift from the
 * model's.
 */
static bool raw_call_allowed(uint32_t fid)
{
	switch (FFA_FN_NUM(fid)) {
	case FFA_RXTX_MAP:
	case FFA_RXTX_UNMAP:
	case FFA_MEM_DONATE:
	case FFA_MEM_LEND:
	case FFA_MEM_SHARE:
	case FFA_MEM_RETRIEVE_REQ:
	case FFA_MEM_RELINQUISH:
	case FFA_MEM_RECLAIM:
	case FFA_MEM_FRAG_RX:
	case FFA_MEM_FRAG_TX:
		return false;
	default:
		return fn_is_ffa(fid);
	}
}

static int sim_call(struct ffactl_backend *be, struct ffa_regs *io)
{
	struct sim_state *st;
	int lk, ret;

	if (io->a[0] >> 32 || !raw_call_allowed((uint32_t)io->a[0])) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "function ID 0x%llx refused for a raw call (only FF-A IDs; memory and RX/TX ABIs have their own commands)",
			 (unsigned long long)io->a[0]);
		return -EPERM;
	}
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, io);
	return end(be, st, lk, 0, true);
}

static int sim_partition_info(struct ffactl_backend *be,
			      const uint32_t uuid[4], uint32_t flags,
			      struct ffa_regs *out, void *buf, size_t cap,
			      size_t *len)
{
	struct sim_state *st;
	struct ffa_regs rel;
	uint64_t n, size;
	int lk, ret, i;

	*len = 0;
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	memset(out, 0, sizeof(*out));
	out->a[0] = FFA_FN_SMC32(FFA_PARTITION_INFO_GET);
	for (i = 0; i < 4; i++)
		out->a[1 + i] = uuid[i];
	out->a[5] = flags;
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, out);
	/* DEN0077 §13.8: count-only (flags bit 0) leaves RX with the SPMC. */
	if (is_success(out->a[0]) &&
	    !(flags & FFA_PARTITION_INFO_COUNT_ONLY)) {
		/* v1.0 returns no size in a3: its descriptor is 8 bytes. */
		size = (uint32_t)out->a[3] ? (uint32_t)out->a[3] : 8;
		n = (uint64_t)(uint32_t)out->a[2] * size;
		if (n > SIM_BUF_SIZE)
			n = SIM_BUF_SIZE;
		if (n > cap)
			n = cap;
		if (buf && n)
			memcpy(buf, st->rx, (size_t)n);
		*len = buf ? (size_t)n : 0;
		memset(&rel, 0, sizeof(rel));
		rel.a[0] = FFA_FN_SMC32(FFA_RX_RELEASE);
		ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, &rel);
	}
	return end(be, st, lk, 0, true);
}

/* The kmod's bounds check before it writes addresses into a descriptor. */
static int check_send_req(struct ffactl_backend *be,
			  const struct mem_send_req *req)
{
	uint32_t num = FFA_FN_NUM(req->fid);
	uint64_t end_off;

	if (!fn_is_ffa(req->fid) || (num != FFA_MEM_DONATE &&
				     num != FFA_MEM_LEND &&
				     num != FFA_MEM_SHARE)) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "function ID 0x%x is not FFA_MEM_SHARE, _LEND or _DONATE",
			 req->fid);
		return -EINVAL;
	}
	if (!req->desc || !req->desc_len) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "empty memory transaction descriptor");
		return -EINVAL;
	}
	if (req->desc_len > SIM_MAX_DESC) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "descriptor of %u bytes is larger than the sim accepts (%u)",
			 req->desc_len, SIM_MAX_DESC);
		return -E2BIG;
	}
	if (req->pages > SIM_MAX_PAGES) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u pages is more than the sim lends at once (%u)",
			 req->pages, SIM_MAX_PAGES);
		return -E2BIG;
	}
	if (req->addr_mode != MEM_ADDR_FILL &&
	    req->addr_mode != MEM_ADDR_AS_IS) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "unknown address mode %u", req->addr_mode);
		return -EINVAL;
	}
	if (req->addr_mode != MEM_ADDR_FILL)
		return 0;
	end_off = req->cons_off +
		  (uint64_t)req->cons_count * FFA_CONSTITUENT_SIZE;
	if (end_off > req->desc_len) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "constituent array [%u, %llu) lies outside the %u-byte descriptor",
			 req->cons_off, (unsigned long long)end_off,
			 req->desc_len);
		return -EINVAL;
	}
	if (req->cons_count > req->pages) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u constituents but only %u pages to put in them",
			 req->cons_count, req->pages);
		return -EINVAL;
	}
	return 0;
}

/*
 * Transmits @d through TX: whole, or in fragments with FFA_MEM_FRAG_TX while
 * the SPMC answers FFA_MEM_FRAG_RX (DEN0077 §11.3 "Fragmented transmission").
 */
static int transmit(struct ffactl_backend *be, struct sim_state *st,
		    const struct mem_send_req *req, const uint8_t *d,
		    struct mem_send_res *res)
{
	struct ffa_regs *r = &res->regs;
	uint32_t flen, off, piece;
	uint64_t handle;

	flen = req->frag_len ? req->frag_len : SIM_BUF_SIZE;
	if (flen > SIM_BUF_SIZE)
		flen = SIM_BUF_SIZE;
	piece = req->desc_len < flen ? req->desc_len : flen;
	memcpy(st->tx, d, piece);
	memset(r, 0, sizeof(*r));
	r->a[0] = req->fid;
	r->a[1] = req->desc_len;
	r->a[2] = piece;
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, r);
	res->fragments = 1;
	off = piece;
	while ((uint32_t)r->a[0] == FFA_FN_SMC32(FFA_MEM_FRAG_RX)) {
		if (off >= req->desc_len) {
			snprintf(be->errmsg, sizeof(be->errmsg),
				 "SPMC asked for more fragments after the whole %u-byte descriptor was sent",
				 req->desc_len);
			return -EPROTO;
		}
		handle = ffa_handle_join(r->a[1], r->a[2]);
		piece = req->desc_len - off < flen ? req->desc_len - off : flen;
		memcpy(st->tx, d + off, piece);
		memset(r, 0, sizeof(*r));
		r->a[0] = FFA_FN_SMC32(FFA_MEM_FRAG_TX);
		r->a[1] = ffa_handle_lo(handle);
		r->a[2] = ffa_handle_hi(handle);
		r->a[3] = piece;
		ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, r);
		res->fragments++;
		off += piece;
	}
	return 0;
}

static void record_receivers(struct sim_rec *rec, const uint8_t *d,
			     uint32_t len)
{
	struct ffa_mem_region mr;
	uint32_t i;

	memset(&mr, 0, sizeof(mr));
	if (ffa_desc_decode(d, len, 0, &mr, NULL) != 0 &&
	    mr.receiver_count == 0)
		return;
	for (i = 0; i < mr.receiver_count && i < FFA_MODEL_MAX_RECEIVERS &&
		    i < FFA_DESC_MAX_RECEIVERS; i++)
		rec->receivers[i] = mr.receivers[i].receiver;
	rec->receiver_count = i;
}

static int sim_mem_send(struct ffactl_backend *be,
			const struct mem_send_req *req,
			struct mem_send_res *res)
{
	struct sim_state *st;
	struct sim_rec *rec;
	uint8_t *d;
	uint64_t base;
	uint32_t i;
	int lk, ret;

	memset(res, 0, sizeof(*res));
	ret = check_send_req(be, req);
	if (ret < 0)
		return ret;
	d = malloc(req->desc_len);
	if (!d) {
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	memcpy(d, req->desc, req->desc_len);
	ret = begin(be, &st, &lk);
	if (ret < 0) {
		free(d);
		return ret;
	}
	/* The model may keep one range per constituent the descriptor has. */
	if (reserve(st, 1, req->desc_len / FFA_CONSTITUENT_SIZE + 1,
		    req->desc_len) < 0 ||
	    !(rec = rec_alloc(st, req->pages,
			      req->fill ? req->fill_pattern : 0))) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "sim: out of memory for %u pages", req->pages);
		free(d);
		return end(be, st, lk, -ENOMEM, false);
	}
	base = rec->base_pa;
	if (req->addr_mode == MEM_ADDR_FILL)
		for (i = 0; i < req->cons_count; i++)
			ffa_put64(d + req->cons_off + FFA_CONSTITUENT_SIZE * i,
				  base + (uint64_t)i * FFA_PAGE_SIZE);

	ret = transmit(be, st, req, d, res);
	if (ret == 0 && is_success(res->regs.a[0])) {
		res->handle = ffa_handle_join(res->regs.a[2], res->regs.a[3]);
		rec->handle = res->handle;
		rec->fn_num = FFA_FN_NUM(req->fid);
		rec->flags = 0;
		record_receivers(rec, d, req->desc_len);
	} else {
		/* The SPMC refused: nobody else holds these pages. */
		rec_drop(st, rec);
	}
	free(d);
	return end(be, st, lk, ret, true);
}

static int sim_mem_reclaim(struct ffactl_backend *be, uint64_t handle,
			   uint32_t flags, bool verify_zero,
			   struct mem_reclaim_res *res)
{
	struct sim_state *st;
	struct sim_rec *rec;
	uint32_t i;
	int lk, ret;

	memset(res, 0, sizeof(*res));
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	res->regs.a[0] = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	res->regs.a[1] = ffa_handle_lo(handle);
	res->regs.a[2] = ffa_handle_hi(handle);
	res->regs.a[3] = flags;
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, &res->regs);
	rec = rec_by_handle(st, handle);
	if (rec)
		res->pages = rec->pages;
	/* Pages are freed only once the SPMC has given them back (§5). */
	if (rec && is_success(res->regs.a[0])) {
		if (verify_zero) {
			res->verified = true;
			res->zeroed = true;
			for (i = 0; i < rec->pages; i++)
				if (st->pat[rec->pat_off + i])
					res->zeroed = false;
		}
		res->pages_freed = rec->pages;
		rec_drop(st, rec);
	}
	return end(be, st, lk, 0, true);
}

static uint32_t rec_state(struct sim_state *st, const struct sim_rec *r)
{
	const struct ffa_model_region *mr;
	uint32_t i;

	mr = ffa_model_find(&st->ms, &st->host, r->handle);
	if (!mr)
		return HANDLE_STUCK; /* pages kept, the SPMC does not know it */
	for (i = 0; i < mr->receiver_count && i < FFA_MODEL_MAX_RECEIVERS; i++)
		if (mr->retrieved[i])
			return HANDLE_RETRIEVED;
	return HANDLE_OWNED;
}

static int sim_handles(struct ffactl_backend *be, struct handle_info *list,
		       size_t cap, size_t *n)
{
	struct sim *s = sim_of(be);
	struct sim_state *st;
	const struct sim_rec *r;
	size_t k = 0;
	uint32_t i, j;
	int lk, ret;

	*n = 0;
	lk = sim_lock(s->path, LOCK_SH, be->errmsg, sizeof(be->errmsg));
	if (lk < 0)
		return lk;
	ret = load(s->path, &st, NULL, be->errmsg, sizeof(be->errmsg));
	if (ret < 0) {
		sim_unlock(lk);
		return ret;
	}
	for (i = 0; i < st->rec_n; i++) {
		r = &st->recs[i];
		if (r->flags & SIM_REC_PENDING)
			continue;
		if (k < cap && list) {
			memset(&list[k], 0, sizeof(list[k]));
			list[k].handle = r->handle;
			list[k].fn_num = r->fn_num;
			list[k].pages = r->pages;
			list[k].state = rec_state(st, r);
			list[k].receiver_count = r->receiver_count;
			for (j = 0; j < r->receiver_count && j < 4; j++)
				list[k].receivers[j] = r->receivers[j];
		}
		k++;
	}
	*n = k;
	return end(be, st, lk, 0, false);
}

static void sim_close(struct ffactl_backend *be)
{
	free(be->priv);
	be->priv = NULL;
}

static const struct ffactl_backend_ops sim_ops = {
	.name = "sim",
	.call = sim_call,
	.partition_info = sim_partition_info,
	.mem_send = sim_mem_send,
	.mem_reclaim = sim_mem_reclaim,
	.handles = sim_handles,
	.close = sim_close,
};

/* What the kernel module does at load: FFA_RXTX_MAP (DEN0077 §13.6). */
static int map_rxtx(struct ffactl_backend *be, struct sim_state *st)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC64(FFA_RXTX_MAP);
	r.a[1] = SIM_TX_PA;
	r.a[2] = SIM_RX_PA;
	r.a[3] = 1;
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, &r);
	if (!is_success(r.a[0])) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "sim: FFA_RXTX_MAP refused by the SPMC model (a0 0x%llx, a2 %d)",
			 (unsigned long long)r.a[0], (int32_t)r.a[2]);
		return -EIO;
	}
	return 0;
}

int sim_backend_open(struct ffactl_backend *be, const struct backend_opts *o)
{
	struct sim_state *st;
	struct sim *s;
	bool fresh;
	int lk, ret;

	be->errmsg[0] = '\0';
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	ret = resolve_path(o ? o->state : NULL, s->path, sizeof(s->path),
			   be->errmsg, sizeof(be->errmsg));
	if (!ret)
		ret = ensure_dir(s->path, be->errmsg, sizeof(be->errmsg));
	if (ret) {
		free(s);
		return ret;
	}
	be->ops = &sim_ops;
	be->priv = s;
	lk = sim_lock(s->path, LOCK_EX, be->errmsg, sizeof(be->errmsg));
	if (lk < 0) {
		ret = lk;
		goto out_free;
	}
	remove_stale_tmp(s->path);
	ret = load(s->path, &st, &fresh, be->errmsg, sizeof(be->errmsg));
	if (ret < 0) {
		sim_unlock(lk);
		goto out_free;
	}
	if (!st->ms.rxtx_pages) {
		ret = map_rxtx(be, st);
		fresh = true;
	}
	ret = end(be, st, lk, ret, fresh && !ret);
	if (ret < 0)
		goto out_free;
	return 0;

out_free:
	free(s);
	be->priv = NULL;
	be->ops = NULL;
	return ret;
}

/* ---- ffactl sim reset | status ----------------------------------------- */

int sim_reset(const char *path, uint32_t profile, char *err, size_t errcap)
{
	struct sim_state *st;
	char p[4096];
	int lk, ret;

	if (profile >= FFA_PROFILE_COUNT) {
		seterr(err, errcap, "unknown sim profile %u", profile);
		return -EINVAL;
	}
	ret = resolve_path(path, p, sizeof(p), err, errcap);
	if (!ret)
		ret = ensure_dir(p, err, errcap);
	if (ret)
		return ret;
	lk = sim_lock(p, LOCK_EX, err, errcap);
	if (lk < 0)
		return lk;
	remove_stale_tmp(p);
	/* The old file is not read: reset must work on a corrupt one. */
	st = state_fresh(profile);
	if (!st) {
		sim_unlock(lk);
		seterr(err, errcap, "sim state: out of memory");
		return -ENOMEM;
	}
	ret = save(p, st, err, errcap);
	state_free(st);
	sim_unlock(lk);
	return ret;
}

int sim_status(const char *path, struct sim_status *out, char *err,
	       size_t errcap)
{
	struct sim_state *st;
	int lk, ret;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	ret = resolve_path(path, out->path, sizeof(out->path), err, errcap);
	if (ret)
		return ret;
	if (access(out->path, F_OK) < 0 && errno == ENOENT) {
		/* Nothing to lock yet; report what a first open would start. */
		lk = -1;
	} else {
		lk = sim_lock(out->path, LOCK_SH, err, errcap);
		if (lk < 0)
			return lk;
	}
	ret = load(out->path, &st, NULL, err, errcap);
	sim_unlock(lk);
	if (ret < 0)
		return ret;
	out->profile = st->ms.profile;
	for (i = 0; i < st->rec_n; i++)
		out->live_handles += !(st->recs[i].flags & SIM_REC_PENDING);
	out->next_handle = st->ms.next_handle;
	out->rxtx_mapped = st->ms.rxtx_pages != 0;
	out->rx_owned = st->ms.rx_owner;
	out->zeroed_pages = st->ms.stats_zeroed_pages;
	out->partition_count = st->ms.partition_count;
	state_free(st);
	return 0;
}
