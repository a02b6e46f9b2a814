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

static uint32_t index_home(const struct ffa_model_host *h, uint64_t handle)
{
	/* Handles are sequential: mix them so runs do not cluster. */
	uint64_t x = handle * 0x9E3779B97F4A7C15ull;

	return (uint32_t)(x >> 32 ^ x) & (h->index_cap - 1);
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
	uint32_t i;

	model_index_clear(h);
	for (i = 0; i < s->region_count && i < h->region_cap; i++)
		model_index_insert(h, h->regions[i].handle, i);
}

const struct ffa_model_region *ffa_model_find(const struct ffa_model_state *s,
					      const struct ffa_model_host *h,
					      uint64_t handle)
{
	uint32_t slot = model_index_lookup(s, h, handle);

	return slot == MODEL_NONE ? NULL : &h->regions[slot];
}
