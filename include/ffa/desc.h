/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A memory transaction descriptors: encode and decode.
 *
 * Layouts (DEN0077 v1.1 §10.11, v1.2 §11.11 "Memory transaction descriptor",
 * little endian):
 *   v1.0 header, 32 bytes: sender u16 @0, attributes u8 @2, reserved u8 @3,
 *     flags u32 @4, handle u64 @8, tag u64 @16, reserved u32 @24,
 *     receiver count u32 @28, EMADs (16 bytes each) from @32.
 *   v1.1/v1.2 header, 48 bytes: sender u16 @0, attributes u16 @2, flags u32 @4,
 *     handle u64 @8, tag u64 @16, EMAD size u32 @24, receiver count u32 @28,
 *     EMAD offset u32 @32, reserved 12 bytes @36.
 *   EMAD (v1.1 Table 10.16, v1.2 Table 11.16 "Endpoint memory access
 *     descriptor"): receiver u16 @0, permissions u8 @2, flags u8 @3,
 *     composite offset u32 @4, then
 *     16 bytes (v1.0, v1.1): reserved u64 @8;
 *     32 bytes (v1.2): implementation-defined value u64[2] @8, reserved
 *     u64 @24 (as Linux's struct ffa_mem_region_attributes).
 *   Composite: total pages u32 @0, constituent count u32 @4, reserved u64 @8,
 *     constituents (16 bytes: address u64 @0, pages u32 @8, reserved u32 @12).
 *   Relinquish: handle u64 @0, flags u32 @8, endpoint count u32 @12, u16 ids.
 *
 * Freestanding: uses only <stddef.h>, <stdint.h> and <string.h>, so the SPMC
 * model and the EL2 responder link it too. Decoders take a length and never
 * read past it.
 */
#ifndef FFA_DESC_H
#define FFA_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "ffa/ffa.h"

#define FFA_MTD_V1_0_HDR_SIZE 32u
#define FFA_MTD_V1_1_HDR_SIZE 48u
#define FFA_EMAD_V1_0_SIZE 16u
#define FFA_EMAD_V1_2_SIZE 32u
#define FFA_EMAD_IMPDEF_OFF 8u /* in a 32-byte EMAD */
#define FFA_COMPOSITE_SIZE 16u
#define FFA_CONSTITUENT_SIZE 16u
#define FFA_RELINQUISH_HDR_SIZE 16u

/* Receivers a descriptor built or decoded here may name. */
#define FFA_DESC_MAX_RECEIVERS 16u

struct ffa_emad {
	uint16_t receiver;
	uint8_t perm;
	uint8_t flags;
	uint32_t composite_off;
	uint64_t impdef[2]; /* 32-byte (v1.2) EMAD only: @8 and @16 */
};

struct ffa_constituent {
	uint64_t address;
	uint32_t page_count;
};

/*
 * The decoded (or to-be-encoded) transaction. On decode, constituents stay in
 * the buffer: read them with ffa_desc_constituent().
 */
struct ffa_mem_region {
	uint32_t version;    /* FFA_VERSION_1_0, _1_1 or _1_2: the layout */
	uint16_t sender;
	uint16_t attributes; /* v1.0 carries only the low 8 bits */
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t emad_size;  /* decode: as found; encode: derived from version */
	uint32_t emad_off;   /* decode: as found; encode: derived from version */
	uint32_t receiver_count;
	struct ffa_emad receivers[FFA_DESC_MAX_RECEIVERS];
	/* Composite of receivers[0] (all receivers share one here). */
	uint32_t composite_off;
	uint32_t total_pages;
	uint32_t constituent_count;
	uint32_t constituents_off; /* decode: offset of constituent[0] */
};

/*
 * Longest field name, NUL included: "constituent[4294967295].page_count".
 * Names carry indices, so they are stored in the issue, not pointed to.
 */
#define FFA_DESC_FIELD_LEN 40u

/*
 * Which rule an issue breaks, so that a profile of a real SPMC can say
 * which of ffa_desc_check()'s rules that SPMC does not apply
 * (FFA_DESC_RULE_BIT). The layout (offsets, sizes, counts, reserved
 * fields) is one rule: no SPMC reads a descriptor it cannot walk.
 */
enum ffa_desc_rule {
	FFA_DESC_RULE_LAYOUT = 0,
	FFA_DESC_RULE_SENDER_NOT_CALLER,
	FFA_DESC_RULE_DONATE_RECEIVERS,  /* a donate has one receiver */
	FFA_DESC_RULE_RECEIVER_IS_SENDER,
	FFA_DESC_RULE_RECEIVER_TWICE,
	FFA_DESC_RULE_ATTR_NS,
	FFA_DESC_RULE_ATTR_RESERVED,     /* reserved bits or values */
	FFA_DESC_RULE_ATTR_USAGE,        /* type (un)specified per send */
	FFA_DESC_RULE_ATTR_DEVICE,
	FFA_DESC_RULE_PERM_RESERVED,     /* reserved bits or values */
	FFA_DESC_RULE_PERM_USAGE,        /* data/instruction per send */
	FFA_DESC_RULE_PAGES_ZERO,        /* no pages, a 0-page constituent */
	FFA_DESC_RULE_CONS_UNALIGNED,
	FFA_DESC_RULE_CONS_WRAP,
	FFA_DESC_RULE_CONS_OVERLAP,      /* within the one descriptor */
	FFA_DESC_RULE_FLAGS,             /* send flags (zero on share, MBZ) */
	FFA_DESC_RULE_COUNT
};

#define FFA_DESC_RULE_BIT(r) (1u << (r))

/* One thing wrong with a descriptor: where and what. */
struct ffa_desc_issue {
	uint32_t offset;
	char field[FFA_DESC_FIELD_LEN];
	const char *problem; /* a static string */
	int32_t ffa_error; /* the status an SPMC would answer, FFA_RET_* */
	uint32_t rule;     /* enum ffa_desc_rule */
	uint32_t tolerated; /* the rule was one the caller tolerates */
};

/* A short name for @rule ("receiver-is-sender"); "?" if unknown. */
const char *ffa_desc_rule_name(uint32_t rule);

#define FFA_DESC_MAX_ISSUES 32u

struct ffa_desc_report {
	unsigned int count;     /* issues recorded (at most FFA_DESC_MAX_ISSUES) */
	unsigned int dropped;   /* issues found beyond that */
	struct ffa_desc_issue issue[FFA_DESC_MAX_ISSUES];
};

/*
 * Appends an issue (@field is copied, truncated to fit; @problem must be a
 * static string). Past FFA_DESC_MAX_ISSUES only rep->dropped grows. @rep may
 * be NULL.
 */
void ffa_desc_report_add(struct ffa_desc_report *rep, uint32_t offset,
			 const char *field, const char *problem,
			 int32_t ffa_error);

/*
 * Bytes ffa_desc_encode() needs for @r with r->constituent_count
 * constituents. 0 if the region cannot be encoded.
 */
size_t ffa_desc_size(const struct ffa_mem_region *r);

/*
 * Encodes @r with @ncons constituents from @cons into @buf of @cap bytes.
 * Writes total_pages and constituent_count from @cons unless the caller set
 * them non-zero (so deliberately inconsistent descriptors can be built).
 * Returns the number of bytes written, or 0 if @cap is too small or @r is
 * not encodable (unknown version, too many receivers).
 */
size_t ffa_desc_encode(const struct ffa_mem_region *r,
		       const struct ffa_constituent *cons, uint32_t ncons,
		       void *buf, size_t cap);

/*
 * Decodes the layout of @version (0: guess it with ffa_desc_guess_version())
 * from @buf of @len bytes. Structural problems (lengths, offsets, counts,
 * reserved fields) go to @rep (may be NULL). Returns 0 if the descriptor can
 * be used, else the FF-A status an SPMC would answer (FFA_RET_*).
 */
int ffa_desc_decode(const void *buf, size_t len, uint32_t version,
		    struct ffa_mem_region *out, struct ffa_desc_report *rep);

/* The layout a raw descriptor most likely uses: FFA_VERSION_1_0/_1_1/_1_2. */
uint32_t ffa_desc_guess_version(const void *buf, size_t len);

/* Reads constituent @i of a decoded region. Returns 0, or -1 if out of range. */
int ffa_desc_constituent(const void *buf, size_t len,
			 const struct ffa_mem_region *r, uint32_t i,
			 struct ffa_constituent *out);

/*
 * ffa_desc_check() finds overlapping constituents without allocating: it
 * sorts this many at a time on the stack (4 bytes each). Descriptors in
 * address order, or with at most this many constituents, cost O(n log n)
 * or better; longer unsorted ones cost more (see src/ffa_desc.c).
 */
#define FFA_DESC_CHECK_BLOCK 1024u

/*
 * Semantic checks an SPMC makes on a decoded transaction (DEN0077 v1.1
 * §10, v1.2 §11, and what Hafnium's ffa_memory.c and the FF-A ACS check):
 * sender, receivers; attributes and permissions against the usage rules of
 * the transaction type (FFA_MEM_SHARE, _LEND or _DONATE) and the number of
 * receivers (v1.1 §10.10.2-4; every receiver is taken for a PE or proxy
 * endpoint); the send flags (v1.1 Table 10.21); page counts, alignment,
 * overlap. Appends issues to @rep. Returns 0 or the first FFA_RET_* found.
 */
int ffa_desc_check(const void *buf, size_t len, const struct ffa_mem_region *r,
		   uint32_t fn_num, uint16_t caller, struct ffa_desc_report *rep);

/*
 * ffa_desc_check() as an SPMC that does not apply the rules in @tolerate
 * (FFA_DESC_RULE_BIT mask) sees it: their issues are still reported, with
 * .tolerated set, but decide nothing. Returns 0 or the first FFA_RET_* of
 * an issue not tolerated.
 */
int ffa_desc_check_rules(const void *buf, size_t len,
			 const struct ffa_mem_region *r, uint32_t fn_num,
			 uint16_t caller, uint32_t tolerate,
			 struct ffa_desc_report *rep);

/*
 * The memory region attributes and the access permissions (each EMAD's) a
 * sender following DEN0077's usage rules (v1.1 §10.10.2 "Data access
 * permissions usage", §10.10.3 "Instruction access permissions usage",
 * §10.10.4 "Memory region attributes usage"; v1.2 §11.10.x) puts in a
 * send of @fn_num (FFA_MEM_SHARE, _LEND or _DONATE, or their function IDs)
 * to @receiver_count PE endpoints:
 *   share, lend to several: normal write-back inner-shareable memory (what
 *     Linux and U-Boot use; OP-TEE takes nothing else), read-write;
 *   lend to one borrower: attributes not specified (0), read-write;
 *   donate: neither specified (0, 0).
 * Instruction access is never specified. 0 for other functions.
 */
/*
 * The descriptor layout (FFA_VERSION_1_0/_1_1/_1_2) an SPMC reads from a
 * caller that negotiated @version; 1.1, the module's default, if none.
 */
uint32_t ffa_desc_layout_of(uint32_t version);

uint16_t ffa_desc_default_attributes(uint32_t fn_num, uint32_t receiver_count);
uint8_t ffa_desc_default_perm(uint32_t fn_num, uint32_t receiver_count);

struct ffa_relinquish {
	uint64_t handle;
	uint32_t flags;
	uint32_t endpoint_count;
	uint16_t endpoints[FFA_DESC_MAX_RECEIVERS];
};

size_t ffa_relinquish_encode(const struct ffa_relinquish *r, void *buf,
			     size_t cap);
int ffa_relinquish_decode(const void *buf, size_t len,
			  struct ffa_relinquish *out,
			  struct ffa_desc_report *rep);

/* Little-endian accessors the decoders use; bounds are the caller's job. */
static inline uint16_t ffa_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t ffa_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t ffa_le64(const uint8_t *p)
{
	return (uint64_t)ffa_le32(p) | (uint64_t)ffa_le32(p + 4) << 32;
}

static inline void ffa_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void ffa_put32(uint8_t *p, uint32_t v)
{
	ffa_put16(p, (uint16_t)v);
	ffa_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void ffa_put64(uint8_t *p, uint64_t v)
{
	ffa_put32(p, (uint32_t)v);
	ffa_put32(p + 4, (uint32_t)(v >> 32));
}

#endif /* FFA_DESC_H */
