// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl explore: the operations, drawn from a seed. Memory first (most
 * operations send and reclaim), valid ones mostly and invalid ones on
 * purpose: every field a send can get wrong, stale and unknown handles,
 * flag bits, borrower requests out of order. Nothing here touches a
 * backend; the same seed gives the same sequence on any machine.
 */
#include <stdio.h>
#include <string.h>

#include "explore.h"
#include "ffa/desc.h"
#include "model.h"
#include "smoke.h"

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(next(s) % n);
}

/* True one time in @n. */
static bool one_in(uint64_t *s, uint32_t n)
{
	return below(s, n) == 0;
}

static uint32_t pick(uint64_t *s, const uint32_t *v, uint32_t n)
{
	return v[below(s, n)];
}

#define PICK(s, arr) pick((s), (arr), sizeof(arr) / sizeof((arr)[0]))

static const char *const kind_names[XOP_KIND_COUNT] = {
	[XOP_SEND] = "send", [XOP_RECLAIM] = "reclaim",
	[XOP_BORROW] = "borrow", [XOP_VERSION] = "version",
	[XOP_FEATURES] = "features", [XOP_PARTITIONS] = "partitions",
	[XOP_MSG] = "msg",
};

const char *explore_kind_name(uint32_t kind)
{
	return kind < XOP_KIND_COUNT ? kind_names[kind] : NULL;
}

/* --abis: ABI names (errtab's, lower case) or the kinds above. */
static const struct {
	const char *name;
	uint32_t kinds;
} abi_names[] = {
	{ "mem_share", 1u << XOP_SEND }, { "mem_lend", 1u << XOP_SEND },
	{ "mem_donate", 1u << XOP_SEND }, { "mem_reclaim", 1u << XOP_RECLAIM },
	{ "mem_frag_tx", 1u << XOP_SEND },
	{ "msg_send_direct_req", (1u << XOP_MSG) | (1u << XOP_BORROW) },
	{ "version", 1u << XOP_VERSION }, { "features", 1u << XOP_FEATURES },
	{ "partition_info_get", 1u << XOP_PARTITIONS },
	{ "memory", (1u << XOP_SEND) | (1u << XOP_RECLAIM) |
		    (1u << XOP_BORROW) },
};

int explore_parse_abis(const char *list, uint32_t *kinds, char *err,
		       size_t cap)
{
	char buf[256], *save = NULL, *tok;
	uint32_t k;

	if (strlen(list) >= sizeof(buf) || !*list) {
		snprintf(err, cap, "'%.40s': give ABI names separated by "
			 "commas", list);
		return -1;
	}
	strcpy(buf, list);
	*kinds = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		if (!strncmp(tok, "ffa_", 4) || !strncmp(tok, "FFA_", 4))
			tok += 4;
		for (i = 0; tok[i]; i++)
			tok[i] = (char)(tok[i] >= 'A' && tok[i] <= 'Z' ?
					tok[i] - 'A' + 'a' : tok[i]);
		for (i = 0; i < sizeof(abi_names) / sizeof(abi_names[0]); i++)
			if (!strcmp(tok, abi_names[i].name))
				break;
		for (k = 0; i == sizeof(abi_names) / sizeof(abi_names[0]) &&
		     k < XOP_KIND_COUNT; k++)
			if (!strcmp(tok, kind_names[k]))
				break;
		if (i < sizeof(abi_names) / sizeof(abi_names[0]))
			*kinds |= abi_names[i].kinds;
		else if (k < XOP_KIND_COUNT)
			*kinds |= 1u << k;
		else {
			snprintf(err, cap, "'%.40s': not an ABI explore "
				 "drives (mem_share, mem_lend, mem_donate, "
				 "mem_reclaim, msg_send_direct_req, version, "
				 "features, partition_info_get, memory)",
				 tok);
			return -1;
		}
	}
	if (!*kinds) {
		snprintf(err, cap, "'%.40s': names no ABI", list);
		return -1;
	}
	/* A reclaim or a borrower request needs something sent first. */
	if (*kinds & ((1u << XOP_RECLAIM) | (1u << XOP_BORROW)))
		*kinds |= 1u << XOP_SEND;
	return 0;
}

/* The share of each kind, in 1/100: memory first. */
static const uint32_t weight[XOP_KIND_COUNT] = {
	[XOP_SEND] = 36, [XOP_RECLAIM] = 30, [XOP_BORROW] = 16,
	[XOP_VERSION] = 2, [XOP_FEATURES] = 7, [XOP_PARTITIONS] = 5,
	[XOP_MSG] = 4,
};

static uint32_t draw_kind(uint64_t *s, uint32_t kinds)
{
	uint32_t total = 0, k, r;

	for (k = 0; k < XOP_KIND_COUNT; k++)
		if (kinds & (1u << k))
			total += weight[k];
	r = below(s, total);
	for (k = 0; k < XOP_KIND_COUNT; k++) {
		if (!(kinds & (1u << k)))
			continue;
		if (r < weight[k])
			return k;
		r -= weight[k];
	}
	return XOP_SEND;
}

/* Wrong values a send can carry; the CLI's default most of the time. */
static const uint32_t perms[] = {
	0, FFA_PERM_RO, FFA_PERM_RW, 3, FFA_PERM_RW | FFA_PERM_NX,
	FFA_PERM_RW | FFA_PERM_X, FFA_PERM_RO | FFA_PERM_X, 0x12,
};
static const uint32_t attrs[] = {
	0, FFA_ATTR_NORMAL_WB_INNER,
	FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB | FFA_ATTR_SH_OUTER,
	FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_NC | FFA_ATTR_SH_OUTER,
	FFA_ATTR_TYPE_DEVICE, FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB | 1,
	FFA_ATTR_NORMAL_WB_INNER | FFA_ATTR_NS, 0x12f,
};
static const uint32_t send_flags[] = {
	FFA_MTD_FLAG_ZERO, FFA_MTD_FLAG_TIME_SLICE, 1u << 2,
	FFA_RETRIEVE_FLAG_TYPE_SHARE, FFA_RETRIEVE_FLAG_TYPE_LEND, 1u << 31,
};
static const uint32_t layouts[] = {
	FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
};
static const uint32_t frags[] = { 16, 48, 64, 80, 128 };
static const uint32_t reclaim_flags[] = {
	FFA_RECLAIM_ZERO, FFA_RECLAIM_TIME_SLICE, 1u << 2, 0xffffffffu,
};
static const uint32_t fids[] = {
	FFA_FN_SMC32(FFA_VERSION), FFA_FN_SMC32(FFA_FEATURES),
	FFA_FN_SMC32(FFA_ID_GET), FFA_FN_SMC32(FFA_SPM_ID_GET),
	FFA_FN_SMC64(FFA_RXTX_MAP), FFA_FN_SMC32(FFA_PARTITION_INFO_GET),
	FFA_FN_SMC32(FFA_MEM_SHARE), FFA_FN_SMC64(FFA_MEM_LEND),
	FFA_FN_SMC32(FFA_MEM_DONATE), FFA_FN_SMC32(FFA_MEM_RECLAIM),
	FFA_FN_SMC32(FFA_MEM_FRAG_TX), FFA_FN_SMC32(FFA_MEM_RETRIEVE_REQ),
	FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ2), FFA_FN_SMC32(0xFF),
};

static void gen_send(uint64_t *s, struct xop *op)
{
	static const uint32_t fns[] = {
		FFA_MEM_SHARE, FFA_MEM_SHARE, FFA_MEM_SHARE, FFA_MEM_LEND,
		FFA_MEM_LEND, FFA_MEM_LEND, FFA_MEM_DONATE,
	};
	uint32_t r = below(s, 100);

	op->fn = PICK(s, fns);
	op->smc64 = one_in(s, 3);
	op->pages = 1 + below(s, 3);
	op->recv = r < 82 ? XR_PART : XR_SELF + (r - 82) % (XR_COUNT - 1);
	op->perm = one_in(s, 6) ? PICK(s, perms) : XOP_DEFAULT;
	op->attrs = one_in(s, 6) ? PICK(s, attrs) : XOP_DEFAULT;
	op->flags = one_in(s, 8) ? PICK(s, send_flags) : 0;
	op->desc_version = one_in(s, 8) ? PICK(s, layouts) : XOP_DEFAULT;
	op->frag_len = one_in(s, 8) ? PICK(s, frags) : 0;
	op->other_sender = one_in(s, 30);
	op->tag = one_in(s, 12) ? 1 + below(s, 0xffff) : 0;
	r = below(s, 50);
	op->addr = r == 0 ? XA_OVERLAP : r == 1 ? XA_UNALIGNED : XA_PAGES;
}

/* An earlier send to name, or none (then the handle is unknown). */
static void gen_ref(uint64_t *s, const struct xop *ops, uint32_t i,
		    struct xop *op)
{
	uint32_t tries, j;

	op->href = XH_UNKNOWN;
	op->ref = 0;
	if (!i)
		return;
	/* Recent sends more often: they are the live ones. */
	for (tries = 0; tries < 8; tries++) {
		j = i - 1 - below(s, i < 12 ? i : 12);
		if (one_in(s, 4))
			j = below(s, i);
		/*
		 * A partition asked to retrieve a send of made-up addresses
		 * would touch memory that is not ours (TF-A 2.8's TSP maps
		 * and writes whatever a retrieve names): never ask.
		 */
		if (ops[j].kind == XOP_SEND &&
		    (op->kind != XOP_BORROW || ops[j].addr == XA_PAGES)) {
			uint32_t r = below(s, 100);

			op->ref = j;
			op->href = r < 90 ? XH_OF_OP : r < 95 ? XH_FLIP63 :
						      XH_UNKNOWN;
			return;
		}
	}
}

static void gen_borrow(uint64_t *s, const struct xconfig *cfg,
		       struct xop *op)
{
	/* Ours: retrieve, relinquish, write, checksum. */
	static const uint32_t ours[] = {
		FFA_SP_CMD_RETRIEVE, FFA_SP_CMD_RETRIEVE, FFA_SP_CMD_RETRIEVE,
		FFA_SP_CMD_RELINQUISH, FFA_SP_CMD_RELINQUISH,
		FFA_SP_CMD_RELINQUISH, FFA_SP_CMD_WRITE, FFA_SP_CMD_CHECKSUM,
	};
	static const uint32_t tsp[] = { FFA_TSP_CMD_SHARE, FFA_TSP_CMD_LEND };

	if (cfg->proto == SMOKE_PROTO_TSP) {
		op->cmd = PICK(s, tsp);
	} else {
		op->cmd = PICK(s, ours);
		op->arg = (uint32_t)next(s) | 1;
	}
}

void explore_generate(const struct xconfig *cfg, struct xop *ops, uint32_t n)
{
	uint64_t s = cfg->seed;
	uint32_t kinds = cfg->kinds, i;

	if (!cfg->have_protocol)
		kinds &= ~(1u << XOP_BORROW);
	if (!kinds)
		kinds = 1u << XOP_SEND;
	for (i = 0; i < n; i++) {
		struct xop *op = &ops[i];

		memset(op, 0, sizeof(*op));
		op->kind = i ? draw_kind(&s, kinds) :
			       (kinds & (1u << XOP_SEND) ? XOP_SEND :
			        draw_kind(&s, kinds));
		switch (op->kind) {
		case XOP_SEND:
			gen_send(&s, op);
			break;
		case XOP_RECLAIM:
			gen_ref(&s, ops, i, op);
			op->rflags = one_in(&s, 4) ?
				     PICK(&s, reclaim_flags) : 0;
			break;
		case XOP_BORROW:
			gen_ref(&s, ops, i, op);
			gen_borrow(&s, cfg, op);
			break;
		case XOP_VERSION:
			op->version = PICK(&s, layouts);
			break;
		case XOP_FEATURES:
			op->fid = PICK(&s, fids);
			break;
		case XOP_PARTITIONS:
			op->which = below(&s, 3);
			break;
		default:
			break;
		}
	}
}
