/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC model: the secure side of FF-A, as software.
 *
 * Freestanding C (only <stddef.h>, <stdint.h>, <stdbool.h>, <string.h>): it is
 * linked into the sim backend (hosted, state persisted between invocations)
 * and into the bare-metal EL2 responder under QEMU. It never allocates: the
 * host hands it all storage. Everything in struct ffa_model_state and in the
 * region/range arrays is plain data (no pointers), so the sim can write it to
 * a file and read it back as is.
 *
 * One entry point, ffa_model_call(), takes the caller's registers a0..a17 and
 * replaces them with the result registers, as an SMC would.
 */
#ifndef FFA_MODEL_H
#define FFA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ffa/ffa.h"

enum ffa_model_profile {
	FFA_PROFILE_SPEC = 0,    /* Hafnium-like, what DEN0077 says */
	FFA_PROFILE_TFA_EL3 = 1, /* TF-A EL3 SPMC */
	FFA_PROFILE_OPTEE = 2,   /* OP-TEE as S-EL1 SPMC */
	FFA_PROFILE_COUNT
};

/* "spec", "tfa-el3", "optee"; NULL for an unknown value. */
const char *ffa_model_profile_name(uint32_t profile);
/* -1 for an unknown name. */
int ffa_model_profile_parse(const char *name);
/* The FF-A version the SPMC of @profile answers FFA_VERSION with. */
uint32_t ffa_model_profile_version(uint32_t profile);

#define FFA_MODEL_SPMC_ID 0x8000u
#define FFA_MODEL_TEST_SP_ID 0x8001u
#define FFA_MODEL_NWD_ID 0x0000u  /* the caller's (normal world) endpoint ID */
#define FFA_MODEL_MAX_PARTITIONS 8u
#define FFA_MODEL_MAX_RECEIVERS 4u
/* The spec profile's own version: what its FFA_VERSION answers. */
#define FFA_MODEL_VERSION FFA_VERSION_1_2
/* Handles the model allocates: SPMC-allocated (bit 63 clear), bit 48 set. */
#define FFA_MODEL_HANDLE_BASE (1ull << 48)

/*
 * The test partition's UUID, ffac7100-7e57-4d1e-a5a1-000000008001, as the
 * four 32-bit words FFA_PARTITION_INFO_GET takes in a1..a4 (DEN0077: the
 * UUID bytes in order, little-endian words).
 */
#define FFA_MODEL_TEST_SP_UUID_STR "ffac7100-7e57-4d1e-a5a1-000000008001"
/*
 * The second test partition (same protocol, its own UUID), and a partition
 * that accepts no direct requests (indirect messaging only; it answers
 * nothing, and takes part in memory transactions only as a borrower the
 * SPMC knows). Both only in the "test" layout.
 */
#define FFA_MODEL_TEST_SP2_ID 0x8002u
#define FFA_MODEL_TEST_SP2_UUID_STR "ffac7100-7e57-4d1e-a5a1-000000008002"
#define FFA_MODEL_INDIRECT_SP_ID 0x8003u
#define FFA_MODEL_INDIRECT_SP_UUID_STR "ffac7100-7e57-4d1e-a5a1-000000008003"
/* OP-TEE's FF-A UUID (Linux drivers/tee/optee/ffa_abi.c optee_ffa_uuid). */
#define FFA_MODEL_OPTEE_UUID_STR "486178e0-e7f8-11e3-bc5e-0002a5d5c51b"

/*
 * The test partition's direct-message protocol. Request: a3 = command,
 * a4/a5 = handle low/high, a6 = argument. Response: a3 = status (0 or an
 * FFA_RET_* value as a 32-bit two's complement), a4 = result.
 */
enum ffa_model_sp_cmd {
	FFA_SP_CMD_ECHO = 0,       /* a3..a7 echoed back, a3 = 0 */
	FFA_SP_CMD_RETRIEVE = 1,   /* retrieve handle as the SP */
	FFA_SP_CMD_RELINQUISH = 2, /* relinquish handle */
	FFA_SP_CMD_WRITE = 3,      /* fill the retrieved region with a6 */
	FFA_SP_CMD_CHECKSUM = 4,   /* a4 = checksum of the retrieved region */
	/*
	 * Arms struct ffa_model_fault: a4 = function number (0x60..0xFF, 0
	 * disarms), a5 = FFA_RET_* as a 32-bit two's complement (or 0), a6 =
	 * count (calls to fail), a7 = a0 to answer instead (or 0). Exactly
	 * one of a5/a7 is non-zero. Reply a4 = the count armed.
	 */
	FFA_SP_CMD_FAULT = 5,
	/*
	 * Retrieve handle as the SP with a request of the caller's making:
	 * the fields a7's mask names (FFA_SP_RETRIEVE_SET_*) come from a6/a7,
	 * the others are what a conforming borrower asks (the region's sender,
	 * tag and data access; no flags; memory attributes not specified;
	 * instruction access not specified for a share or a lend to several
	 * borrowers, else the region's, NX if it gave none). The SPMC side of
	 * the model then judges that request (model_retrieve.c). a6 = access
	 * permissions [7:0] (EMAD byte, DEN0077 v1.1 Table 10.15), memory
	 * region attributes [15:8] (Table 10.18), sender ID [31:16]; a7 =
	 * flags [15:0] (retrieve request flags, v1.1 Table 10.22, v1.2 bit
	 * 10), tag [23:16], mask [31:24]. A mask bit we do not define is
	 * INVALID_PARAMETERS. Reply as FFA_SP_CMD_RETRIEVE.
	 */
	FFA_SP_CMD_RETRIEVE_WITH = 6,
	/*
	 * Relinquish handle with a descriptor of the caller's making
	 * (DEN0077 v1.1 Table 11.x "Descriptor to relinquish a memory
	 * region"): a6 = flags, a7 = endpoint count [15:0], mask [31:24]
	 * (FFA_SP_RELINQUISH_SET_*). Not overridden: flags 0, one endpoint
	 * (the SP).
	 */
	FFA_SP_CMD_RELINQUISH_WITH = 7,
	/*
	 * The partition calls FFA_FEATURES (DEN0077 v1.1 §13.3) and reports
	 * the SPMC's answer: a6 = the function ID to ask about, a7 = input
	 * properties (w2; for FFA_MEM_RETRIEVE_REQ bit 1 = "NS bit handled
	 * by the caller", FFA_FEATURES_RETRIEVE_NS). Reply a3 = 0 (SUCCESS)
	 * or the FFA_ERROR code, a4 = w2 and a5 = w3 of the answer. For
	 * FFA_MEM_RETRIEVE_REQ, w3[7:0] = n says a borrower may hold
	 * 2^(n+1) - 1 retrievals of a region at once. The model tells a
	 * partition's view of FFA_MEM_RETRIEVE_REQ and FFA_MEM_RELINQUISH
	 * (the borrower's calls) from the normal world's; any other ID gets
	 * the answer the normal world would.
	 */
	FFA_SP_CMD_FEATURES = 8,
};

/* FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) input and output properties bit 1. */
#define FFA_FEATURES_RETRIEVE_NS (1u << 1)
/* ...and w3[7:0]: n for 2^(n+1) - 1 outstanding retrievals. */
#define FFA_FEATURES_RETRIEVE_COUNT_MASK 0xFFu
static inline uint32_t ffa_features_retrieve_count(uint32_t w3)
{
	uint32_t n = w3 & FFA_FEATURES_RETRIEVE_COUNT_MASK;

	/* From n = 31 on, more than 32 bits count. */
	return n >= 31 ? UINT32_MAX : (2u << n) - 1u;
}

/* FFA_SP_CMD_RETRIEVE_WITH: which fields a7[31:24] overrides. */
#define FFA_SP_RETRIEVE_SET_PERM (1u << 0)
#define FFA_SP_RETRIEVE_SET_ATTR (1u << 1)
#define FFA_SP_RETRIEVE_SET_SENDER (1u << 2)
#define FFA_SP_RETRIEVE_SET_FLAGS (1u << 3)
#define FFA_SP_RETRIEVE_SET_TAG (1u << 4)
#define FFA_SP_RETRIEVE_SET_ALL 0x1Fu
/* FFA_SP_CMD_RELINQUISH_WITH: which fields a7[31:24] overrides. */
#define FFA_SP_RELINQUISH_SET_FLAGS (1u << 0)
#define FFA_SP_RELINQUISH_SET_COUNT (1u << 1)
#define FFA_SP_RELINQUISH_SET_ALL 0x3u

/* The overrides of FFA_SP_CMD_RETRIEVE_WITH / _RELINQUISH_WITH. */
struct ffa_sp_retrieve_with {
	uint32_t set;        /* FFA_SP_RETRIEVE_SET_* */
	uint8_t perm;
	uint8_t attributes;
	uint16_t sender;
	uint16_t flags;
	uint8_t tag;
};

struct ffa_sp_relinquish_with {
	uint32_t set;        /* FFA_SP_RELINQUISH_SET_* */
	uint32_t flags;
	uint16_t count;
};

static inline void ffa_sp_retrieve_with_encode(
	const struct ffa_sp_retrieve_with *w, uint64_t *a6, uint64_t *a7)
{
	*a6 = (uint32_t)w->perm | (uint32_t)w->attributes << 8 |
	      (uint32_t)w->sender << 16;
	*a7 = (uint32_t)w->flags | (uint32_t)w->tag << 16 |
	      (uint32_t)(w->set & 0xFFu) << 24;
}

static inline void ffa_sp_retrieve_with_decode(
	uint64_t a6, uint64_t a7, struct ffa_sp_retrieve_with *w)
{
	w->perm = (uint8_t)a6;
	w->attributes = (uint8_t)(a6 >> 8);
	w->sender = (uint16_t)(a6 >> 16);
	w->flags = (uint16_t)a7;
	w->tag = (uint8_t)(a7 >> 16);
	w->set = (uint32_t)(a7 >> 24) & 0xFFu;
}

static inline void ffa_sp_relinquish_with_encode(
	const struct ffa_sp_relinquish_with *w, uint64_t *a6, uint64_t *a7)
{
	*a6 = w->flags;
	*a7 = (uint32_t)w->count | (uint32_t)(w->set & 0xFFu) << 24;
}

static inline void ffa_sp_relinquish_with_decode(
	uint64_t a6, uint64_t a7, struct ffa_sp_relinquish_with *w)
{
	w->flags = (uint32_t)a6;
	w->count = (uint16_t)a7;
	w->set = (uint32_t)(a7 >> 24) & 0xFFu;
}

/*
 * How a partition answers direct requests. The sim can present partitions
 * that speak something other than our protocol, as real firmware does, so
 * that the tool's handling of an ordinary partition is tested too.
 */
enum ffa_model_sp_proto {
	FFA_SP_PROTO_TEST = 0,  /* ours: enum ffa_model_sp_cmd */
	FFA_SP_PROTO_OPTEE = 1, /* OP-TEE's FF-A ABI, its version queries */
	FFA_SP_PROTO_TSP = 2,   /* TF-A's Test Secure Payload (enum below) */
	FFA_SP_PROTO_COUNT
};

/*
 * TF-A's TSP (bl32/tsp/tsp_ffa_main.c, TF-A 2.8): a3 = command. Echo
 * answers a3 = a4. Share and lend take the handle in a4 (all 64 bits):
 * the TSP retrieves the region (one receiver, tag 0, the matching
 * transaction type), adds 1 to the first byte of each range, relinquishes
 * it and answers a3 = the first range's new byte, or 0xFFFFFFFE if the
 * retrieve failed. Anything else answers 0xFFFFFFFF. Always with the
 * SMC64 direct response.
 */
enum ffa_model_tsp_cmd {
	FFA_TSP_CMD_ECHO = 1,
	FFA_TSP_CMD_SHARE = 3,
	FFA_TSP_CMD_LEND = 5,
};
#define FFA_TSP_ERR_RETRIEVE 0xFFFFFFFEu
#define FFA_TSP_ERR_UNKNOWN 0xFFFFFFFFu
/*
 * The TSP's UUID as TF-A 2.8 lists it: the manifest's words
 * <0x6b43b460 0x74a24b78 0xade24502 0x40682886>, each stored little-endian.
 */
#define FFA_MODEL_TSP_UUID_STR "60b4436b-784b-a274-0245-e2ad86286840"

struct ffa_model_partition {
	uint16_t id;
	uint16_t exec_ctx;
	uint32_t props;   /* partition properties (DEN0077 table 6.2/6.3) */
	uint32_t uuid[4]; /* as in a1..a4 of FFA_PARTITION_INFO_GET */
	uint32_t proto;   /* enum ffa_model_sp_proto */
};

/*
 * The partition tables the model can present (ffactl sim reset
 * --partitions NAME).
 */
enum ffa_model_layout {
	/*
	 * Our test partitions 0x8001 and 0x8002, and 0x8003, which takes no
	 * direct requests: every smoke case can run.
	 */
	FFA_LAYOUT_TEST = 0,
	/*
	 * One ordinary partition, 0x8001 with OP-TEE's UUID answering in
	 * OP-TEE's FF-A ABI, as TF-A's EL3 SPMC with OP-TEE as its partition
	 * and OP-TEE as SPMC both list it (DESIGN.md §12).
	 */
	FFA_LAYOUT_OPTEE = 1,
	/*
	 * TF-A's Test Secure Payload as 0x8001, the partition of our
	 * qemu-tfa suite's firmware (TF-A 2.8's EL3 SPMC), for comparing
	 * that firmware with the tfa-el3 profile case by case.
	 */
	FFA_LAYOUT_TSP = 2,
	FFA_LAYOUT_COUNT
};


enum ffa_model_region_state {
	FFA_REGION_FREE = 0,
	FFA_REGION_SENDING = 1, /* fragments still arriving */
	FFA_REGION_SENT = 2,    /* owner has sent it; borrowers may retrieve */
};

struct ffa_model_region {
	uint64_t handle;
	uint64_t tag;
	uint32_t state;         /* enum ffa_model_region_state */
	uint32_t fn_num;        /* FFA_MEM_SHARE, _LEND or _DONATE */
	uint32_t flags;         /* transaction flags from the descriptor */
	uint16_t sender;
	uint16_t attributes;
	uint32_t receiver_count;
	uint16_t receivers[FFA_MODEL_MAX_RECEIVERS];
	uint8_t perm[FFA_MODEL_MAX_RECEIVERS];
	uint8_t retrieved[FFA_MODEL_MAX_RECEIVERS]; /* retrieve count each */
	uint32_t total_pages;
	uint32_t range_count;
	uint32_t first_range;   /* index into ranges[], UINT32_MAX = none */
	uint32_t frag_received; /* bytes received so far while SENDING */
	uint32_t frag_total;
};

/* A constituent the model keeps for a region; chained through next. */
struct ffa_model_range {
	uint64_t address;
	uint32_t pages;
	uint32_t next; /* UINT32_MAX ends a chain (and the free list) */
};

/* A live range's place in the host's tree of live ranges (by address). */
struct ffa_model_range_link {
	uint32_t left, right, parent; /* indices into ranges[]; UINT32_MAX */
};

/* Fault injection: make the next matching call fail on purpose. */
struct ffa_model_fault {
	uint32_t fn_num;  /* 0 = none armed */
	int32_t error;    /* FFA_RET_* to return, or 0 with a0 set below */
	uint64_t a0;      /* non-zero: answer with this a0 instead */
	uint32_t count;   /* how many calls to fail */
};

struct ffa_model_state {
	uint32_t profile;
	uint32_t version;         /* version the caller asked for last (0 = none) */
	uint64_t next_handle;     /* sequence number of the next handle */
	uint64_t rx_pa;
	uint64_t tx_pa;
	uint32_t rxtx_pages;      /* 0 = not mapped */
	uint32_t rx_owner;        /* 0 = SPMC may write; 1 = the caller owns RX */
	uint32_t partition_count;
	uint32_t layout;          /* enum ffa_model_layout */
	uint32_t region_count;    /* regions in use */
	uint32_t free_range;      /* head of the free list in ranges[] */
	uint32_t ranges_used;
	struct ffa_model_partition partitions[FFA_MODEL_MAX_PARTITIONS];
	/*
	 * The caller has made an FF-A call other than FFA_VERSION since
	 * the reset: a profile that fixes the version then refuses to
	 * change it (model_rules.version_fixed_after_calls). In what was
	 * padding before fault, so the state's size and layout stay.
	 */
	uint32_t version_fixed;
	struct ffa_model_fault fault;
	uint64_t stats_zeroed_pages; /* pages zeroed on reclaim, ever */
	uint64_t last_zeroed_pages;  /* pages zeroed by the last reclaim */
};

/* What the host provides: storage, and access to normal-world memory. */
struct ffa_model_host {
	void *ctx;
	/*
	 * Pointer to normal-world memory [pa, pa + len), or NULL if that range
	 * is not RAM the caller owns. Used for the RX/TX buffers.
	 */
	void *(*map)(void *ctx, uint64_t pa, uint64_t len);
	/* Fill @pages pages at @pa with the 32-bit @pattern repeated. */
	void (*fill)(void *ctx, uint64_t pa, uint32_t pages, uint32_t pattern);
	/* A checksum of @pages pages at @pa: 0 iff they read all zero. */
	uint32_t (*checksum)(void *ctx, uint64_t pa, uint32_t pages);
	/*
	 * Adds 1 to the byte at @pa (a borrower writing the page, as TF-A's
	 * TSP does) and returns its new value.
	 */
	uint8_t (*bump)(void *ctx, uint64_t pa);
	struct ffa_model_region *regions;
	uint32_t region_cap;
	struct ffa_model_range *ranges;
	uint32_t range_cap;
	/* Open-addressing index handle -> region slot; entries are slot + 1. */
	uint32_t *index;
	uint32_t index_cap;       /* a power of two, >= 2 * region_cap */
	uint8_t *frag_buf;        /* scratch for a fragmented transmit */
	uint32_t frag_cap;
	/*
	 * Optional: range_cap + 1 links (the last one heads the tree), so
	 * that a share's overlap check costs O(log n) instead of a scan of
	 * every live range. Derived data: after loading ranges[] or growing
	 * range_cap, call ffa_model_reindex(). NULL: the model scans.
	 */
	struct ffa_model_range_link *range_links;
};

/* Starts over: no regions, RX/TX unmapped, default partitions. */
void ffa_model_reset(struct ffa_model_state *s, const struct ffa_model_host *h,
		     uint32_t profile);

/* "test", "optee"; NULL for an unknown value. */
const char *ffa_model_layout_name(uint32_t layout);
/* -1 for an unknown name. */
int ffa_model_layout_parse(const char *name);
/* Replaces the partition table with @layout's (unknown: FFA_LAYOUT_TEST). */
void ffa_model_set_layout(struct ffa_model_state *s, uint32_t layout);

/*
 * Rebuilds h->index from h->regions and the tree in h->range_links from
 * h->ranges (after loading or growing storage).
 */
void ffa_model_reindex(const struct ffa_model_state *s,
		       const struct ffa_model_host *h);

/*
 * Checks that a state loaded from elsewhere is consistent with @h (counts in
 * range, chains inside ranges[], no loops). Returns 0 or -1; @why says what.
 */
int ffa_model_validate(const struct ffa_model_state *s,
		       const struct ffa_model_host *h, const char **why);

/* One FF-A call from endpoint @caller: regs in, regs out. */
void ffa_model_call(struct ffa_model_state *s, const struct ffa_model_host *h,
		    uint16_t caller, struct ffa_regs *regs);

struct ffa_desc_report;

/*
 * What the SPMC of @profile answers to a descriptor @buf of @len bytes,
 * sent with @fn_num (FFA_MEM_SHARE/LEND/DONATE, or their function ID) by
 * @caller, laid out for @version (0: guessed), before it looks at its
 * partitions or live transactions: 0 or an FFA_RET_*. Issues go to @rep
 * (may be NULL), those the profile does not act on marked tolerated;
 * *@why (may be NULL) names the profile's own rule that refused it, if one
 * did (a static string), else NULL.
 */
int32_t ffa_model_desc_verdict(uint32_t profile, const void *buf, size_t len,
			       uint32_t version, uint32_t fn_num,
			       uint16_t caller, struct ffa_desc_report *rep,
			       const char **why);

/*
 * Whether the SPMC of @profile answers a send of @buf (@len bytes, laid
 * out for @version) in fragments of @frag_len bytes on memory it has not
 * written: an answer the model cannot predict (TF-A 2.8).
 */
bool ffa_model_frag_undetermined(uint32_t profile, const void *buf,
				 size_t len, uint32_t frag_len,
				 uint32_t version);

/*
 * Whether a send now gets an answer the model cannot predict: TF-A 2.8
 * checks it for overlap against pending fragmented transactions'
 * constituents, received or not (spmc_shmem_check_state_obj()).
 */
bool ffa_model_send_undetermined(const struct ffa_model_state *s,
				 const struct ffa_model_host *h);

/* Looks up a live region by handle; NULL if none. */
const struct ffa_model_region *ffa_model_find(const struct ffa_model_state *s,
					      const struct ffa_model_host *h,
					      uint64_t handle);

#endif /* FFA_MODEL_H */
