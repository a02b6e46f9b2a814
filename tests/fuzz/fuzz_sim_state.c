// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the sim's state-file loader, sim_state_parse()
 * (src/sim_image.c): whatever a crashed writer, a full disk or a hostile
 * user leaves in the file must be refused with a reason or loaded into a
 * state the model accepts, never crash, and never allocate beyond what the
 * bytes justify (libFuzzer's -rss_limit_mb and -malloc_limit_mb enforce it).
 *
 * The file is checksummed, so random bytes would almost never get past the
 * header. With bit 0 of byte 0 set, the target first writes the checksums
 * the rest of the input implies into its header (bit 1 set: the length
 * too), using the loader's own helpers (sim_image.h), so the fuzzer reaches
 * the code behind the checksums.
 *
 * A loaded state then serves a few calls (reclaim and retrieve of its
 * first handle) and must still validate.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ffa/ffa.h"
#include "model.h"
#include "sim_image.h"
#include "sim_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *null_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	(void)pa;
	(void)len;
	return NULL;
}

static void no_fill(void *ctx, uint64_t pa, uint32_t pages, uint32_t pat)
{
	(void)ctx;
	(void)pa;
	(void)pages;
	(void)pat;
}

static uint32_t one_checksum(void *ctx, uint64_t pa, uint32_t pages)
{
	(void)ctx;
	(void)pa;
	(void)pages;
	return 1;
}

static void exercise(struct sim_state *st)
{
	struct ffa_regs r;
	const char *why;
	uint64_t handle;
	uint32_t i;

	st->host.ctx = st;
	st->host.map = null_map;
	st->host.fill = no_fill;
	st->host.checksum = one_checksum;
	for (i = 0; i < st->rec_n; i++)
		(void)sim_rec_by_handle(st, st->recs[i].handle);
	if (!st->rec_n)
		return;
	handle = st->recs[0].handle;
	(void)ffa_model_find(&st->ms, &st->host, handle);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	r.a[1] = FFA_MODEL_NWD_ID << 16 | FFA_MODEL_TEST_SP_ID;
	r.a[3] = FFA_SP_CMD_RETRIEVE;
	r.a[4] = ffa_handle_lo(handle);
	r.a[5] = ffa_handle_hi(handle);
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, &r);
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	r.a[1] = ffa_handle_lo(handle);
	r.a[2] = ffa_handle_hi(handle);
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, &r);
	if (ffa_model_validate(&st->ms, &st->host, &why))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_state *st = NULL;
	struct sim_hdr h;
	const char *why = NULL;
	uint8_t *buf;
	size_t len;
	int ret;

	if (size < 1)
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	if ((data[0] & 1) && len >= SIM_PG) {
		memcpy(&h, buf, sizeof(h));
		if (data[0] & 2)
			h.file_len = len;
		h.payload_csum = sim_payload_csum(buf, len);
		memcpy(buf, &h, sizeof(h));
		h.hdr_csum = sim_hdr_csum(buf);
		memcpy(buf, &h, sizeof(h));
	}
	ret = sim_state_parse(buf, len, &st, &why);
	if (ret == 0) {
		if (!st || why)
			abort();
		exercise(st);
		sim_state_free(st);
	} else if (st || (ret == -EINVAL && !why) ||
		   (ret != -EINVAL && ret != -ENOMEM)) {
		abort();
	}
	free(buf);
	return 0;
}
