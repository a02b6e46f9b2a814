// SPDX-License-Identifier: BSD-3-Clause
/*
 * FF-A memory transaction descriptors (DEN0077 v1.1 §10.11, v1.2 §11.11
 * "Memory transaction descriptor"): encoder, bounds-checked decoder and the
 * semantic checks an SPMC makes before it accepts FFA_MEM_SHARE, _LEND or
 * _DONATE.
 *
 * Freestanding: <stddef.h>, <stdint.h> and <string.h> (memcpy/memset) only,
 * so the SPMC model and the EL2 responder link this file too.
 *
 * Every offset read from a descriptor is range-checked in 64-bit arithmetic
 * before it is used: a u32 offset plus a u32 count times a 16- or 32-byte
 * element cannot wrap in 64 bits.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ffa/desc.h"
#include "ffa/ffa.h"

/* Where decode and check collect what they find. */
struct dctx {
	struct ffa_desc_report *rep;
	int32_t first; /* first FFA_RET_* recorded by this call, or 0 */
	uint32_t tolerate; /* FFA_DESC_RULE_BIT()s that decide nothing */
};

static const char *const rule_names[FFA_DESC_RULE_COUNT] = {
	[FFA_DESC_RULE_LAYOUT] = "layout",
	[FFA_DESC_RULE_SENDER_NOT_CALLER] = "sender-not-caller",
	[FFA_DESC_RULE_DONATE_RECEIVERS] = "donate-receivers",
	[FFA_DESC_RULE_RECEIVER_IS_SENDER] = "receiver-is-sender",
	[FFA_DESC_RULE_RECEIVER_TWICE] = "receiver-twice",
	[FFA_DESC_RULE_ATTR_NS] = "attr-ns",
	[FFA_DESC_RULE_ATTR_RESERVED] = "attr-reserved",
	[FFA_DESC_RULE_ATTR_USAGE] = "attr-usage",
	[FFA_DESC_RULE_ATTR_DEVICE] = "attr-device",
	[FFA_DESC_RULE_PERM_RESERVED] = "perm-reserved",
	[FFA_DESC_RULE_PERM_USAGE] = "perm-usage",
	[FFA_DESC_RULE_PAGES_ZERO] = "pages-zero",
	[FFA_DESC_RULE_CONS_UNALIGNED] = "cons-unaligned",
	[FFA_DESC_RULE_CONS_WRAP] = "cons-wrap",
	[FFA_DESC_RULE_CONS_OVERLAP] = "cons-overlap",
	[FFA_DESC_RULE_FLAGS] = "flags",
};

const char *ffa_desc_rule_name(uint32_t rule)
{
	return rule < FFA_DESC_RULE_COUNT ? rule_names[rule] : "?";
}

void ffa_desc_report_add(struct ffa_desc_report *rep, uint32_t offset,
			 const char *field, const char *problem,
			 int32_t ffa_error)
{
	struct ffa_desc_issue *is;
	size_t n;

	if (!rep)
		return;
	if (rep->count >= FFA_DESC_MAX_ISSUES) {
		rep->dropped++;
		return;
	}
	is = &rep->issue[rep->count++];
	is->offset = offset;
	n = 0;
	while (field && field[n] && n < FFA_DESC_FIELD_LEN - 1) {
		is->field[n] = field[n];
		n++;
	}
	is->field[n] = '\0';
	is->problem = problem;
	is->ffa_error = ffa_error;
	is->rule = FFA_DESC_RULE_LAYOUT;
	is->tolerated = 0;
}

/* Records an issue breaking @rule; only one not tolerated decides. */
static void note_rule(struct dctx *c, uint32_t rule, uint64_t off,
		      const char *field, const char *problem, int32_t err)
{
	bool tolerated = c->tolerate & FFA_DESC_RULE_BIT(rule);
	unsigned int at = c->rep ? c->rep->count : 0;

	if (!c->first && !tolerated)
		c->first = err;
	ffa_desc_report_add(c->rep, off > UINT32_MAX ? UINT32_MAX :
				    (uint32_t)off,
			    field, problem, err);
	if (c->rep && c->rep->count > at) {
		c->rep->issue[at].rule = rule;
		c->rep->issue[at].tolerated = tolerated;
	}
}

/* A layout issue: no SPMC tolerates those. */
static void note(struct dctx *c, uint64_t off, const char *field,
		 const char *problem, int32_t err)
{
	note_rule(c, FFA_DESC_RULE_LAYOUT, off, field, problem, err);
}

/* Appends @s to @dst (capacity FFA_DESC_FIELD_LEN) at *@n, truncating. */
static void fcat(char *dst, size_t *n, const char *s)
{
	while (*s && *n < FFA_DESC_FIELD_LEN - 1)
		dst[(*n)++] = *s++;
	dst[*n] = '\0';
}

/* Builds "<base>[<idx>]<member>", e.g. "emad[1].composite_off". */
static const char *fname(char *dst, const char *base, uint32_t idx,
			 const char *member)
{
	char num[11];
	size_t n = 0;
	int k = (int)sizeof(num) - 1;

	num[k] = '\0';
	do {
		num[--k] = (char)('0' + idx % 10);
		idx /= 10;
	} while (idx && k > 0);
	fcat(dst, &n, base);
	fcat(dst, &n, "[");
	fcat(dst, &n, &num[k]);
	fcat(dst, &n, "]");
	fcat(dst, &n, member);
	return dst;
}

/* Layout parameters of one descriptor version. */
static int layout(uint32_t version, uint32_t *hdr, uint32_t *emad)
{
	switch (version) {
	case FFA_VERSION_1_0:
		*hdr = FFA_MTD_V1_0_HDR_SIZE;
		*emad = FFA_EMAD_V1_0_SIZE;
		return 0;
	case FFA_VERSION_1_1:
		*hdr = FFA_MTD_V1_1_HDR_SIZE;
		*emad = FFA_EMAD_V1_0_SIZE;
		return 0;
	case FFA_VERSION_1_2:
		*hdr = FFA_MTD_V1_1_HDR_SIZE;
		*emad = FFA_EMAD_V1_2_SIZE;
		return 0;
	default:
		return -1;
	}
}

static uint64_t encoded_size(uint32_t hdr, uint32_t emad, uint32_t nrecv,
			     uint32_t ncons)
{
	return (uint64_t)hdr + (uint64_t)nrecv * emad + FFA_COMPOSITE_SIZE +
	       (uint64_t)ncons * FFA_CONSTITUENT_SIZE;
}

size_t ffa_desc_size(const struct ffa_mem_region *r)
{
	uint32_t hdr, emad;
	uint64_t sz;

	if (!r || layout(r->version, &hdr, &emad) ||
	    r->receiver_count > FFA_DESC_MAX_RECEIVERS)
		return 0;
	sz = encoded_size(hdr, emad, r->receiver_count, r->constituent_count);
	return sz > SIZE_MAX ? 0 : (size_t)sz;
}

size_t ffa_desc_encode(const struct ffa_mem_region *r,
		       const struct ffa_constituent *cons, uint32_t ncons,
		       void *buf, size_t cap)
{
	uint8_t *p = buf;
	uint32_t hdr, emad, comp, i;
	uint64_t sz, pages = 0;

	if (!r || !p || (ncons && !cons) || layout(r->version, &hdr, &emad) ||
	    r->receiver_count > FFA_DESC_MAX_RECEIVERS)
		return 0;
	sz = encoded_size(hdr, emad, r->receiver_count, ncons);
	if (sz > cap)
		return 0;
	memset(p, 0, (size_t)sz);

	ffa_put16(p + 0, r->sender);
	if (r->version == FFA_VERSION_1_0) {
		/* v1.0: attributes are one byte, byte 3 and u32 @24 reserved */
		p[2] = (uint8_t)r->attributes;
	} else {
		ffa_put16(p + 2, r->attributes);
		ffa_put32(p + 24, emad);
		ffa_put32(p + 32, hdr);
	}
	ffa_put32(p + 4, r->flags);
	ffa_put64(p + 8, r->handle);
	ffa_put64(p + 16, r->tag);
	ffa_put32(p + 28, r->receiver_count);

	/* One composite right after the EMADs, shared by every receiver. */
	comp = hdr + r->receiver_count * emad;
	for (i = 0; i < r->receiver_count; i++) {
		const struct ffa_emad *e = &r->receivers[i];
		uint8_t *q = p + hdr + i * emad;

		ffa_put16(q + 0, e->receiver);
		q[2] = e->perm;
		q[3] = e->flags;
		ffa_put32(q + 4, comp);
		/* v1.2: implementation-defined value @8, reserved @24. */
		if (emad == FFA_EMAD_V1_2_SIZE) {
			ffa_put64(q + FFA_EMAD_IMPDEF_OFF, e->impdef[0]);
			ffa_put64(q + FFA_EMAD_IMPDEF_OFF + 8, e->impdef[1]);
		}
	}

	for (i = 0; i < ncons; i++) {
		uint8_t *q = p + comp + FFA_COMPOSITE_SIZE +
			     i * FFA_CONSTITUENT_SIZE;

		ffa_put64(q + 0, cons[i].address);
		ffa_put32(q + 8, cons[i].page_count);
		pages += cons[i].page_count;
	}
	/* Non-zero caller values win so tests can build inconsistent ones. */
	ffa_put32(p + comp + 0,
		  r->total_pages ? r->total_pages : (uint32_t)pages);
	ffa_put32(p + comp + 4,
		  r->constituent_count ? r->constituent_count : ncons);
	return (size_t)sz;
}

/*
 * The EMAD size (u32 @24) and offset (u32 @32) exist only from v1.1 on
 * (DEN0077 v1.1 Table 10.20 "Memory transaction descriptor"): the offset is
 * the header's own choice, 16-byte aligned, 48 or more, not necessarily 48.
 * What a v1.0 header (v1.0 Table 5.19) has at those places:
 * - @24..27 a reserved word, MBZ: zero in every well-formed v1.0
 *   descriptor, where v1.1 needs 16 or 32. This is what tells them apart.
 * - @32..35 emad[0]'s receiver ID, permissions and flags, which read as an
 *   aligned offset within the buffer for some receivers (0x0040 with
 *   permissions not specified reads as 64): not a test on its own.
 * So v1.1+ iff at least 48 bytes, the EMAD size is 16 (v1.1) or 32 (v1.2)
 * and the offset is >= 48, 16-byte aligned and within the buffer (at its
 * end at most: a dump cut right after the header is still read as v1.1).
 * Only a v1.0 descriptor with a non-zero reserved word, malformed anyway,
 * can be taken for v1.1; every other v1.0 one is read as v1.0.
 */
uint32_t ffa_desc_guess_version(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t sz, off;

	if (!p || len < FFA_MTD_V1_1_HDR_SIZE)
		return FFA_VERSION_1_0;
	sz = ffa_le32(p + 24);
	off = ffa_le32(p + 32);
	if (off < FFA_MTD_V1_1_HDR_SIZE || off % 16 || off > len)
		return FFA_VERSION_1_0;
	if (sz == FFA_EMAD_V1_0_SIZE)
		return FFA_VERSION_1_1;
	if (sz == FFA_EMAD_V1_2_SIZE)
		return FFA_VERSION_1_2;
	return FFA_VERSION_1_0;
}

static int nonzero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 1;
	return 0;
}

/* The answer to almost every malformed descriptor. */
#define INVAL FFA_RET_INVALID_PARAMETERS

/*
 * The header. Returns 0 if the EMAD array can be walked (emad_size and
 * emad_off usable), -1 otherwise.
 */
static int decode_header(const uint8_t *p, struct ffa_mem_region *out,
			 struct dctx *c)
{
	int ok = 0;

	out->sender = ffa_le16(p + 0);
	out->flags = ffa_le32(p + 4);
	out->handle = ffa_le64(p + 8);
	out->tag = ffa_le64(p + 16);
	out->receiver_count = ffa_le32(p + 28);

	if (out->version == FFA_VERSION_1_0) {
		out->attributes = p[2];
		out->emad_size = FFA_EMAD_V1_0_SIZE;
		out->emad_off = FFA_MTD_V1_0_HDR_SIZE;
		if (p[3])
			note(c, 3, "header.reserved", "reserved byte not zero",
			     INVAL);
		if (ffa_le32(p + 24))
			note(c, 24, "header.reserved",
			     "reserved word not zero", INVAL);
	} else {
		out->attributes = ffa_le16(p + 2);
		out->emad_size = ffa_le32(p + 24);
		out->emad_off = ffa_le32(p + 32);
		/*
		 * 16 (v1.1) and 32 (v1.2) are accepted whichever version the
		 * caller named: SPMCs take the size from the descriptor.
		 */
		if (out->emad_size != FFA_EMAD_V1_0_SIZE &&
		    out->emad_size != FFA_EMAD_V1_2_SIZE) {
			note(c, 24, "emad_size",
			     "EMAD size is neither 16 (v1.1) nor 32 (v1.2)",
			     INVAL);
			ok = -1;
		}
		if (out->emad_off < FFA_MTD_V1_1_HDR_SIZE) {
			note(c, 32, "emad_off",
			     "EMAD offset points into the 48-byte header",
			     INVAL);
			ok = -1;
		} else if (out->emad_off % 16) {
			/*
			 * DEN0077 v1.1 Table 10.20: a 16-byte aligned offset
			 * (Hafnium refuses others too).
			 */
			note(c, 32, "emad_off",
			     "EMAD offset not 16-byte aligned", INVAL);
		}
		if (nonzero(p + 36, 12))
			note(c, 36, "header.reserved",
			     "reserved bytes 36..47 not zero", INVAL);
	}

	if (out->receiver_count == 0) {
		note(c, 28, "receiver_count", "no receivers", INVAL);
		ok = -1;
	} else if (out->receiver_count > FFA_DESC_MAX_RECEIVERS) {
		note(c, 28, "receiver_count",
		     "more receivers than supported (16)", INVAL);
	}
	return ok;
}

/*
 * The EMADs that lie within @len (at most FFA_DESC_MAX_RECEIVERS). Returns
 * how many were read.
 */
static uint32_t decode_emads(const uint8_t *p, size_t len,
			     struct ffa_mem_region *out, struct dctx *c)
{
	char f[FFA_DESC_FIELD_LEN];
	uint64_t end = (uint64_t)out->emad_off +
		       (uint64_t)out->receiver_count * out->emad_size;
	uint32_t n = out->receiver_count, i;
	/*
	 * The reserved u64 is the EMAD's last 8 bytes: @8 in the 16-byte
	 * EMAD, @24 in the 32-byte one, after the implementation-defined
	 * value (DEN0077 v1.1 Table 10.16, v1.2 Table 11.16 "Endpoint memory
	 * access descriptor").
	 */
	uint32_t rsvd = out->emad_size - 8;

	if (out->emad_off > len) {
		/* Only v1.1+ can get here: v1.0's EMADs follow the header. */
		note(c, 32, "emad_off",
		     "EMAD array starts past the end of the descriptor",
		     INVAL);
		return 0;
	}
	if (end > len) {
		uint32_t fit = (uint32_t)((len - out->emad_off) /
					  out->emad_size);

		note(c, (uint64_t)out->emad_off + (uint64_t)fit *
			 out->emad_size,
		     fname(f, "emad", fit, ""),
		     "EMAD array runs past the end of the descriptor",
		     INVAL);
		n = fit;
	}
	if (n > FFA_DESC_MAX_RECEIVERS)
		n = FFA_DESC_MAX_RECEIVERS;

	for (i = 0; i < n; i++) {
		const uint8_t *q = p + out->emad_off + (size_t)i *
						      out->emad_size;
		struct ffa_emad *e = &out->receivers[i];
		uint64_t at = (uint64_t)out->emad_off +
			      (uint64_t)i * out->emad_size;

		e->receiver = ffa_le16(q + 0);
		e->perm = q[2];
		e->flags = q[3];
		e->composite_off = ffa_le32(q + 4);
		if (out->emad_size == FFA_EMAD_V1_2_SIZE) {
			e->impdef[0] = ffa_le64(q + FFA_EMAD_IMPDEF_OFF);
			e->impdef[1] = ffa_le64(q + FFA_EMAD_IMPDEF_OFF + 8);
		}
		if (ffa_le64(q + rsvd))
			note(c, at + rsvd, fname(f, "emad", i, ".reserved"),
			     "reserved field not zero", INVAL);
		/* This tool (and Hafnium) keep one composite per region. */
		if (i && e->composite_off != out->receivers[0].composite_off)
			note(c, at + 4, fname(f, "emad", i, ".composite_off"),
			     "points at a different composite than emad[0]",
			     INVAL);
	}
	return n;
}

/* The composite of emad[0] and its constituents. */
static void decode_composite(const uint8_t *p, size_t len,
			     struct ffa_mem_region *out, struct dctx *c)
{
	char f[FFA_DESC_FIELD_LEN];
	uint32_t off = out->receivers[0].composite_off;
	uint32_t at = out->emad_off + 4; /* emad[0].composite_off */
	uint64_t emads_end = (uint64_t)out->emad_off +
			     (uint64_t)out->receiver_count * out->emad_size;
	uint64_t cons_end, sum = 0;
	uint32_t i, n;

	out->composite_off = off;
	if ((uint64_t)off + FFA_COMPOSITE_SIZE > len) {
		note(c, at, "emad[0].composite_off",
		     "composite runs past the end of the descriptor",
		     INVAL);
		return;
	}
	if (off < emads_end) {
		/* Hafnium: it must not overlap the header or the EMADs. */
		note(c, at, "emad[0].composite_off",
		     "composite overlaps the header or the EMADs", INVAL);
	}
	if (off % 8) {
		/* Hafnium reads it with 64-bit loads: 8-byte alignment. */
		note(c, at, "emad[0].composite_off",
		     "composite not 8-byte aligned", INVAL);
	}

	out->total_pages = ffa_le32(p + off);
	out->constituent_count = ffa_le32(p + off + 4);
	out->constituents_off = off + FFA_COMPOSITE_SIZE;
	if (ffa_le64(p + off + 8))
		note(c, off + 8, "composite.reserved",
		     "reserved field not zero", INVAL);

	n = out->constituent_count;
	cons_end = (uint64_t)out->constituents_off +
		   (uint64_t)n * FFA_CONSTITUENT_SIZE;
	if (cons_end > len) {
		note(c, off + 4, "composite.constituent_count",
		     "constituents run past the end of the descriptor",
		     INVAL);
		n = (uint32_t)((len - out->constituents_off) /
			       FFA_CONSTITUENT_SIZE);
	}

	for (i = 0; i < n; i++) {
		uint64_t q = (uint64_t)out->constituents_off +
			     (uint64_t)i * FFA_CONSTITUENT_SIZE;

		sum += ffa_le32(p + q + 8);
		if (ffa_le32(p + q + 12))
			note(c, q + 12, fname(f, "constituent", i, ".reserved"),
			     "reserved field not zero", INVAL);
	}
	/* A sum over a partial array would compare nothing meaningful. */
	if (n != out->constituent_count)
		return;
	if (sum > UINT32_MAX)
		note(c, off, "composite.total_pages",
		     "constituent page counts overflow 32 bits", INVAL);
	else if (sum != out->total_pages)
		note(c, off, "composite.total_pages",
		     "differs from the sum of constituent page counts",
		     INVAL);
}

int ffa_desc_decode(const void *buf, size_t len, uint32_t version,
		    struct ffa_mem_region *out, struct ffa_desc_report *rep)
{
	struct ffa_mem_region scratch;
	struct dctx c = { .rep = rep, .first = 0 };
	const uint8_t *p = buf;
	uint32_t hdr, emad;

	if (!out)
		out = &scratch;
	memset(out, 0, sizeof(*out));
	if (!p)
		len = 0;
	if (!version)
		version = ffa_desc_guess_version(p, len);
	out->version = version;
	if (layout(version, &hdr, &emad)) {
		note(&c, 0, "version", "unknown descriptor version",
		     FFA_RET_NOT_SUPPORTED);
		return c.first;
	}
	if (len < hdr) {
		note(&c, (uint32_t)len, "header",
		     "descriptor shorter than its header", INVAL);
		return c.first;
	}
	if (decode_header(p, out, &c) == 0 &&
	    decode_emads(p, len, out, &c) > 0)
		decode_composite(p, len, out, &c);
	return c.first;
}

int ffa_desc_constituent(const void *buf, size_t len,
			 const struct ffa_mem_region *r, uint32_t i,
			 struct ffa_constituent *out)
{
	const uint8_t *p = buf;
	uint64_t at;

	if (!p || !r || !out || i >= r->constituent_count ||
	    r->constituents_off == 0)
		return -1;
	at = (uint64_t)r->constituents_off + (uint64_t)i * FFA_CONSTITUENT_SIZE;
	if (at + FFA_CONSTITUENT_SIZE > len)
		return -1;
	out->address = ffa_le64(p + at);
	out->page_count = ffa_le32(p + at + 8);
	return 0;
}

/* ---- Semantic checks (what an SPMC refuses on a well-formed layout) ---- */

static uint32_t emad_at(const struct ffa_mem_region *r, uint32_t i)
{
	uint32_t size = r->emad_size, off = r->emad_off;

	if (!size)
		size = r->version == FFA_VERSION_1_2 ? FFA_EMAD_V1_2_SIZE :
						      FFA_EMAD_V1_0_SIZE;
	if (!off)
		off = r->version == FFA_VERSION_1_0 ? FFA_MTD_V1_0_HDR_SIZE :
						     FFA_MTD_V1_1_HDR_SIZE;
	return off + i * size;
}

static uint32_t nrecv(const struct ffa_mem_region *r)
{
	return r->receiver_count > FFA_DESC_MAX_RECEIVERS ?
		       FFA_DESC_MAX_RECEIVERS : r->receiver_count;
}

/*
 * Sender and receivers. Hafnium's ffa_memory_send_validate(): the sender must
 * be the caller, nobody shares with itself, no receiver twice; DEN0077
 * FFA_MEM_DONATE: exactly one borrower.
 */
static void check_endpoints(const struct ffa_mem_region *r, uint32_t fn,
			    uint16_t caller, struct dctx *c)
{
	char f[FFA_DESC_FIELD_LEN];
	uint32_t n = nrecv(r), i, j;

	if (r->sender != caller)
		note_rule(c, FFA_DESC_RULE_SENDER_NOT_CALLER, 0, "sender",
			  "sender is not the caller", FFA_RET_DENIED);
	if (fn == FFA_MEM_DONATE && r->receiver_count != 1)
		note_rule(c, FFA_DESC_RULE_DONATE_RECEIVERS, 28,
			  "receiver_count",
			  "FFA_MEM_DONATE takes exactly one receiver", INVAL);
	for (i = 0; i < n; i++) {
		uint16_t id = r->receivers[i].receiver;

		if (id == r->sender)
			note_rule(c, FFA_DESC_RULE_RECEIVER_IS_SENDER,
				  emad_at(r, i),
				  fname(f, "emad", i, ".receiver"),
				  "receiver is the sender", INVAL);
		for (j = 0; j < i; j++) {
			if (r->receivers[j].receiver == id) {
				note_rule(c, FFA_DESC_RULE_RECEIVER_TWICE,
					  emad_at(r, i),
					  fname(f, "emad", i, ".receiver"),
					  "receiver named twice", INVAL);
				break;
			}
		}
	}
}

/*
 * The four kinds of send the usage rules tell apart (DEN0077 v1.1 §10.10
 * "Memory region properties", v1.2 §11.10; v1.0 §5.11): a share (to any
 * number of borrowers), a lend to one borrower, a lend to several, a
 * donate (to one receiver: check_endpoints).
 */
enum send_kind { SEND_SHARE, SEND_LEND_ONE, SEND_LEND_MANY, SEND_DONATE };

static enum send_kind send_kind(uint32_t fn, uint32_t receiver_count)
{
	if (fn == FFA_MEM_SHARE)
		return SEND_SHARE;
	if (fn == FFA_MEM_DONATE)
		return SEND_DONATE;
	return receiver_count > 1 ? SEND_LEND_MANY : SEND_LEND_ONE;
}

/*
 * Whether the sender of @kind leaves the memory region attributes and the
 * instruction access to the relayer (rule 2 of §10.10.3 and of §10.10.4):
 * a donate or a lend to one borrower, when the receiver is a PE or proxy
 * endpoint. An independent peripheral device (a stream endpoint) may be
 * given them, but an endpoint ID does not say which kind it is: every
 * receiver is taken for a PE or proxy endpoint, as partitions are.
 */
static int receiver_decides(enum send_kind kind)
{
	return kind == SEND_LEND_ONE || kind == SEND_DONATE;
}

/*
 * Memory region attributes (DEN0077 v1.1 Table 10.18 "Memory region
 * attributes descriptor"): [5:4] type, [3:2] cacheability, [1:0]
 * shareability, bit 6 NS (MBZ from a sender: Hafnium and TF-A answer
 * INVALID_PARAMETERS), [15:7] reserved. Their usage (v1.1 §10.10.4, v1.2
 * §11.10.4 "Memory region attributes usage"; v1.0 §5.11.4):
 * - share, lend to several: the lender specifies the attributes the
 *   borrowers must use; the relayer validates them and answers DENIED if
 *   they fail (Hafnium: device memory, among others);
 * - donate, lend to one borrower: the owner must not specify them; the
 *   relayer answers INVALID_PARAMETERS if bits [5:4] are not b'00 (Linux
 *   commit 9dda117 "Don't set the memory region attributes for MEM_LEND";
 *   Hafnium ffa_memory_send_validate; ACS lend_input_error_checks1,
 *   donate_input_error_checks).
 */
static void check_attributes(const struct ffa_mem_region *r, uint32_t fn,
			     uint32_t receiver_count, struct dctx *c)
{
	static const char *const unspecified[] = {
		[SEND_SHARE] = "memory type not specified on FFA_MEM_SHARE",
		[SEND_LEND_MANY] = "memory type not specified on a lend to "
				   "several borrowers",
	};
	static const char *const specified[] = {
		[SEND_LEND_ONE] = "memory type specified on a lend to one "
				  "borrower",
		[SEND_DONATE] = "memory type specified on FFA_MEM_DONATE",
	};
	enum send_kind kind = send_kind(fn, receiver_count);
	uint32_t a = r->attributes;
	uint32_t type = (a & FFA_ATTR_TYPE_MASK) >> FFA_ATTR_TYPE_SHIFT;
	uint32_t cache = (a & FFA_ATTR_CACHE_MASK) >> FFA_ATTR_CACHE_SHIFT;
	uint32_t sh = a & FFA_ATTR_SH_MASK;

	if (a & FFA_ATTR_NS)
		note_rule(c, FFA_DESC_RULE_ATTR_NS, 2, "attributes",
			  "NS bit set (MBZ for senders)", INVAL);
	if (a & ~0x7Fu)
		note_rule(c, FFA_DESC_RULE_ATTR_RESERVED, 2, "attributes",
			  "reserved bits set", INVAL);
	if (receiver_decides(kind)) {
		if (type)
			note_rule(c, FFA_DESC_RULE_ATTR_USAGE, 2,
				  "attributes", specified[kind], INVAL);
		return;
	}
	switch (type) {
	case 0:
		/*
		 * The spec names no status for the omission; Hafnium's
		 * attribute validation answers DENIED, OP-TEE (exact match)
		 * INVALID_PARAMETERS, which is what we keep.
		 */
		note_rule(c, FFA_DESC_RULE_ATTR_USAGE, 2, "attributes",
			  unspecified[kind], INVAL);
		break;
	case 1:
		/*
		 * Hafnium answers DENIED for device memory in every send
		 * (ffa_memory_attributes_validate, ffa_send_check_transition).
		 */
		note_rule(c, FFA_DESC_RULE_ATTR_DEVICE, 2, "attributes",
			  "device memory cannot be sent", FFA_RET_DENIED);
		break;
	case 2:
		/* Table 10.18: "Reserved. Must not be used." */
		if (cache == 0 || cache == 2)
			note_rule(c, FFA_DESC_RULE_ATTR_RESERVED, 2,
				  "attributes",
				  "reserved cacheability for normal memory",
				  INVAL);
		if (sh == 1)
			note_rule(c, FFA_DESC_RULE_ATTR_RESERVED, 2,
				  "attributes", "reserved shareability",
				  INVAL);
		break;
	default:
		note_rule(c, FFA_DESC_RULE_ATTR_RESERVED, 2, "attributes",
			  "reserved memory type", INVAL);
		break;
	}
}

/*
 * Data access (DEN0077 v1.1 §10.10.2, v1.2 §11.10.2 "Data access
 * permissions usage"; v1.0 §5.11.2): the lender of a share or a lend
 * specifies the borrowers' level of access (Hafnium: INVALID_PARAMETERS
 * when it does not); the owner of a donate must not, else
 * INVALID_PARAMETERS (ACS donate_input_error_checks).
 */
static void check_data_access(uint32_t data, enum send_kind kind,
			      uint32_t at, const char *f, struct dctx *c)
{
	static const char *const unspecified[] = {
		[SEND_SHARE] = "data access not specified on FFA_MEM_SHARE",
		[SEND_LEND_ONE] = "data access not specified on FFA_MEM_LEND",
		[SEND_LEND_MANY] = "data access not specified on FFA_MEM_LEND",
	};

	if (data == 3)
		note_rule(c, FFA_DESC_RULE_PERM_RESERVED, at, f,
			  "reserved data access value", INVAL);
	else if (kind == SEND_DONATE && data)
		note_rule(c, FFA_DESC_RULE_PERM_USAGE, at, f,
			  "data access specified on FFA_MEM_DONATE", INVAL);
	else if (kind != SEND_DONATE && !data)
		note_rule(c, FFA_DESC_RULE_PERM_USAGE, at, f,
			  unspecified[kind], INVAL);
}

/*
 * Instruction access (DEN0077 v1.1 §10.10.3, v1.2 §11.10.3 "Instruction
 * access permissions usage"; v1.0 §5.11.3): in a share and a lend to
 * several borrowers only NX is used, and the lender leaves bits [3:2]
 * b'00 (the relayer reports NX when the borrower retrieves); in a donate
 * and a lend to one borrower the owner must not specify it, else
 * INVALID_PARAMETERS. So a sender never does: NX is refused as X is
 * (Hafnium ffa_memory_send_validate; ACS: share with NX, lend to two with
 * NX, lend to one with X, donate with X).
 */
static void check_instruction_access(uint32_t ins, enum send_kind kind,
				     uint32_t at, const char *f,
				     struct dctx *c)
{
	static const char *const specified[] = {
		[SEND_SHARE] = "instruction access specified on FFA_MEM_SHARE",
		[SEND_LEND_ONE] = "instruction access specified on a lend to "
				  "one borrower",
		[SEND_LEND_MANY] = "instruction access specified on a lend to "
				   "several borrowers",
		[SEND_DONATE] = "instruction access specified on "
				"FFA_MEM_DONATE",
	};

	if (ins == 3)
		note_rule(c, FFA_DESC_RULE_PERM_RESERVED, at, f,
			  "reserved instruction access value", INVAL);
	else if (ins)
		note_rule(c, FFA_DESC_RULE_PERM_USAGE, at, f, specified[kind],
			  INVAL);
}

/*
 * Memory access permissions of each EMAD (DEN0077 v1.1 Table 10.15
 * "Memory access permissions descriptor"): data [1:0] and instruction
 * [3:2] (b'00 not specified, b'11 reserved), [7:4] reserved; their usage
 * per kind of send above.
 */
static void check_permissions(const struct ffa_mem_region *r, uint32_t fn,
			      uint32_t receiver_count, struct dctx *c)
{
	enum send_kind kind = send_kind(fn, receiver_count);
	char f[FFA_DESC_FIELD_LEN];
	uint32_t n = nrecv(r), i;

	for (i = 0; i < n; i++) {
		uint8_t perm = r->receivers[i].perm;
		uint32_t at = emad_at(r, i) + 2;

		fname(f, "emad", i, ".perm");
		check_data_access(perm & FFA_PERM_DATA_MASK, kind, at, f, c);
		check_instruction_access((perm & FFA_PERM_INST_MASK) >>
					 FFA_PERM_INST_SHIFT, kind, at, f, c);
		if (perm & ~(FFA_PERM_DATA_MASK | FFA_PERM_INST_MASK))
			note_rule(c, FFA_DESC_RULE_PERM_RESERVED, at, f,
				  "reserved permission bits set", INVAL);
	}
}

/*
 * ---- Constituent overlap -------------------------------------------------
 *
 * A constituent that overlaps any earlier one is reported, once, at its own
 * index: what a scan of every pair finds, but a hostile descriptor can hold
 * a million constituents, so not by scanning every pair. There is no malloc
 * here and the buffer is read-only: constituents are taken in blocks of
 * FFA_DESC_CHECK_BLOCK, sorted as u16 indices on the stack (addresses are
 * read from the buffer each time, never copied):
 *
 * - Within a block, a merge sort by start address finds each constituent
 *   overlapping an earlier one of the block: merging the sorted halves
 *   [lo, mid) and [mid, hi), the earlier indices are all on the left, so a
 *   right one overlaps an earlier one iff a left one already taken ends
 *   past its start, or the next left one starts before its end. Every
 *   pair meets in exactly one merge: O(m log m). Input already in address
 *   order (the usual case) skips the sort: O(m).
 * - The constituents of a block that overlap nothing earlier in it are
 *   disjoint, so sorted they are a sorted list of disjoint ranges: each
 *   constituent of earlier blocks overlaps a contiguous run of them, found
 *   by binary search. That is skipped when nothing earlier ends past the
 *   block's lowest start (again the usual case), so sorted descriptors of
 *   any size cost O(n). Unsorted ones longer than a block cost
 *   O(n^2 / B * log B) for B = FFA_DESC_CHECK_BLOCK: the price of a bounded
 *   stack, still some B / (4 log B) times fewer steps than every pair.
 *
 * Constituents without pages or wrapping around take part in no overlap.
 */

#define OVL_FLAG 0x8000u /* in ord[]: overlaps an earlier constituent */
#define OVL_IDX(e) ((uint32_t)(e) & (OVL_FLAG - 1))

/* Sorting indices must leave room for the flag. */
_Static_assert(FFA_DESC_CHECK_BLOCK <= OVL_FLAG, "block too big for u16");
_Static_assert(FFA_DESC_CHECK_BLOCK % 32 == 0, "block not whole words");

struct ovl {
	const uint8_t *cons; /* constituent[0] */
	uint32_t base;       /* first index of the block */
	uint16_t *ord;       /* the block's valid indices - base, sorted */
	uint16_t *tmp;       /* as many again: merge output, then reach[] */
	uint32_t flags[FFA_DESC_CHECK_BLOCK / 32]; /* by index - base */
};

static uint64_t cons_start(const uint8_t *cons, uint32_t i)
{
	return ffa_le64(cons + (size_t)i * FFA_CONSTITUENT_SIZE);
}

/* End of constituent @i's range, or 0 if it has no pages or wraps. */
static uint64_t cons_end(const uint8_t *cons, uint32_t i, uint64_t start)
{
	uint64_t end = start + (uint64_t)ffa_le32(cons + (size_t)i *
						  FFA_CONSTITUENT_SIZE + 8) *
			       FFA_PAGE_SIZE;

	return end > start ? end : 0;
}

static void ovl_mark(struct ovl *o, uint32_t e)
{
	o->flags[OVL_IDX(e) / 32] |= 1u << (OVL_IDX(e) % 32);
}

static uint64_t ovl_start(const struct ovl *o, uint32_t e)
{
	return cons_start(o->cons, o->base + OVL_IDX(e));
}

static uint64_t ovl_end(const struct ovl *o, uint32_t e)
{
	uint32_t i = o->base + OVL_IDX(e);

	return cons_end(o->cons, i, cons_start(o->cons, i));
}

/* Merges sorted src[lo, mid) and src[mid, hi) into dst, flagging. */
static void ovl_merge(const struct ovl *o, const uint16_t *src, uint16_t *dst,
		      uint32_t lo, uint32_t mid, uint32_t hi)
{
	uint32_t i = lo, j = mid, k = lo;
	uint64_t ls = 0, rs = 0, maxend = 0;

	if (i < mid)
		ls = ovl_start(o, src[i]);
	if (j < hi)
		rs = ovl_start(o, src[j]);
	while (j < hi) {
		if (i < mid && ls <= rs) {
			uint64_t e = ovl_end(o, src[i]);

			if (e > maxend)
				maxend = e;
			dst[k++] = src[i++];
			if (i < mid)
				ls = ovl_start(o, src[i]);
			continue;
		}
		dst[k] = src[j];
		if (maxend > rs || (i < mid && ls < ovl_end(o, src[j])))
			dst[k] |= OVL_FLAG;
		k++;
		if (++j < hi)
			rs = ovl_start(o, src[j]);
	}
	while (i < mid)
		dst[k++] = src[i++];
}

/*
 * Sorts the @m indices in o->ord by start, flagging those overlapping an
 * earlier one. Returns the sorted array (o->ord or o->tmp).
 */
static uint16_t *ovl_sort(struct ovl *o, uint32_t m)
{
	uint16_t *src = o->ord, *dst = o->tmp, *t;
	uint32_t w, lo, mid, hi;

	for (w = 1; w < m; w *= 2) {
		for (lo = 0; lo < m; lo += 2 * w) {
			mid = lo + w < m ? lo + w : m;
			hi = lo + 2 * w < m ? lo + 2 * w : m;
			ovl_merge(o, src, dst, lo, mid, hi);
		}
		t = src;
		src = dst;
		dst = t;
	}
	return src;
}

/*
 * First of the @u sorted disjoint ranges in @d that ends after @addr
 * (@by_end) or starts at or after it. Disjoint and sorted, they are in
 * order of both start and end, so either is a binary search.
 */
static uint32_t first_past(const struct ovl *o, const uint16_t *d,
			   uint32_t u, uint64_t addr, int by_end)
{
	uint32_t lo = 0, hi = u, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (by_end ? ovl_end(o, d[mid]) > addr :
			     ovl_start(o, d[mid]) >= addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * Flags in @d (the block's @u constituents that overlap nothing earlier in
 * the block, sorted, hence disjoint) those overlapping a constituent of an
 * earlier block. reach[p] is the furthest end of a run of hits starting at
 * p, so that marking a run costs O(1) whatever its length.
 */
static void ovl_earlier(struct ovl *o, uint16_t *d, uint16_t *reach,
			uint32_t u)
{
	uint64_t lo_addr = ovl_start(o, d[0]), hi_addr = ovl_end(o, d[u - 1]);
	uint64_t s, e;
	uint32_t j, a, b, p, run = 0;

	memset(reach, 0, (size_t)u * sizeof(*reach));
	for (j = 0; j < o->base; j++) {
		s = cons_start(o->cons, j);
		e = cons_end(o->cons, j, s);
		if (!e || e <= lo_addr || s >= hi_addr)
			continue;
		a = first_past(o, d, u, s, 1);
		b = first_past(o, d, u, e, 0);
		if (a < b && b > reach[a])
			reach[a] = (uint16_t)b;
	}
	for (p = 0; p < u; p++) {
		if (reach[p] > run)
			run = reach[p];
		if (run > p)
			d[p] |= OVL_FLAG;
	}
}

/*
 * Fills o->flags for constituents [o->base, o->base + m). @before is the
 * highest end of any constituent before the block (0 if none); returns the
 * highest end including the block.
 */
static uint64_t ovl_block(struct ovl *o, uint32_t m, uint64_t before)
{
	uint64_t s, e, prev = 0, maxend = 0;
	uint32_t i, v = 0, u = 0;
	uint16_t *d, *other;
	int sorted = 1;

	for (i = 0; i < (m + 31) / 32; i++)
		o->flags[i] = 0;
	for (i = 0; i < m; i++) {
		s = cons_start(o->cons, o->base + i);
		e = cons_end(o->cons, o->base + i, s);
		if (!e)
			continue;
		o->ord[v] = (uint16_t)i;
		/* In address order the earlier ones are the ones before. */
		if (s < prev)
			sorted = 0;
		else if (s < maxend)
			o->ord[v] |= OVL_FLAG;
		prev = s;
		if (e > maxend)
			maxend = e;
		v++;
	}
	d = o->ord;
	other = o->tmp;
	if (!sorted) {
		for (i = 0; i < v; i++)
			o->ord[i] &= ~OVL_FLAG;
		d = ovl_sort(o, v);
		other = d == o->ord ? o->tmp : o->ord;
	}
	/* Keep the ones overlapping nothing in the block, in order. */
	for (i = 0; i < v; i++) {
		if (d[i] & OVL_FLAG)
			ovl_mark(o, d[i]);
		else
			d[u++] = d[i];
	}
	/* Nothing earlier reaching the lowest of them: no need to look. */
	if (u && before > ovl_start(o, d[0])) {
		ovl_earlier(o, d, other, u);
		for (i = 0; i < u; i++)
			if (d[i] & OVL_FLAG)
				ovl_mark(o, d[i]);
	}
	return maxend > before ? maxend : before;
}

/* Page counts, 4 KiB alignment and overlap of the constituents. */
static void check_pages(const void *buf, size_t len,
			const struct ffa_mem_region *r, struct dctx *c)
{
	uint16_t ord[FFA_DESC_CHECK_BLOCK], tmp[FFA_DESC_CHECK_BLOCK];
	char f[FFA_DESC_FIELD_LEN];
	struct ffa_constituent a;
	uint64_t at, before = 0;
	uint32_t i, n = 0, k;
	struct ovl o;

	if (r->total_pages == 0)
		note_rule(c, FFA_DESC_RULE_PAGES_ZERO, r->composite_off,
			  "composite.total_pages", "zero pages", INVAL);
	if (r->constituent_count == 0)
		note_rule(c, FFA_DESC_RULE_PAGES_ZERO, r->composite_off + 4,
			  "composite.constituent_count", "no constituents",
			  INVAL);

	/* Not zeroed as a whole: o.flags is cleared per block, as needed. */
	o.ord = ord;
	o.tmp = tmp;
	o.cons = NULL;
	o.base = 0;
	/* The constituents ffa_desc_constituent() can read. */
	if (buf && r->constituents_off && r->constituents_off <= len) {
		uint64_t fit = (len - r->constituents_off) /
			       FFA_CONSTITUENT_SIZE;

		n = fit < r->constituent_count ? (uint32_t)fit :
						 r->constituent_count;
		o.cons = (const uint8_t *)buf + r->constituents_off;
	}
	for (i = 0; i < n; i++) {
		k = i % FFA_DESC_CHECK_BLOCK;
		/* A lone constituent overlaps nothing: the common case. */
		if (k == 0 && n > 1) {
			o.base = i;
			before = ovl_block(&o, n - i < FFA_DESC_CHECK_BLOCK ?
					   n - i : FFA_DESC_CHECK_BLOCK,
					   before);
		}
		ffa_desc_constituent(buf, len, r, i, &a);
		at = (uint64_t)r->constituents_off +
		     (uint64_t)i * FFA_CONSTITUENT_SIZE;
		if (a.page_count == 0)
			note_rule(c, FFA_DESC_RULE_PAGES_ZERO, at + 8,
				  fname(f, "constituent", i, ".page_count"),
				  "zero pages", INVAL);
		if (a.address % FFA_PAGE_SIZE)
			note_rule(c, FFA_DESC_RULE_CONS_UNALIGNED, at,
				  fname(f, "constituent", i, ".address"),
				  "address not 4 KiB aligned", INVAL);
		if (a.address + (uint64_t)a.page_count * FFA_PAGE_SIZE <
		    a.address) {
			note_rule(c, FFA_DESC_RULE_CONS_WRAP, at,
				  fname(f, "constituent", i, ".address"),
				  "range wraps around the address space",
				  INVAL);
			continue;
		}
		if (n > 1 && o.flags[k / 32] & 1u << (k % 32))
			note_rule(c, FFA_DESC_RULE_CONS_OVERLAP, at,
				  fname(f, "constituent", i, ".address"),
				  "overlaps an earlier constituent", INVAL);
	}
}

/*
 * Flags of a send (DEN0077 v1.1 Table 10.21, v1.0 Table 5.20 "Flags usage
 * in FFA_MEM_DONATE, FFA_MEM_LEND and FFA_MEM_SHARE ABIs"): bit 0 zero
 * memory, MBZ in FFA_MEM_SHARE (the sender keeps access) or
 * INVALID_PARAMETERS; bit 1 time slicing; bits [31:2] MBZ. Bit 2 (zero
 * after relinquish) and bits [4:3] (transaction type) exist only in a
 * retrieve request (Table 10.22). Time slicing is MBZ where the relayer
 * does not support it: that is the SPMC's to say, not the descriptor's.
 */
static void check_flags(const struct ffa_mem_region *r, uint32_t fn,
			struct dctx *c)
{
	if ((r->flags & FFA_MTD_FLAG_ZERO) && fn == FFA_MEM_SHARE)
		note_rule(c, FFA_DESC_RULE_FLAGS, 4, "flags",
			  "zero-memory flag set on FFA_MEM_SHARE", INVAL);
	if (r->flags & ~FFA_MTD_SEND_FLAGS_VALID)
		note_rule(c, FFA_DESC_RULE_FLAGS, 4, "flags",
			  "bits [31:2] set (MBZ in a send)", INVAL);
}

int ffa_desc_check(const void *buf, size_t len,
		   const struct ffa_mem_region *r, uint32_t fn_num,
		   uint16_t caller, struct ffa_desc_report *rep)
{
	return ffa_desc_check_rules(buf, len, r, fn_num, caller, 0, rep);
}

int ffa_desc_check_rules(const void *buf, size_t len,
			 const struct ffa_mem_region *r, uint32_t fn_num,
			 uint16_t caller, uint32_t tolerate,
			 struct ffa_desc_report *rep)
{
	struct dctx c = { .rep = rep, .first = 0, .tolerate = tolerate };
	uint32_t fn = FFA_FN_NUM(fn_num);

	if (!r)
		return INVAL;
	if (fn != FFA_MEM_SHARE && fn != FFA_MEM_LEND && fn != FFA_MEM_DONATE) {
		note(&c, 0, "function", "not FFA_MEM_SHARE, _LEND or _DONATE",
		     FFA_RET_NOT_SUPPORTED);
		return c.first;
	}
	check_endpoints(r, fn, caller, &c);
	check_attributes(r, fn, r->receiver_count, &c);
	check_permissions(r, fn, r->receiver_count, &c);
	check_pages(buf, len, r, &c);
	check_flags(r, fn, &c);
	return c.first;
}

/* ---- Relinquish descriptor (DEN0077 FFA_MEM_RELINQUISH) ---- */

size_t ffa_relinquish_encode(const struct ffa_relinquish *r, void *buf,
			     size_t cap)
{
	uint8_t *p = buf;
	size_t sz;
	uint32_t i;

	if (!r || !p || r->endpoint_count > FFA_DESC_MAX_RECEIVERS)
		return 0;
	sz = FFA_RELINQUISH_HDR_SIZE + 2 * (size_t)r->endpoint_count;
	if (sz > cap)
		return 0;
	ffa_put64(p + 0, r->handle);
	ffa_put32(p + 8, r->flags);
	ffa_put32(p + 12, r->endpoint_count);
	for (i = 0; i < r->endpoint_count; i++)
		ffa_put16(p + FFA_RELINQUISH_HDR_SIZE + 2 * i,
			  r->endpoints[i]);
	return sz;
}

int ffa_relinquish_decode(const void *buf, size_t len,
			  struct ffa_relinquish *out,
			  struct ffa_desc_report *rep)
{
	struct ffa_relinquish scratch;
	struct dctx c = { .rep = rep, .first = 0 };
	const uint8_t *p = buf;
	uint32_t n, i;

	if (!out)
		out = &scratch;
	memset(out, 0, sizeof(*out));
	if (!p || len < FFA_RELINQUISH_HDR_SIZE) {
		note(&c, p ? (uint32_t)len : 0, "header",
		     "descriptor shorter than its 16-byte header", INVAL);
		return c.first;
	}
	out->handle = ffa_le64(p + 0);
	out->flags = ffa_le32(p + 8);
	out->endpoint_count = n = ffa_le32(p + 12);
	/* Bit 0 zero after relinquish, bit 1 time slicing; rest MBZ. */
	if (out->flags & ~3u)
		note(&c, 8, "flags", "reserved flag bits set", INVAL);
	if (n == 0) {
		note(&c, 12, "endpoint_count", "no endpoints", INVAL);
	} else if (n > FFA_DESC_MAX_RECEIVERS) {
		note(&c, 12, "endpoint_count",
		     "more endpoints than supported (16)", INVAL);
		n = FFA_DESC_MAX_RECEIVERS;
	}
	if (FFA_RELINQUISH_HDR_SIZE + 2 * (uint64_t)out->endpoint_count >
	    len) {
		note(&c, 12, "endpoint_count",
		     "endpoint IDs run past the end of the descriptor",
		     INVAL);
		n = (uint32_t)((len - FFA_RELINQUISH_HDR_SIZE) / 2);
		if (n > FFA_DESC_MAX_RECEIVERS)
			n = FFA_DESC_MAX_RECEIVERS;
	}
	for (i = 0; i < n; i++)
		out->endpoints[i] = ffa_le16(p + FFA_RELINQUISH_HDR_SIZE +
					     2 * i);
	return c.first;
}

uint32_t ffa_desc_layout_of(uint32_t version)
{
	if (version == FFA_VERSION_1_0 || version == FFA_VERSION_1_1)
		return version;
	/* Not a 1.x version: none was negotiated. */
	if (FFA_VERSION_MAJOR(version) < 1)
		return FFA_VERSION_1_1;
	return FFA_VERSION_1_2;
}

/* ---- What a sender puts in by default (DEN0077 v1.1 §10.10.2-4) ---- */

uint16_t ffa_desc_default_attributes(uint32_t fn_num, uint32_t receiver_count)
{
	uint32_t fn = FFA_FN_NUM(fn_num);

	/* Specified by the lender of a share or of a lend to several. */
	if (fn == FFA_MEM_SHARE ||
	    (fn == FFA_MEM_LEND && receiver_count > 1))
		return FFA_ATTR_NORMAL_WB_INNER;
	/* Not specified in a lend to one borrower or a donate. */
	return 0;
}

uint8_t ffa_desc_default_perm(uint32_t fn_num, uint32_t receiver_count)
{
	uint32_t fn = FFA_FN_NUM(fn_num);

	(void)receiver_count;
	/*
	 * Data access: specified in a share or a lend, not in a donate;
	 * instruction access: never (the relayer decides, NX for a share).
	 */
	if (fn == FFA_MEM_SHARE || fn == FFA_MEM_LEND)
		return FFA_PERM_RW;
	return 0;
}
