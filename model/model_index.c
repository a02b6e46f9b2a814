// SPDX-License-Identifier: BSD-3-Clause
/*
 * Handle -> region slot index: open addressing, linear probing, entries are
 * slot + 1 (0 = empty). Deletion shifts later entries of the same probe run
 * back instead of leaving tombstones, so a long life of share/reclaim cycles
 * never degrades lookups: with the table at most half full (index_cap >=
 * 2 * region_cap) a lookup is O(1) on average even with a million regions.
 *
 * A host without an index (index NULL or index_cap not a power of two of at
 * least 2 * region_cap) still works: lookups scan the live regions.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model_priv.h"

static bool index_usable(const struct ffa_model_host *h)
{
	uint32_t cap = h->index_cap;

	return h->index && cap >= 2 && (cap & (cap - 1)) == 0 &&
	       (uint64_t)cap >= 2ull * h->region_cap;
}

/*
 * Where @handle's probe run starts. Entries hold only slots, so every probe
 * past the wanted entry, and every entry a deletion walks over, reads a
 * region: with many live handles each such read is a cache miss. Handles
 * are sequence numbers the model hands out, so rather than mixing them
 * (which puts every new handle on a cold line and makes runs as long as
 * random keys do) the slot is built from the sequence:
 *
 * - It is a bijection of handle mod index_cap, and each index_cap / 2
 *   consecutive handles (at least region_cap, the most that can be live)
 *   use one slot of each pair, the even or the odd one by which half of
 *   the sequence they are in. A window of recent handles thus never
 *   collides and makes runs of one or two slots: a lookup reads one
 *   region, a reclaim's shift reads at most one more.
 * - 8 consecutive handles share a 16-slot chunk (64 bytes), so a burst of
 *   shares and reclaims touches one new index line per 8 handles.
 * - Chunks are spread by an odd step near chunks / golden ratio (a
 *   bijection, so still no collisions), so live sets with structure, such
 *   as two batches index_cap / 2 handles apart filling both halves of the
 *   same chunks, make runs of a few chunks instead of one long run as
 *   plain handle mod index_cap would.
 */
#define CHUNK_HANDLES 8u

static uint32_t index_home(const struct ffa_model_host *h, uint64_t handle)
{
	uint32_t half = h->index_cap >> 1, chunks = half / CHUNK_HANDLES;
	uint32_t q = (uint32_t)handle & (half - 1);
	uint32_t odd = (handle & half) != 0;
	uint32_t step, chunk;

	if (chunks < 2)
		return q << 1 | odd;
	step = (uint32_t)((0x9E3779B9ull * chunks) >> 32) | 1;
	chunk = (q / CHUNK_HANDLES * step) & (chunks - 1);
	return (chunk * CHUNK_HANDLES + q % CHUNK_HANDLES) << 1 | odd;
}

/* Position of @handle in the table, or MODEL_NONE. */
static uint32_t index_pos(const struct ffa_model_host *h, uint64_t handle)
{
	uint32_t mask = h->index_cap - 1;
	uint32_t i = index_home(h, handle);
	uint32_t n;

	for (n = 0; n < h->index_cap; n++, i = (i + 1) & mask) {
		uint32_t e = h->index[i];

		if (e == 0)
			return MODEL_NONE;
		if (e - 1 < h->region_cap && h->regions[e - 1].handle == handle)
			return i;
	}
	return MODEL_NONE;
}

uint32_t model_index_lookup(const struct ffa_model_state *s,
			    const struct ffa_model_host *h, uint64_t handle)
{
	uint32_t i;

	if (index_usable(h)) {
		i = index_pos(h, handle);
		return i == MODEL_NONE ? MODEL_NONE : h->index[i] - 1;
	}
	for (i = 0; i < s->region_count && i < h->region_cap; i++)
		if (h->regions[i].handle == handle)
			return i;
	return MODEL_NONE;
}

void model_index_insert(const struct ffa_model_host *h, uint64_t handle,
			uint32_t slot)
{
	uint32_t mask, i;

	if (!index_usable(h))
		return;
	mask = h->index_cap - 1;
	/* Never full: at most region_cap entries in >= 2 * region_cap. */
	for (i = index_home(h, handle); h->index[i]; i = (i + 1) & mask)
		;
	h->index[i] = slot + 1;
}

void model_index_retarget(const struct ffa_model_host *h, uint64_t handle,
			  uint32_t slot)
{
	uint32_t i;

	if (!index_usable(h))
		return;
	i = index_pos(h, handle);
	if (i != MODEL_NONE)
		h->index[i] = slot + 1;
}

/* Is @k cyclically within (lo, hi]? */
static bool in_run(uint32_t k, uint32_t lo, uint32_t hi)
{
	if (lo <= hi)
		return k > lo && k <= hi;
	return k > lo || k <= hi;
}

void model_index_remove(const struct ffa_model_host *h, uint64_t handle)
{
	uint32_t mask, hole, j;

	if (!index_usable(h))
		return;
	hole = index_pos(h, handle);
	if (hole == MODEL_NONE)
		return;
	mask = h->index_cap - 1;
	h->index[hole] = 0;
	/*
	 * Backward shift: an entry later in the run may move into the hole
	 * unless its home lies cyclically after the hole (it would then be
	 * found before reaching the hole anyway).
	 */
	for (j = (hole + 1) & mask; h->index[j]; j = (j + 1) & mask) {
		uint32_t e = h->index[j];
		uint32_t home = index_home(h, h->regions[e - 1].handle);

		if (in_run(home, hole, j))
			continue;
		h->index[hole] = e;
		h->index[j] = 0;
		hole = j;
	}
}

void model_index_clear(const struct ffa_model_host *h)
{
	if (h->index && h->index_cap)
		memset(h->index, 0, (size_t)h->index_cap * sizeof(h->index[0]));
}

void ffa_model_reindex(const struct ffa_model_state *s,
		       const struct ffa_model_host *h)
{
	uint32_t i, j, n;

	model_index_clear(h);
	model_ranges_clear(h);
	for (i = 0; i < s->region_count && i < h->region_cap; i++) {
		const struct ffa_model_region *r = &h->regions[i];

		model_index_insert(h, r->handle, i);
		if (r->state != FFA_REGION_SENT)
			continue;
		j = r->first_range;
		for (n = 0; n < r->range_count && j < h->range_cap; n++) {
			model_ranges_insert(h, j);
			j = h->ranges[j].next;
		}
	}
}

const struct ffa_model_region *ffa_model_find(const struct ffa_model_state *s,
					      const struct ffa_model_host *h,
					      uint64_t handle)
{
	uint32_t slot = model_index_lookup(s, h, handle);

	return slot == MODEL_NONE ? NULL : &h->regions[slot];
}

/*
 * ---- live ranges by address --------------------------------------------
 *
 * A treap in h->range_links, node i standing for h->ranges[i]: a binary
 * search tree by address whose shape is fixed by a hash of each node's
 * index (a heap on those priorities), so it stays O(log n) deep in
 * expectation whatever order ranges come and go in, without storing a
 * balance field. Links live in host storage; the model never allocates.
 * The extra node at index range_cap is the root's parent: its left link
 * is the root, which makes every rotation the same code.
 */

#define LINK(h, i) ((h)->range_links[i])

static uint32_t prio(uint32_t i)
{
	uint32_t x = i * 0x9E3779B1u;

	x ^= x >> 15;
	x *= 0x85EBCA77u;
	x ^= x >> 13;
	return x;
}

bool model_ranges_indexed(const struct ffa_model_host *h)
{
	return h->range_links && h->ranges;
}

void model_ranges_clear(const struct ffa_model_host *h)
{
	uint32_t i;

	if (!model_ranges_indexed(h))
		return;
	for (i = 0; i <= h->range_cap; i++) {
		LINK(h, i).left = MODEL_NONE;
		LINK(h, i).right = MODEL_NONE;
		LINK(h, i).parent = MODEL_NONE;
	}
}

static void replace_child(const struct ffa_model_host *h, uint32_t p,
			  uint32_t old, uint32_t new)
{
	if (LINK(h, p).left == old)
		LINK(h, p).left = new;
	else
		LINK(h, p).right = new;
}

/* Rotates @x above its parent, keeping the search order. */
static void rotate_up(const struct ffa_model_host *h, uint32_t x)
{
	uint32_t p = LINK(h, x).parent, g = LINK(h, p).parent, b;

	if (LINK(h, p).left == x) {
		b = LINK(h, x).right;
		LINK(h, p).left = b;
		LINK(h, x).right = p;
	} else {
		b = LINK(h, x).left;
		LINK(h, p).right = b;
		LINK(h, x).left = p;
	}
	if (b != MODEL_NONE)
		LINK(h, b).parent = p;
	LINK(h, p).parent = x;
	LINK(h, x).parent = g;
	replace_child(h, g, p, x);
}

void model_ranges_insert(const struct ffa_model_host *h, uint32_t idx)
{
	uint32_t top = h->range_cap, p = top, cur;
	uint64_t key;

	/* Already in (a loaded state naming one range twice): keep it once. */
	if (!model_ranges_indexed(h) || idx >= h->range_cap ||
	    LINK(h, idx).parent != MODEL_NONE)
		return;
	key = h->ranges[idx].address;
	cur = LINK(h, top).left;
	while (cur != MODEL_NONE) {
		p = cur;
		cur = key < h->ranges[cur].address ? LINK(h, cur).left :
						     LINK(h, cur).right;
	}
	LINK(h, idx).left = MODEL_NONE;
	LINK(h, idx).right = MODEL_NONE;
	LINK(h, idx).parent = p;
	if (p == top || key < h->ranges[p].address)
		LINK(h, p).left = idx;
	else
		LINK(h, p).right = idx;
	while (LINK(h, idx).parent != top &&
	       prio(LINK(h, idx).parent) < prio(idx))
		rotate_up(h, idx);
}

void model_ranges_remove(const struct ffa_model_host *h, uint32_t idx)
{
	uint32_t l, r, child, p;

	if (!model_ranges_indexed(h) || idx >= h->range_cap ||
	    LINK(h, idx).parent == MODEL_NONE)
		return;
	/* Rotate it down to where it has at most one child, then splice. */
	for (;;) {
		l = LINK(h, idx).left;
		r = LINK(h, idx).right;
		if (l == MODEL_NONE || r == MODEL_NONE)
			break;
		rotate_up(h, prio(l) > prio(r) ? l : r);
	}
	child = l != MODEL_NONE ? l : r;
	p = LINK(h, idx).parent;
	replace_child(h, p, idx, child);
	if (child != MODEL_NONE)
		LINK(h, child).parent = p;
	LINK(h, idx).left = MODEL_NONE;
	LINK(h, idx).right = MODEL_NONE;
	LINK(h, idx).parent = MODEL_NONE;
}

bool model_ranges_overlap(const struct ffa_model_host *h, uint64_t addr,
			  uint32_t pages)
{
	uint64_t end = addr + (uint64_t)pages * FFA_PAGE_SIZE;
	uint32_t cur, best = MODEL_NONE;
	const struct ffa_model_range *g;

	if (!model_ranges_indexed(h))
		return false;
	/* The live range starting last below @end. */
	for (cur = LINK(h, h->range_cap).left; cur != MODEL_NONE;) {
		if (h->ranges[cur].address < end) {
			best = cur;
			cur = LINK(h, cur).right;
		} else {
			cur = LINK(h, cur).left;
		}
	}
	if (best == MODEL_NONE)
		return false;
	g = &h->ranges[best];
	return g->address + (uint64_t)g->pages * FFA_PAGE_SIZE > addr;
}
