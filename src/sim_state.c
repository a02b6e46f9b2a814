// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sim backend's state file: where it lives, the lock that serialises
 * invocations, and turning it into the in-memory state (model storage,
 * handle records, page patterns) and back. The backend ops that act on a
 * loaded state are in sim.c.
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

#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"
#include "sim_state.h"

#define SIM_MAGIC "FFACTLSM"
#define SIM_FORMAT 1u


/* Bounds that keep a hostile file or request from exhausting memory. */
#define SIM_MAX_FILE (1ull << 30)
#define SIM_MAX_COUNT (1u << 26)

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
int sim_state_ensure_dir(const char *path, char *err, size_t cap)
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

int sim_state_resolve_path(const char *given, char *out, size_t cap,
			   char *err, size_t errcap)
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
int sim_state_lock(const char *path, int op, char *err, size_t cap)
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

void sim_state_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* drops the flock */
}

/* ---- simulated pages ---------------------------------------------------- */

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
uint32_t *sim_page_pattern(struct sim_state *st, uint64_t pa)
{
	struct sim_rec *r = rec_by_pa(st, pa);

	if (!r)
		return NULL;
	return &st->pat[r->pat_off + (pa - r->base_pa) / FFA_PAGE_SIZE];
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
int sim_state_reserve(struct sim_state *st, uint32_t regions,
		      uint32_t ranges, uint32_t frag)
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
		/* The model's tree of live ranges: one link per range + 1. */
		p = realloc(h->range_links,
			    ((size_t)cap + 1) * sizeof(*h->range_links));
		if (!p)
			return -ENOMEM;
		h->range_links = p;
		p = grow(h->ranges, h->range_cap, cap, sizeof(*h->ranges));
		if (!p)
			return -ENOMEM;
		h->ranges = p;
		for (i = h->range_cap; i < cap; i++)
			h->ranges[i].next = i + 1 < cap ? i + 1 :
							  st->ms.free_range;
		st->ms.free_range = h->range_cap;
		h->range_cap = cap;
		/* Its head moved with range_cap: rebuild (later if loading). */
		if (st->indexed)
			ffa_model_reindex(&st->ms, h);
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

void sim_state_free(struct sim_state *st)
{
	if (!st)
		return;
	free(st->host.regions);
	free(st->host.ranges);
	free(st->host.index);
	free(st->host.range_links);
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
	/* map/fill/checksum are the backend's: sim.c sets them. */
	st->host.ctx = st;
	st->next_pa = SIM_PAGE_BASE;
	return st;
}

/* A fresh state: what a missing file or `ffactl sim reset` means. */
struct sim_state *sim_state_fresh(uint32_t profile)
{
	struct sim_state *st = state_new();

	if (!st)
		return NULL;
	if (sim_state_reserve(st, 64, 256, SIM_BUF_SIZE) < 0) {
		sim_state_free(st);
		return NULL;
	}
	ffa_model_reset(&st->ms, &st->host, profile);
	ffa_model_reindex(&st->ms, &st->host);
	st->indexed = true;
	return st;
}

/* ---- sim records --------------------------------------------------------- */

struct sim_rec *sim_rec_by_handle(struct sim_state *st, uint64_t handle)
{
	uint32_t i;

	for (i = 0; i < st->rec_n; i++)
		if (!(st->recs[i].flags & SIM_REC_PENDING) &&
		    st->recs[i].handle == handle)
			return &st->recs[i];
	return NULL;
}

/* Allocates @pages fresh pages as a pending record at the end. */
struct sim_rec *sim_rec_alloc(struct sim_state *st, uint32_t pages,
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
void sim_rec_drop(struct sim_state *st, struct sim_rec *r)
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
		if ((r->flags & ~SIM_REC_STUCK) || r->reserved)
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

/*
 * Parses a whole file image into @out; on failure *why says what, built in
 * @whybuf when it needs numbers. Every count is checked against the bytes
 * actually present before anything is allocated for it.
 */
static int parse_image(const uint8_t *buf, size_t len, struct sim_state **out,
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
	/*
	 * save() writes 0. The checksum alone does not guard this word: a
	 * change confined to the top bits of a header word moves all four
	 * payload lanes alike, and those changes can cancel in the fold.
	 */
	if (h.reserved) {
		*why = "reserved header field not zero (corrupt file)";
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
		sim_state_free(st);
		*why = "region or range count does not match the header";
		return -EINVAL;
	}
	/* Headroom so that most operations never need to grow. */
	region_extra = h.region_n / 2 + 64;
	range_extra = h.range_n / 2 + 256;
	if (sim_state_reserve(st, region_extra, range_extra,
		    h.frag_n > SIM_BUF_SIZE ? h.frag_n : SIM_BUF_SIZE) < 0) {
		sim_state_free(st);
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
		sim_state_free(st);
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
		    sim_state_reserve(st, 0, 0,
				      st->host.regions[i].frag_total) < 0) {
			sim_state_free(st);
			return -ENOMEM;
		}

	*why = check_recs(st);
	if (*why) {
		sim_state_free(st);
		return -EINVAL;
	}
	if (st->ms.profile >= FFA_PROFILE_COUNT) {
		sim_state_free(st);
		*why = "unknown profile";
		return -EINVAL;
	}
	if (ffa_model_validate(&st->ms, &st->host, why) < 0) {
		snprintf(whybuf, whycap, "model state invalid: %s",
			 *why ? *why : "inconsistent");
		*why = whybuf;
		sim_state_free(st);
		return -EINVAL;
	}
	ffa_model_reindex(&st->ms, &st->host);
	st->indexed = true;
	st->file_csum = h.csum;
	st->file_len = len;
	*out = st;
	return 0;
}

bool sim_state_current(const char *path, const struct sim_state *st)
{
	struct sim_hdr h;
	struct stat sb;
	bool same;
	int fd;

	if (!st->file_len)
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	same = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	       (uint64_t)sb.st_size == st->file_len &&
	       pread(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
	       !memcmp(h.magic, SIM_MAGIC, 8) && h.format == SIM_FORMAT &&
	       h.csum == st->file_csum &&
	       h.payload_len + sizeof(h) == st->file_len;
	close(fd);
	return same;
}

int sim_state_parse(const uint8_t *buf, size_t len, struct sim_state **out,
		    const char **why)
{
	/* Per thread, so a fuzzer or test may keep *why while it asserts. */
	static _Thread_local char whybuf[160];
	int ret;

	*out = NULL;
	*why = NULL;
	ret = parse_image(buf, len, out, why, whybuf, sizeof(whybuf));
	if (ret == 0)
		*why = NULL;
	return ret;
}

/*
 * Loads @path into *@out. A missing file is a fresh state (profile spec);
 * *@fresh then says so. The file is never modified here.
 */
int sim_state_load(const char *path, struct sim_state **out, bool *fresh,
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
		*out = sim_state_fresh(FFA_PROFILE_SPEC);
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
		ret = parse_image(buf, len, out, &why, whybuf,
				  sizeof(whybuf));
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

int sim_state_save(const char *path, struct sim_state *st, char *err,
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
	/* Not current until the rename below has happened. */
	st->file_csum = 0;
	st->file_len = 0;

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
	if (!ret) {
		st->file_csum = h.csum;
		st->file_len = sizeof(h) + plen;
	}
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
void sim_state_remove_stale_tmp(const char *path)
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
	ret = sim_state_resolve_path(path, p, sizeof(p), err, errcap);
	if (!ret)
		ret = sim_state_ensure_dir(p, err, errcap);
	if (ret)
		return ret;
	lk = sim_state_lock(p, LOCK_EX, err, errcap);
	if (lk < 0)
		return lk;
	sim_state_remove_stale_tmp(p);
	/* The old file is not read: reset must work on a corrupt one. */
	st = sim_state_fresh(profile);
	if (!st) {
		sim_state_unlock(lk);
		seterr(err, errcap, "sim state: out of memory");
		return -ENOMEM;
	}
	ret = sim_state_save(p, st, err, errcap);
	sim_state_free(st);
	sim_state_unlock(lk);
	return ret;
}

int sim_status(const char *path, struct sim_status *out, char *err,
	       size_t errcap)
{
	struct sim_state *st;
	int lk, ret;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	ret = sim_state_resolve_path(path, out->path, sizeof(out->path), err,
				     errcap);
	if (ret)
		return ret;
	if (access(out->path, F_OK) < 0 && errno == ENOENT) {
		/* Nothing to lock yet; report what a first open would start. */
		lk = -1;
	} else {
		lk = sim_state_lock(out->path, LOCK_SH, err, errcap);
		if (lk < 0)
			return lk;
	}
	ret = sim_state_load(out->path, &st, NULL, err, errcap);
	sim_state_unlock(lk);
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
	sim_state_free(st);
	return 0;
}
