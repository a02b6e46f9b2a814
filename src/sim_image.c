// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sim's state as one image (format in sim_image.h): checking an image
 * and attaching a state to it, growing it, and the handle records and
 * page patterns that live in it. Where an image comes from and goes to
 * (mapping, journal, rename) is sim_state.c's business.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ffa/ffa.h"
#include "model.h"
#include "sim_image.h"
#include "sim_state.h"

_Static_assert(sizeof(struct sim_hdr) <= SIM_MS_OFF,
	       "header overlaps the model state");
_Static_assert(SIM_MS_OFF + sizeof(struct ffa_model_state) <= SIM_PG,
	       "model state does not fit page 0");

#define SIM_NONE UINT32_MAX /* ends a range chain, as in the model */

/* ---- checksums ----------------------------------------------------------- */

/*
 * FNV-1a-64 steps over 8-byte little-endian words in four interleaved
 * lanes (byte-at-a-time FNV cost milliseconds per 10 k handles). Each step
 * (h ^ w) * odd is a bijection of h, so any change confined to one word
 * always changes the result.
 */
#define FNV64_INIT 0xcbf29ce484222325ull
#define FNV64_PRIME 0x100000001b3ull

uint64_t sim_csum64(uint64_t seed, const void *p, size_t n)
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

uint64_t sim_page_hash(size_t i, const uint8_t *page)
{
	/* Seeded by position: two pages swapped do not cancel out. */
	return sim_csum64(FNV64_INIT ^ ((uint64_t)i * 0x9E3779B97F4A7C15ull),
			  page, SIM_PG);
}

uint64_t sim_hdr_csum(const uint8_t *img)
{
	uint8_t page[SIM_PG];

	memcpy(page, img, SIM_PG);
	memset(page + offsetof(struct sim_hdr, hdr_csum), 0, 8);
	return sim_csum64(FNV64_INIT, page, SIM_PG);
}

uint64_t sim_payload_csum(const uint8_t *img, size_t len)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 1; i < len / SIM_PG; i++)
		sum += sim_page_hash(i, img + i * SIM_PG);
	return sum;
}

/* ---- layout -------------------------------------------------------------- */

static uint64_t page_up(uint64_t n)
{
	return (n + SIM_PG - 1) / SIM_PG * SIM_PG;
}

int sim_layout_of(const struct sim_hdr *h, struct sim_layout *l)
{
	uint64_t at = SIM_PG;

	if (h->region_cap > SIM_MAX_COUNT || h->range_cap > SIM_MAX_COUNT ||
	    h->rec_cap > SIM_MAX_COUNT || h->pat_cap > SIM_MAX_COUNT ||
	    h->frag_cap > SIM_MAX_DESC)
		return -1;
	l->regions = at;
	at += page_up((uint64_t)h->region_cap * sizeof(struct ffa_model_region));
	l->ranges = at;
	at += page_up((uint64_t)h->range_cap * sizeof(struct ffa_model_range));
	l->frag = at;
	at += page_up(h->frag_cap);
	l->recs = at;
	at += page_up((uint64_t)h->rec_cap * sizeof(struct sim_rec));
	l->pat = at;
	at += page_up((uint64_t)h->pat_cap * sizeof(uint32_t));
	if (at > SIM_MAX_FILE)
		return -1;
	l->len = at;
	return 0;
}

/* The header @st would have now (commit number and checksums aside). */
static void hdr_of(const struct sim_state *st, struct sim_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, SIM_MAGIC, 8);
	h->format = SIM_FORMAT;
	h->hdr_size = sizeof(*h);
	h->state_size = sizeof(struct ffa_model_state);
	h->region_size = sizeof(struct ffa_model_region);
	h->range_size = sizeof(struct ffa_model_range);
	h->rec_size = sizeof(struct sim_rec);
	h->region_cap = st->host.region_cap;
	h->range_cap = st->host.range_cap;
	h->frag_cap = st->host.frag_cap;
	h->rec_cap = st->rec_cap;
	h->pat_cap = st->pat_cap;
	h->rec_n = st->rec_n;
	h->pat_n = st->pat_n;
	h->dead_n = st->dead_n;
	h->flags = st->recs_by_handle ? SIM_HDR_RECS_BY_HANDLE : 0;
	h->next_pa = st->next_pa;
	h->file_len = st->img_len;
}

void sim_image_seal(struct sim_state *st, uint64_t seq, uint64_t payload_csum)
{
	struct sim_hdr h;

	hdr_of(st, &h);
	h.seq = seq;
	h.payload_csum = payload_csum;
	memset(st->img, 0, SIM_PG);
	memcpy(st->img + SIM_MS_OFF, &st->ms, sizeof(st->ms));
	memcpy(st->img, &h, sizeof(h));
	h.hdr_csum = sim_hdr_csum(st->img);
	memcpy(st->img, &h, sizeof(h));
}

/* ---- state and image ----------------------------------------------------- */

struct sim_state *sim_state_new(void)
{
	struct sim_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	/* map/fill/checksum are the backend's: sim.c sets them. */
	st->host.ctx = st;
	st->next_pa = SIM_PAGE_BASE;
	st->fd = -1;
	st->recs_by_handle = true;
	return st;
}

void sim_image_release(struct sim_state *st)
{
	if (st->mapped) {
		munmap(st->img, st->img_len);
		if (st->view)
			munmap((void *)st->view, st->img_len);
	} else {
		free(st->img);
	}
	st->img = NULL;
	st->view = NULL;
	st->mapped = false;
	st->img_len = 0;
}

void sim_state_free(struct sim_state *st)
{
	if (!st)
		return;
	sim_image_release(st);
	if (st->fd >= 0)
		close(st->fd);
	free(st->host.index);
	free(st->host.range_links);
	free(st);
}

/* Points the model and the records into @img, laid out as @h says. */
static void point_into(struct sim_state *st, uint8_t *img,
		       const struct sim_hdr *h, const struct sim_layout *l)
{
	st->img = img;
	st->img_len = l->len;
	st->host.regions = (struct ffa_model_region *)(img + l->regions);
	st->host.region_cap = h->region_cap;
	st->host.ranges = (struct ffa_model_range *)(img + l->ranges);
	st->host.range_cap = h->range_cap;
	st->host.frag_buf = img + l->frag;
	st->host.frag_cap = h->frag_cap;
	st->recs = (struct sim_rec *)(img + l->recs);
	st->rec_cap = h->rec_cap;
	st->pat = (uint32_t *)(img + l->pat);
	st->pat_cap = h->pat_cap;
}

static uint32_t pow2_at_least(uint64_t n)
{
	uint32_t p = 1;

	while (p < n && p < (1u << 31))
		p <<= 1;
	return p;
}

/*
 * The handle index and the range tree: derived from regions and ranges,
 * so kept in memory only and rebuilt here (a file cannot make them lie).
 */
static int derive(struct sim_state *st)
{
	struct ffa_model_host *h = &st->host;
	uint32_t cap = pow2_at_least(2ull * h->region_cap);
	void *p;

	if (h->index_cap != cap) {
		p = realloc(h->index, (size_t)cap * sizeof(*h->index));
		if (!p)
			return -ENOMEM;
		h->index = p;
		h->index_cap = cap;
	}
	p = realloc(h->range_links,
		    ((size_t)h->range_cap + 1) * sizeof(*h->range_links));
	if (!p)
		return -ENOMEM;
	h->range_links = p;
	ffa_model_reindex(&st->ms, h);
	return 0;
}

/* Do handles increase strictly with the record index? */
static bool recs_sorted_by_handle(const struct sim_state *st)
{
	uint32_t i;

	for (i = 1; i < st->rec_n; i++)
		if (st->recs[i].handle <= st->recs[i - 1].handle)
			return false;
	return true;
}

static const char *check_recs(const struct sim_state *st)
{
	uint64_t prev_end = SIM_PAGE_BASE, off = 0;
	const struct sim_rec *r;
	uint32_t i, dead = 0;

	if (st->next_pa < SIM_PAGE_BASE || st->next_pa % FFA_PAGE_SIZE)
		return "page allocator out of range";
	for (i = 0; i < st->rec_n; i++) {
		r = &st->recs[i];
		if ((r->flags & ~(SIM_REC_STUCK | SIM_REC_DEAD |
				  SIM_REC_BORROWED)) ||
		    (!(r->flags & SIM_REC_BORROWED) && r->reserved))
			return "handle record with unknown flags";
		if ((r->flags & SIM_REC_BORROWED) &&
		    (r->pages || !r->reserved || r->reserved > SIM_MAX_PAGES))
			return "borrowing handle record out of range";
		dead += !!(r->flags & SIM_REC_DEAD);
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
	if (dead != st->dead_n)
		return "reclaimed record count does not match the records";
	if (st->rec_n && (st->recs[st->rec_n - 1].flags & SIM_REC_DEAD))
		return "reclaimed record at the end (corrupt file)";
	if (st->recs_by_handle && !recs_sorted_by_handle(st))
		return "handle records out of order (corrupt file)";
	return NULL;
}

/* What is wrong with @img as a header and layout, or NULL. */
static const char *image_problem(const uint8_t *img, size_t len,
				 struct sim_hdr *h, struct sim_layout *l,
				 char *whybuf, size_t whycap)
{
	uint32_t format;

	if (len == 0)
		return "empty file (truncated)";
	if (memcmp(img, SIM_MAGIC, len < 8 ? len : 8) != 0)
		return "bad magic: not an ffactl sim state file";
	if (len < 12) {
		snprintf(whybuf, whycap,
			 "truncated (%zu bytes, header needs %u)", len, SIM_PG);
		return whybuf;
	}
	memcpy(&format, img + 8, sizeof(format));
	if (format != SIM_FORMAT) {
		snprintf(whybuf, whycap,
			 "format version %u, this ffactl reads version %u",
			 format, SIM_FORMAT);
		return whybuf;
	}
	if (len < SIM_PG) {
		snprintf(whybuf, whycap,
			 "truncated (%zu bytes, header needs %u)", len, SIM_PG);
		return whybuf;
	}
	memcpy(h, img, sizeof(*h));
	if (h->hdr_size != sizeof(*h) ||
	    h->state_size != sizeof(struct ffa_model_state) ||
	    h->region_size != sizeof(struct ffa_model_region) ||
	    h->range_size != sizeof(struct ffa_model_range) ||
	    h->rec_size != sizeof(struct sim_rec))
		return "record sizes differ (incompatible build, or corrupt)";
	if (sim_hdr_csum(img) != h->hdr_csum)
		return "header checksum mismatch (corrupt file)";
	if (h->reserved || (h->flags & ~SIM_HDR_RECS_BY_HANDLE))
		return "reserved header field not zero (corrupt file)";
	if (sim_layout_of(h, l) < 0 || h->rec_n > h->rec_cap ||
	    h->pat_n > h->pat_cap || h->dead_n > h->rec_n)
		return "counts out of range";
	if (h->file_len != l->len)
		return "header capacities do not match the length (corrupt file)";
	if (len < l->len) {
		snprintf(whybuf, whycap, "truncated (%zu of %zu bytes)", len,
			 l->len);
		return whybuf;
	}
	if (len > l->len) {
		snprintf(whybuf, whycap,
			 "%zu bytes of trailing data (corrupt file)",
			 len - l->len);
		return whybuf;
	}
	if (sim_payload_csum(img, len) != h->payload_csum)
		return "checksum mismatch (corrupt file)";
	return NULL;
}

int sim_image_attach(struct sim_state *st, uint8_t *img, size_t len,
		     bool mapped, const char **why, char *whybuf,
		     size_t whycap)
{
	struct sim_layout l;
	struct sim_hdr h;
	int ret;

	*why = image_problem(img, len, &h, &l, whybuf, whycap);
	if (*why)
		return -EINVAL;
	point_into(st, img, &h, &l);
	st->mapped = mapped;
	memcpy(&st->ms, img + SIM_MS_OFF, sizeof(st->ms));
	st->rec_n = h.rec_n;
	st->pat_n = h.pat_n;
	st->dead_n = h.dead_n;
	st->recs_by_handle = h.flags & SIM_HDR_RECS_BY_HANDLE;
	st->next_pa = h.next_pa;
	st->seq = h.seq;
	*why = check_recs(st);
	if (!*why && ffa_model_validate(&st->ms, &st->host, why) < 0) {
		snprintf(whybuf, whycap, "model state invalid: %s",
			 *why ? *why : "inconsistent");
		*why = whybuf;
	}
	ret = *why ? -EINVAL : derive(st);
	if (ret < 0) {
		/* The caller still owns @img. */
		st->img = NULL;
		st->img_len = 0;
		st->mapped = false;
	}
	return ret;
}

void sim_image_rebase(struct sim_state *st, uint8_t *img, bool mapped)
{
	struct sim_layout l;
	struct sim_hdr h;

	memcpy(&h, img, sizeof(h));
	sim_layout_of(&h, &l);
	sim_image_release(st);
	point_into(st, img, &h, &l);
	st->mapped = mapped;
}

/*
 * Moves the state into a new heap image at the capacities in @nh: the
 * model's slots keep their places (new range slots join the free list),
 * while records and patterns are compacted, dropping tombstones.
 */
static int relayout(struct sim_state *st, const struct sim_hdr *nh)
{
	struct ffa_model_host *ho = &st->host;
	struct sim_rec *recs;
	struct sim_layout l;
	uint32_t i, n = 0, pn = 0, old_range_cap = ho->range_cap;
	uint32_t *pat;
	uint8_t *img;

	if (sim_layout_of(nh, &l) < 0)
		return -ENOMEM;
	img = calloc(1, l.len);
	if (!img)
		return -ENOMEM;
	if (st->ms.region_count)
		memcpy(img + l.regions, ho->regions,
		       (size_t)st->ms.region_count * sizeof(*ho->regions));
	if (old_range_cap)
		memcpy(img + l.ranges, ho->ranges,
		       (size_t)old_range_cap * sizeof(*ho->ranges));
	if (ho->frag_cap)
		memcpy(img + l.frag, ho->frag_buf,
		       ho->frag_cap < nh->frag_cap ? ho->frag_cap :
						     nh->frag_cap);
	recs = (struct sim_rec *)(img + l.recs);
	pat = (uint32_t *)(img + l.pat);
	for (i = 0; i < st->rec_n; i++) {
		const struct sim_rec *r = &st->recs[i];

		if (r->flags & SIM_REC_DEAD)
			continue;
		recs[n] = *r;
		recs[n].pat_off = pn;
		memcpy(pat + pn, st->pat + r->pat_off,
		       (size_t)r->pages * sizeof(*pat));
		pn += r->pages;
		n++;
	}
	sim_image_release(st);
	point_into(st, img, nh, &l);
	st->rec_n = n;
	st->pat_n = pn;
	st->dead_n = 0;
	st->recs_by_handle = recs_sorted_by_handle(st);
	/* The model keeps every unused range on its free list. */
	if (nh->range_cap > old_range_cap) {
		for (i = old_range_cap; i < nh->range_cap; i++)
			ho->ranges[i].next = i + 1 < nh->range_cap ?
					     i + 1 : st->ms.free_range;
		st->ms.free_range = old_range_cap;
	}
	return derive(st);
}

/* Room for @n more items at @cap, with headroom: the new capacity. */
static uint32_t grown(uint32_t cap, uint64_t need, uint32_t extra)
{
	uint64_t c;

	if (need <= cap)
		return cap;
	c = need + need / 2 + extra;
	return c > SIM_MAX_COUNT ? SIM_MAX_COUNT : (uint32_t)c;
}

int sim_state_reserve(struct sim_state *st, uint32_t regions,
		      uint32_t ranges, uint32_t frag)
{
	uint64_t rg = (uint64_t)st->ms.region_count + regions;
	uint64_t rn = (uint64_t)st->ms.ranges_used + ranges;
	struct sim_hdr nh;

	if (rg <= st->host.region_cap && rn <= st->host.range_cap &&
	    frag <= st->host.frag_cap)
		return 0;
	if (rg > SIM_MAX_COUNT || rn > SIM_MAX_COUNT || frag > SIM_MAX_DESC)
		return -ENOMEM;
	hdr_of(st, &nh);
	nh.region_cap = grown(nh.region_cap, rg, 16);
	nh.range_cap = grown(nh.range_cap, rn, 64);
	if (frag > nh.frag_cap)
		nh.frag_cap = frag;
	return relayout(st, &nh);
}

struct sim_state *sim_state_fresh(uint32_t profile)
{
	struct sim_state *st = sim_state_new();
	struct sim_hdr nh;

	if (!st)
		return NULL;
	hdr_of(st, &nh);
	nh.region_cap = 64;
	nh.range_cap = 256;
	nh.frag_cap = SIM_BUF_SIZE;
	nh.rec_cap = 64;
	nh.pat_cap = 256;
	if (relayout(st, &nh) < 0) {
		sim_state_free(st);
		return NULL;
	}
	ffa_model_reset(&st->ms, &st->host, profile);
	ffa_model_reindex(&st->ms, &st->host);
	return st;
}

int sim_state_parse(const uint8_t *buf, size_t len, struct sim_state **out,
		    const char **why)
{
	/* Per thread, so a fuzzer or test may keep *why while it asserts. */
	static _Thread_local char whybuf[160];
	struct sim_state *st;
	uint8_t *img;
	int ret;

	*out = NULL;
	*why = NULL;
	if (len > SIM_MAX_FILE) {
		*why = "file too large";
		return -EINVAL;
	}
	st = sim_state_new();
	img = malloc(len ? len : 1);
	if (!st || !img) {
		free(img);
		sim_state_free(st);
		return -ENOMEM;
	}
	if (len)
		memcpy(img, buf, len);
	ret = sim_image_attach(st, img, len, false, why, whybuf,
			       sizeof(whybuf));
	if (ret < 0) {
		free(img);
		sim_state_free(st);
		return ret;
	}
	*out = st;
	return 0;
}

/* ---- records and pages --------------------------------------------------- */

/* The live record holding page @pa, or NULL. Records are sorted by base_pa. */
static struct sim_rec *rec_by_pa(struct sim_state *st, uint64_t pa)
{
	uint32_t lo = 0, hi = st->rec_n;
	struct sim_rec *r;

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
	if ((r->flags & SIM_REC_DEAD) ||
	    (pa - r->base_pa) / FFA_PAGE_SIZE >= r->pages)
		return NULL;
	return r;
}

uint32_t *sim_page_pattern(struct sim_state *st, uint64_t pa)
{
	struct sim_rec *r = rec_by_pa(st, pa);

	if (!r)
		return NULL;
	return &st->pat[r->pat_off + (pa - r->base_pa) / FFA_PAGE_SIZE];
}

static bool rec_live(const struct sim_rec *r, uint64_t handle)
{
	return r->handle == handle &&
	       !(r->flags & (SIM_REC_PENDING | SIM_REC_DEAD));
}

struct sim_rec *sim_rec_by_handle(struct sim_state *st, uint64_t handle)
{
	uint32_t lo = 0, hi = st->rec_n, i;

	if (!st->recs_by_handle) {
		for (i = 0; i < st->rec_n; i++)
			if (rec_live(&st->recs[i], handle))
				return &st->recs[i];
		return NULL;
	}
	/* Tombstones keep their handles, so the order holds through them. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (st->recs[mid].handle < handle)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->rec_n && rec_live(&st->recs[lo], handle))
		return &st->recs[lo];
	return NULL;
}

void sim_rec_set_handle(struct sim_state *st, struct sim_rec *r,
			uint64_t handle)
{
	uint32_t idx = (uint32_t)(r - st->recs);

	r->handle = handle;
	r->flags &= ~SIM_REC_PENDING;
	/* The SPMC's handles normally increase; a stray one costs bsearch. */
	if (idx && st->recs[idx - 1].handle >= handle)
		st->recs_by_handle = false;
	if (idx + 1 < st->rec_n)
		st->recs_by_handle = false;
}

struct sim_rec *sim_rec_alloc(struct sim_state *st, uint32_t pages,
			      uint32_t pattern)
{
	struct sim_rec *r;
	struct sim_hdr nh;
	uint32_t i;

	if (st->next_pa > UINT64_MAX - (uint64_t)pages * FFA_PAGE_SIZE ||
	    pages > SIM_MAX_PAGES)
		return NULL;
	if (st->rec_n == st->rec_cap ||
	    (uint64_t)st->pat_n + pages > st->pat_cap) {
		/* Compacts too: room is counted without the tombstones. */
		uint64_t live = st->rec_n - st->dead_n, pat = pages;

		for (i = 0; i < st->rec_n; i++)
			if (!(st->recs[i].flags & SIM_REC_DEAD))
				pat += st->recs[i].pages;
		if (live + 1 > SIM_MAX_COUNT || pat > SIM_MAX_COUNT)
			return NULL;
		hdr_of(st, &nh);
		nh.rec_cap = grown(0, live + 1, 64);
		nh.pat_cap = grown(0, pat, 256);
		if (relayout(st, &nh) < 0)
			return NULL;
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

/*
 * The last record goes (with tombstones before it); any other becomes a
 * tombstone: moving every later record down would dirty every page after
 * it, and a commit writes the pages that changed.
 */
void sim_rec_drop(struct sim_state *st, struct sim_rec *r)
{
	struct sim_rec *last;
	uint32_t pat_end;

	if (r != &st->recs[st->rec_n - 1]) {
		r->flags = (r->flags & ~SIM_REC_PENDING) | SIM_REC_DEAD;
		st->dead_n++;
		return;
	}
	/* Popped slots go back to zero: the file holds no stale bytes. */
	pat_end = st->pat_n;
	st->rec_n--;
	st->pat_n -= r->pages;
	memset(r, 0, sizeof(*r));
	while (st->rec_n) {
		last = &st->recs[st->rec_n - 1];
		if (!(last->flags & SIM_REC_DEAD))
			break;
		st->rec_n--;
		st->dead_n--;
		st->pat_n -= last->pages;
		memset(last, 0, sizeof(*last));
	}
	memset(st->pat + st->pat_n, 0,
	       (size_t)(pat_end - st->pat_n) * sizeof(*st->pat));
}
