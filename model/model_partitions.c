// SPDX-License-Identifier: BSD-3-Clause
/*
 * The model's partitions: the partition table, FFA_PARTITION_INFO_GET, the
 * RX/TX buffer pair (FFA_RXTX_MAP/UNMAP, FFA_RX_RELEASE) and direct messages,
 * answered by the test partition's protocol (enum ffa_model_sp_cmd).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "model_priv.h"

/* Partition properties (DEN0077 v1.2, partition information descriptor). */
#define PROP_DIRECT_REQ_RECV (1u << 0)
#define PROP_DIRECT_REQ_SEND (1u << 1)
#define PROP_INDIRECT_MSG (1u << 2)
#define PROP_AARCH64 (1u << 8)
#define PROP_DIRECT_REQ2_RECV (1u << 9)
/* v1.0 defines only bits [2:0], v1.1 [8:0]; the rest were reserved then. */
#define PROP_V1_0_MASK 0x7u
#define PROP_V1_1_MASK 0x1ffu

/* Partition information descriptor sizes (DEN0077 FFA_PARTITION_INFO_GET). */
#define PART_DESC_V1_0 8u
#define PART_DESC_V1_1 24u

#define RXTX_PAGES_MASK 0x3Fu

/* One partition of a layout: the UUID as a string, parsed on use. */
struct layout_entry {
	uint16_t id;
	uint16_t exec_ctx;
	uint32_t props;
	const char *uuid;
	uint32_t proto;
};

#define MAX_LAYOUT_ENTRIES 4u

struct layout {
	const char *name;
	struct layout_entry e[MAX_LAYOUT_ENTRIES]; /* ends at id 0 */
};

static const struct layout layouts[FFA_LAYOUT_COUNT] = {
	/*
	 * Two test partitions, as ACS's multi-borrower tests want two
	 * borrowers (its SP2 and SP3), each with its own UUID as theirs
	 * have: a UUID may name a protocol several partitions implement
	 * (DEN0077 FFA_PARTITION_INFO_GET returns every match),
	 * but distinct ones let a caller address each by UUID, and keep a
	 * by-UUID query of 0x8001 answering exactly one partition. Then a
	 * partition that takes no direct requests: properties without
	 * "direct request receive" (bit 0), with indirect messaging (bit
	 * 2) only, so ACS ffa_direct_message_error and _error1 have their
	 * target (DEN0077 partition information descriptor, properties).
	 */
	[FFA_LAYOUT_TEST] = { "test", { {
		FFA_MODEL_TEST_SP_ID, 1,
		PROP_DIRECT_REQ_RECV | PROP_DIRECT_REQ_SEND | PROP_AARCH64 |
			PROP_DIRECT_REQ2_RECV,
		FFA_MODEL_TEST_SP_UUID_STR, FFA_SP_PROTO_TEST }, {
		FFA_MODEL_TEST_SP2_ID, 1,
		PROP_DIRECT_REQ_RECV | PROP_DIRECT_REQ_SEND | PROP_AARCH64 |
			PROP_DIRECT_REQ2_RECV,
		FFA_MODEL_TEST_SP2_UUID_STR, FFA_SP_PROTO_TEST }, {
		FFA_MODEL_INDIRECT_SP_ID, 1, PROP_INDIRECT_MSG | PROP_AARCH64,
		FFA_MODEL_INDIRECT_SP_UUID_STR, FFA_SP_PROTO_TEST } } },
	/*
	 * OP-TEE lists its core as one partition with an execution context
	 * per CPU (CFG_TEE_CORE_NB_CORE; 2 on our QEMU board), sending and
	 * receiving direct requests, AArch64 (optee_os thread_spmc.c
	 * optee_core_lsp: properties 0x103).
	 */
	[FFA_LAYOUT_OPTEE] = { "optee", { {
		FFA_MODEL_TEST_SP_ID, 2,
		PROP_DIRECT_REQ_RECV | PROP_DIRECT_REQ_SEND | PROP_AARCH64,
		FFA_MODEL_OPTEE_UUID_STR, FFA_SP_PROTO_OPTEE } } },
	/*
	 * TF-A 2.8 lists the TSP with the manifest's execution context count
	 * (8) and its messaging method as the properties: direct requests
	 * sent and received, no AArch64 bit (sp_manifest_parse()).
	 */
	[FFA_LAYOUT_TSP] = { "tsp", { {
		FFA_MODEL_TEST_SP_ID, 8,
		PROP_DIRECT_REQ_RECV | PROP_DIRECT_REQ_SEND,
		FFA_MODEL_TSP_UUID_STR, FFA_SP_PROTO_TSP } } },
};

const char *ffa_model_layout_name(uint32_t layout)
{
	return layout < FFA_LAYOUT_COUNT ? layouts[layout].name : NULL;
}

int ffa_model_layout_parse(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < (int)FFA_LAYOUT_COUNT; i++)
		if (strcmp(name, layouts[i].name) == 0)
			return i;
	return -1;
}

void ffa_model_set_layout(struct ffa_model_state *s, uint32_t layout)
{
	const struct layout *l;
	uint32_t i;

	if (layout >= FFA_LAYOUT_COUNT)
		layout = FFA_LAYOUT_TEST;
	l = &layouts[layout];
	memset(s->partitions, 0, sizeof(s->partitions));
	s->partition_count = 0;
	for (i = 0; i < MAX_LAYOUT_ENTRIES && l->e[i].id; i++) {
		struct ffa_model_partition *p = &s->partitions[i];

		p->id = l->e[i].id;
		p->exec_ctx = l->e[i].exec_ctx;
		p->props = l->e[i].props;
		p->proto = l->e[i].proto;
		/* Constant strings: parsing cannot fail; keep nil if it did. */
		if (ffa_uuid_parse(l->e[i].uuid, p->uuid) != 0)
			memset(p->uuid, 0, sizeof(p->uuid));
		s->partition_count++;
	}
	s->layout = layout;
}

void model_partitions_reset(struct ffa_model_state *s)
{
	ffa_model_set_layout(s, FFA_LAYOUT_TEST);
}

const struct ffa_model_partition *
model_partition_find(const struct ffa_model_state *s, uint16_t id)
{
	uint32_t i;

	for (i = 0; i < s->partition_count && i < FFA_MODEL_MAX_PARTITIONS;
	     i++)
		if (s->partitions[i].id == id)
			return &s->partitions[i];
	return NULL;
}

/*
 * DEN0077 FFA_RXTX_MAP: a1 TX, a2 RX (4K aligned), a3[5:0] pages.
 * A second map without an unmap is DENIED (Hafnium api_vm_configure_pages).
 * DEN0077 orders no checks: TF-A 2.8's rxtx_map_handler() checks the
 * arguments before DENIED, so a bad second map is INVALID_PARAMETERS
 * there; no case sends one (the smoke probes send a valid second map).
 */
void model_rxtx_map(struct ffa_model_state *s, const struct ffa_model_host *h,
		    const struct ffa_regs *in, struct ffa_regs *out)
{
	uint64_t tx = in->a[1], rx = in->a[2];
	uint32_t pages = (uint32_t)in->a[3] & RXTX_PAGES_MASK;
	uint64_t len = (uint64_t)pages * FFA_PAGE_SIZE;

	if (s->rxtx_pages) {
		model_ret_error(out, FFA_RET_DENIED);
		return;
	}
	if (!pages || (tx | rx) & (FFA_PAGE_SIZE - 1) || !h->map ||
	    (tx < rx + len && rx < tx + len) || !h->map(h->ctx, tx, len) ||
	    !h->map(h->ctx, rx, len)) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	s->tx_pa = tx;
	s->rx_pa = rx;
	s->rxtx_pages = pages;
	s->rx_owner = 0;
	model_ret_success(out, 0, 0);
}

void model_rxtx_unmap(struct ffa_model_state *s, const struct ffa_regs *in,
		      struct ffa_regs *out)
{
	(void)in; /* a1[31:16]: the endpoint, only meaningful for hypervisors */
	if (!s->rxtx_pages) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	s->tx_pa = 0;
	s->rx_pa = 0;
	s->rxtx_pages = 0;
	s->rx_owner = 0;
	model_ret_success(out, 0, 0);
}

/* DEN0077 FFA_RX_RELEASE: releasing a buffer not held is DENIED. */
void model_rx_release(struct ffa_model_state *s, struct ffa_regs *out)
{
	if (!s->rx_owner) {
		model_ret_error(out, FFA_RET_DENIED);
		return;
	}
	s->rx_owner = 0;
	model_ret_success(out, 0, 0);
}

static bool uuid_matches(const struct ffa_model_partition *p,
			 const uint32_t uuid[4])
{
	if (!(uuid[0] | uuid[1] | uuid[2] | uuid[3]))
		return true; /* the nil UUID asks for every partition */
	return memcmp(p->uuid, uuid, sizeof(p->uuid)) == 0;
}

/*
 * One partition information descriptor. Its UUID field (v1.1+) is the
 * partition's UUID only for a Nil-UUID query; for a non-Nil one it is
 * reserved, MBZ (DEN0077 v1.1 table 13.37, v1.2 table 6.1), so the
 * caller cannot learn anything there it did not ask with.
 */
static void put_partition(uint8_t *d, const struct ffa_model_partition *p,
			  bool v1_0, bool v1_1, const uint32_t query[4])
{
	bool nil = !(query[0] | query[1] | query[2] | query[3]);
	uint32_t i;

	ffa_put16(d, p->id);
	ffa_put16(d + 2, p->exec_ctx);
	ffa_put32(d + 4, v1_0 ? p->props & PROP_V1_0_MASK :
			 v1_1 ? p->props & PROP_V1_1_MASK : p->props);
	if (v1_0)
		return;
	for (i = 0; i < 4; i++)
		ffa_put32(d + 8 + 4 * i, nil ? p->uuid[i] : 0);
}

/*
 * DEN0077 FFA_PARTITION_INFO_GET: a1..a4 UUID (nil = all), a5 flags
 * (v1.1: bit 0 = return the count only, without touching RX). Descriptors go
 * to the caller's RX buffer, which then belongs to the caller until
 * FFA_RX_RELEASE. An unknown UUID is INVALID_PARAMETERS. With no RX buffer
 * mapped, or RX still held by the caller, Hafnium's
 * api_ffa_partition_info_get() answers BUSY: the buffer is "not available".
 */
void model_partition_info_get(struct ffa_model_state *s,
			      const struct ffa_model_host *h,
			      const struct ffa_regs *in, struct ffa_regs *out)
{
	uint32_t uuid[4];
	uint32_t flags = (uint32_t)in->a[5];
	bool v1_0 = s->version == FFA_VERSION_1_0;
	/* In effect the lower of the caller's and the SPMC's (§13.2.1). */
	bool v1_1 = s->version == FFA_VERSION_1_1 ||
		    model_rules(s)->version == FFA_VERSION_1_1;
	uint32_t size = v1_0 ? PART_DESC_V1_0 : PART_DESC_V1_1;
	uint32_t i, count = 0;
	uint8_t *rx;

	for (i = 0; i < 4; i++)
		uuid[i] = (uint32_t)in->a[1 + i];
	if (flags & ~FFA_PARTITION_INFO_COUNT_ONLY) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	for (i = 0; i < s->partition_count && i < FFA_MODEL_MAX_PARTITIONS;
	     i++)
		count += uuid_matches(&s->partitions[i], uuid);
	if (!count && !model_rules(s)->unknown_uuid_empty) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	/*
	 * Count only: no descriptors, so w3 (their size) is reserved, MBZ
	 * (DEN0077 v1.1 FFA_PARTITION_INFO_GET; the FF-A ACS
	 * ffa_partition_info_get checks it).
	 */
	if (flags & FFA_PARTITION_INFO_COUNT_ONLY) {
		model_ret_success(out, count, 0);
		return;
	}
	if (!s->rxtx_pages || s->rx_owner) {
		model_ret_error(out, FFA_RET_BUSY);
		return;
	}
	if ((uint64_t)count * size > (uint64_t)s->rxtx_pages * FFA_PAGE_SIZE) {
		model_ret_error(out, FFA_RET_NO_MEMORY);
		return;
	}
	/* No entries (unknown_uuid_empty): RX is still the caller's. */
	rx = h->map ? h->map(h->ctx, s->rx_pa, count ? (uint64_t)count * size :
			     1) : NULL;
	if (!rx) {
		model_ret_error(out, FFA_RET_ABORTED);
		return;
	}
	for (i = 0; i < s->partition_count && i < FFA_MODEL_MAX_PARTITIONS;
	     i++) {
		if (!uuid_matches(&s->partitions[i], uuid))
			continue;
		put_partition(rx, &s->partitions[i], v1_0, v1_1, uuid);
		rx += size;
	}
	s->rx_owner = 1;
	model_ret_success(out, count, v1_0 ? 0 : size);
}

/*
 * FFA_SP_CMD_FAULT: arms the model's fault injection, so the sim and the
 * EL2 responder can be made to refuse a reclaim, answer an unexpected a0,
 * ask for fragments nobody expects, or say BUSY/RETRY, from a direct
 * message the normal world sends. Arming replaces what was armed before.
 */
static int32_t sp_fault(struct ffa_model_state *s, const struct ffa_regs *in,
			uint64_t *result)
{
	uint64_t fn = in->a[4], count = in->a[6], a0 = in->a[7];
	int32_t error = (int32_t)(uint32_t)in->a[5];

	if (fn == 0) {
		memset(&s->fault, 0, sizeof(s->fault));
		*result = 0;
		return 0;
	}
	/* An FF-A function number, a count, and one way to fail. */
	if (fn < FFA_FN_NUM_MIN || fn > 0xFF || !count || count > UINT32_MAX ||
	    in->a[5] > UINT32_MAX || error > 0 || !error == !a0)
		return FFA_RET_INVALID_PARAMETERS;
	s->fault.fn_num = (uint32_t)fn;
	s->fault.error = error;
	s->fault.a0 = a0;
	s->fault.count = (uint32_t)count;
	*result = count;
	return 0;
}

/* The test partition @sp answering one request of its protocol. */
static void sp_protocol(struct ffa_model_state *s,
			const struct ffa_model_host *h, uint16_t sp,
			const struct ffa_regs *in, struct ffa_regs *out)
{
	uint64_t handle = ffa_handle_join(in->a[4], in->a[5]);
	uint64_t result = 0;
	int32_t st;

	switch (in->a[3]) {
	case FFA_SP_CMD_ECHO:
		out->a[4] = in->a[4];
		out->a[5] = in->a[5];
		out->a[6] = in->a[6];
		out->a[7] = in->a[7];
		out->a[3] = 0;
		return;
	case FFA_SP_CMD_RETRIEVE:
		st = model_sp_retrieve(s, h, sp, handle, &result);
		break;
	case FFA_SP_CMD_RELINQUISH:
		st = model_sp_relinquish(s, h, sp, handle, &result);
		break;
	case FFA_SP_CMD_WRITE:
		st = model_sp_write(s, h, sp, handle, (uint32_t)in->a[6],
				    &result);
		break;
	case FFA_SP_CMD_CHECKSUM:
		st = model_sp_checksum(s, h, sp, handle, &result);
		break;
	case FFA_SP_CMD_FAULT:
		st = sp_fault(s, in, &result);
		break;
	case FFA_SP_CMD_RETRIEVE_WITH: {
		struct ffa_sp_retrieve_with w;

		ffa_sp_retrieve_with_decode(in->a[6], in->a[7], &w);
		st = model_sp_retrieve_req(s, h, sp, handle, &w, &result);
		break;
	}
	case FFA_SP_CMD_RELINQUISH_WITH: {
		struct ffa_sp_relinquish_with w;

		ffa_sp_relinquish_with_decode(in->a[6], in->a[7], &w);
		st = model_sp_relinquish_req(s, h, sp, handle, &w, &result);
		break;
	}
	case FFA_SP_CMD_FEATURES: {
		struct ffa_regs f;

		/* The SPMC's answer, w2 and w3 beside its status. */
		model_sp_features(s, (uint32_t)in->a[6], (uint32_t)in->a[7],
				  &f);
		if ((uint32_t)f.a[0] == FFA_FN_SMC32(FFA_ERROR)) {
			out->a[3] = (uint32_t)f.a[2];
			return;
		}
		out->a[3] = 0;
		out->a[4] = (uint32_t)f.a[2];
		out->a[5] = (uint32_t)f.a[3];
		return;
	}
	default:
		st = FFA_RET_NOT_SUPPORTED;
		break;
	}
	out->a[3] = (uint32_t)st;
	out->a[4] = result;
}

/* OP-TEE's FF-A ABI (Linux drivers/tee/optee/optee_ffa.h). */
#define OPTEE_FFA_GET_API_VERSION 0u
#define OPTEE_FFA_GET_OS_VERSION 1u
#define OPTEE_FFA_EXCHANGE_CAPABILITIES 2u
#define OPTEE_FFA_UNREGISTER_SHM 3u
#define OPTEE_FFA_ENABLE_ASYNC_NOTIF 5u
#define OPTEE_TEE_ERROR_BAD_PARAMETERS 0xffff0006u
#define OPTEE_TEE_ERROR_NOT_IMPLEMENTED 0xffff0009u
/* THREAD_RPC_MAX_NUM_PARAMS, and capability bit 0: argument offsets. */
#define OPTEE_RPC_PARAMS 4u
#define OPTEE_CAP_ARG_OFFSET 1u

/*
 * An ordinary partition: OP-TEE answering its own blocking calls
 * (optee_os thread_spmc.c handle_blocking_call()), as version 4.10 of its
 * ABI 1.0, with no shared memory registered and notifications not set up.
 * Nothing here touches memory: that is what makes it "not a test
 * protocol" for ffactl.
 */
static void optee_protocol(const struct ffa_regs *in, struct ffa_regs *out)
{
	switch (in->a[3]) {
	case OPTEE_FFA_GET_API_VERSION:
		out->a[3] = 1;
		out->a[4] = 0;
		break;
	case OPTEE_FFA_GET_OS_VERSION:
		out->a[3] = 4;
		out->a[4] = 10;
		break;
	case OPTEE_FFA_EXCHANGE_CAPABILITIES:
		out->a[3] = 0;
		out->a[4] = OPTEE_RPC_PARAMS;
		out->a[5] = OPTEE_CAP_ARG_OFFSET;
		break;
	case OPTEE_FFA_UNREGISTER_SHM:
		/* An unknown cookie is not an error there. */
		out->a[3] = 0;
		break;
	case OPTEE_FFA_ENABLE_ASYNC_NOTIF:
		out->a[3] = OPTEE_TEE_ERROR_NOT_IMPLEMENTED;
		break;
	default:
		out->a[3] = OPTEE_TEE_ERROR_BAD_PARAMETERS;
		break;
	}
}

/* TF-A's TSP answering a direct request (enum ffa_model_tsp_cmd). */
static void tsp_protocol(struct ffa_model_state *s,
			 const struct ffa_model_host *h, uint16_t sp,
			 const struct ffa_regs *in, struct ffa_regs *out)
{
	uint32_t fn;

	switch (in->a[3]) {
	case FFA_TSP_CMD_ECHO:
		out->a[3] = (uint32_t)in->a[4];
		return;
	case FFA_TSP_CMD_SHARE:
	case FFA_TSP_CMD_LEND:
		fn = in->a[3] == FFA_TSP_CMD_SHARE ? FFA_MEM_SHARE :
						     FFA_MEM_LEND;
		out->a[3] = model_sp_touch(s, h, sp, (uint16_t)(in->a[1] >> 16),
					   in->a[4], fn);
		return;
	default:
		out->a[3] = FFA_TSP_ERR_UNKNOWN;
		return;
	}
}

/* a1 = sender << 16 | receiver: sender must be the caller, receiver known. */
static const struct ffa_model_partition *
direct_target(const struct ffa_model_state *s, uint16_t caller, uint64_t a1)
{
	uint16_t src = (uint16_t)(a1 >> 16);

	if (src != caller && (!model_rules(s)->direct_src_unchecked ||
			      (src & FFA_ID_SECURE_BIT) || src == (uint16_t)a1))
		return NULL;
	return model_partition_find(s, (uint16_t)a1);
}

/*
 * DEN0077 FFA_MSG_SEND_DIRECT_REQ: partition messages only (a2 bit 31
 * clear; the model implements no framework messages). The answer is
 * FFA_MSG_SEND_DIRECT_RESP of the same width, with sender and receiver
 * swapped in a1.
 */
void model_direct_req(struct ffa_model_state *s,
		      const struct ffa_model_host *h, uint16_t caller,
		      const struct ffa_regs *in, struct ffa_regs *out)
{
	uint32_t fid = (uint32_t)in->a[0];
	const struct ffa_model_partition *p;
	bool smc64;
	int i;

	/*
	 * a2: bit 31 says framework message, [7:0] its type, the rest
	 * reserved (MBZ); a partition message has all of it zero (DEN0077
	 * v1.1 §15.2; the FF-A ACS ffa_direct_message_32/64 expects
	 * INVALID_PARAMETERS for a non-zero w2).
	 */
	p = direct_target(s, caller, in->a[1]);
	if (!p || (uint32_t)in->a[2]) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	/*
	 * "The Relayer must ensure that the target endpoint supports
	 * receipt of direct messages", else DENIED (DEN0077 v1.1 §15.2
	 * FFA_MSG_SEND_DIRECT_REQ; Hafnium api_ffa_msg_send_direct_req();
	 * the FF-A ACS ffa_direct_message_error and _error1 expect DENIED).
	 */
	if (!(p->props & PROP_DIRECT_REQ_RECV) &&
	    !model_rules(s)->direct_recv_unchecked) {
		model_ret_error(out, FFA_RET_DENIED);
		return;
	}
	memset(out, 0, sizeof(*out));
	/* The TSP answers every request with the SMC64 response. */
	smc64 = FFA_FN_IS_SMC64(fid) || p->proto == FFA_SP_PROTO_TSP;
	out->a[0] = smc64 ? FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_RESP) :
			    FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_RESP);
	out->a[1] = (uint64_t)p->id << 16 | (uint16_t)(in->a[1] >> 16);
	if (p->proto == FFA_SP_PROTO_OPTEE)
		optee_protocol(in, out);
	else if (p->proto == FFA_SP_PROTO_TSP)
		tsp_protocol(s, h, p->id, in, out);
	else
		sp_protocol(s, h, p->id, in, out);
	if (!smc64)
		for (i = 3; i < 8; i++)
			out->a[i] = (uint32_t)out->a[i];
}

/*
 * The UUID of a direct request 2 (a2 = bytes 0-7, a3 = bytes 8-15, as
 * FFA_PARTITION_INFO_GET_REGS and Linux pack it) names a protocol the
 * receiver implements: the Nil UUID or its own (DEN0077 v1.2
 * FFA_MSG_SEND_DIRECT_REQ2; the FF-A ACS ffa_direct_message2 expects
 * INVALID_PARAMETERS for another, as Hafnium answers).
 */
static bool req2_uuid_ok(const struct ffa_model_partition *p, uint64_t a2,
			 uint64_t a3)
{
	if (!a2 && !a3)
		return true;
	return a2 == ((uint64_t)p->uuid[1] << 32 | p->uuid[0]) &&
	       a3 == ((uint64_t)p->uuid[3] << 32 | p->uuid[2]);
}

/*
 * DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2 (SMC64 only): a1 sender and
 * receiver, a2/a3 the receiver's protocol UUID (req2_uuid_ok), a4..a17
 * payload, echoed back in FFA_MSG_SEND_DIRECT_RESP2, a2/a3 zero.
 */
void model_direct_req2(struct ffa_model_state *s, uint16_t caller,
		       const struct ffa_regs *in, struct ffa_regs *out)
{
	const struct ffa_model_partition *p;
	int i;

	p = direct_target(s, caller, in->a[1]);
	if (!p || !req2_uuid_ok(p, in->a[2], in->a[3])) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	memset(out, 0, sizeof(*out));
	out->a[0] = FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_RESP2);
	out->a[1] = (uint64_t)p->id << 16 | caller;
	for (i = 4; i < FFA_NREGS; i++)
		out->a[i] = in->a[i];
}
