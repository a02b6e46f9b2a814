// SPDX-License-Identifier: BSD-3-Clause
/*
 * FFA_PARTITION_INFO_GET_REGS (DEN0077 v1.2): the partition listing in
 * registers, without the RX buffer. In: x1/x2 the UUID (words 0-1, 2-3 as
 * FFA_PARTITION_INFO_GET takes them in w1..w4), x3[15:0] the start index,
 * x3[31:16] the UUID information tag. Out: FFA_SUCCESS_64 with x2 = last
 * index [15:0], current index [31:16], tag [47:32], descriptor size
 * [63:48]; x3..x17 up to five partitions, three registers each: ID [15:0],
 * execution contexts [31:16], properties [63:32]; then the UUID, for a
 * Nil-UUID query only (as in the RX listing, the field is reserved when
 * the caller named a UUID). The encoding is the one Linux's arm_ffa
 * driver, Hafnium and TF-A's SPMD logical partitions agree on.
 */
#include <stdbool.h>
#include <stdint.h>

#include "model_priv.h"

#define REGS_PER_ENTRY 3u
#define ENTRIES_PER_CALL 5u
/* The v1.1+ partition information descriptor's size. */
#define DESC_SIZE 24u

static bool nil(const uint32_t uuid[4])
{
	return !(uuid[0] | uuid[1] | uuid[2] | uuid[3]);
}

static bool matches(const struct ffa_model_partition *p,
		    const uint32_t uuid[4])
{
	uint32_t i;

	if (nil(uuid))
		return true;
	for (i = 0; i < 4; i++)
		if (p->uuid[i] != uuid[i])
			return false;
	return true;
}

void model_partition_info_get_regs(const struct ffa_model_state *s,
				   const struct ffa_regs *in,
				   struct ffa_regs *out)
{
	const uint32_t uuid[4] = {
		(uint32_t)in->a[1], (uint32_t)(in->a[1] >> 32),
		(uint32_t)in->a[2], (uint32_t)(in->a[2] >> 32),
	};
	uint32_t start = (uint32_t)(in->a[3] & 0xFFFFu);
	uint32_t tag = (uint32_t)((in->a[3] >> 16) & 0xFFFFu);
	uint32_t i, count = 0, index = 0, put = 0, last, cur;
	uint64_t *r;

	/*
	 * The model never changes its partitions, so it hands out no tags;
	 * a caller naming one is told to start over (TF-A's
	 * spmd_el3_populate_logical_partition_info() and Hafnium answer the
	 * same RETRY).
	 */
	if (tag) {
		model_ret_error(out, FFA_RET_RETRY);
		return;
	}
	for (i = 0; i < s->partition_count && i < FFA_MODEL_MAX_PARTITIONS;
	     i++)
		count += matches(&s->partitions[i], uuid);
	/* An unknown UUID, or a start past the last entry. */
	if (!count || start >= count) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	last = count - 1;
	cur = start + ENTRIES_PER_CALL - 1 < last ?
	      start + ENTRIES_PER_CALL - 1 : last;
	model_ret_success(out, 0, 0);
	out->a[0] = FFA_FN_SMC64(FFA_SUCCESS);
	out->a[2] = (uint64_t)DESC_SIZE << 48 | (uint64_t)cur << 16 | last;
	r = &out->a[3];
	for (i = 0; i < s->partition_count && i < FFA_MODEL_MAX_PARTITIONS;
	     i++) {
		const struct ffa_model_partition *p = &s->partitions[i];

		if (!matches(p, uuid))
			continue;
		if (index++ < start)
			continue;
		if (put++ > cur - start)
			break;
		r[0] = (uint64_t)p->props << 32 | (uint64_t)p->exec_ctx << 16 |
		       p->id;
		if (nil(uuid)) {
			r[1] = (uint64_t)p->uuid[1] << 32 | p->uuid[0];
			r[2] = (uint64_t)p->uuid[3] << 32 | p->uuid[2];
		}
		r += REGS_PER_ENTRY;
	}
}
