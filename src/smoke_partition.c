// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which partition the smoke suite addresses, and what it can ask of it.
 *
 * Sending memory to a partition and reclaiming it needs nothing from the
 * partition, so those cases run against any secure partition the firmware
 * lists: OP-TEE, a TSP, ours. Only the cases where the borrower acts
 * (retrieve, write, checksum, relinquish) need a partition speaking a test
 * protocol ffactl knows, recognised by its UUID.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "model.h"
#include "result.h"
#include "smoke.h"

/*
 * Partition properties (DEN0077 partition information descriptor): bit 0
 * receives direct requests, bit 1 sends them, bit 2 indirect messaging.
 */
#define PROP_DIRECT_REQ_RECV (1u << 0)
#define PROP_MESSAGING_MASK 0x7u
#define PROP_INDIRECT_ONLY (1u << 2)

/* Bytes of partition descriptors one listing may bring back. */
#define LIST_CAP 4096u

static const struct smoke_proto protos[] = {
	{ "ffactl", "ffactl's test partition", FFA_MODEL_TEST_SP_UUID_STR,
	  SMOKE_PROTO_FFACTL, SMOKE_NEED_ECHO | SMOKE_NEED_HOLD |
		  SMOKE_NEED_WRITE | SMOKE_NEED_CHECKSUM | SMOKE_NEED_CYCLE |
		  SMOKE_NEED_RETRIEVE_WITH | SMOKE_NEED_SP_FEATURES },
	/*
	 * The second one speaks the same protocol under its own UUID.
	 * After the first in this table: the one-partition cases address
	 * 0x8001 whatever order the firmware lists them in.
	 */
	{ "ffactl", "ffactl's second test partition",
	  FFA_MODEL_TEST_SP2_UUID_STR, SMOKE_PROTO_FFACTL,
	  SMOKE_NEED_ECHO | SMOKE_NEED_HOLD | SMOKE_NEED_WRITE |
		  SMOKE_NEED_CHECKSUM | SMOKE_NEED_CYCLE },
	/*
	 * TF-A's TSP retrieves, writes and relinquishes in one request, so
	 * it cannot hold a region while the owner tries something else.
	 */
	{ "tsp", "TF-A's TSP", FFA_MODEL_TSP_UUID_STR, SMOKE_PROTO_TSP,
	  SMOKE_NEED_ECHO | SMOKE_NEED_CYCLE },
};

/* UUIDs known to belong to partitions that speak no test protocol. */
static const struct {
	const char *uuid;
	const char *who;
} ordinary[] = {
	{ FFA_MODEL_OPTEE_UUID_STR, "OP-TEE" },
};

unsigned int smoke_proto_count(void)
{
	return sizeof(protos) / sizeof(protos[0]);
}

const struct smoke_proto *smoke_proto_at(unsigned int i)
{
	return i < smoke_proto_count() ? &protos[i] : NULL;
}

static const struct smoke_proto *proto_of(const uint32_t uuid[4])
{
	uint32_t w[4];

	for (unsigned int i = 0; i < smoke_proto_count(); i++)
		if (!ffa_uuid_parse(protos[i].uuid, w) &&
		    !memcmp(w, uuid, sizeof(w)))
			return &protos[i];
	return NULL;
}

static const char *ordinary_name(const uint32_t uuid[4])
{
	uint32_t w[4];

	for (size_t i = 0; i < sizeof(ordinary) / sizeof(ordinary[0]); i++)
		if (!ffa_uuid_parse(ordinary[i].uuid, w) &&
		    !memcmp(w, uuid, sizeof(w)))
			return ordinary[i].who;
	return NULL;
}

static bool listed_ok(uint32_t fid, const struct ffa_regs *r)
{
	struct result_status st;

	result_classify(fid, r, &st);
	return st.kind == RESULT_OK;
}

/* One entry of a listing, as far as the descriptor size carries it. */
struct entry {
	uint16_t id;
	uint16_t exec_ctx;
	uint32_t props;
	bool have_uuid;
	uint32_t uuid[4];
};

static void read_entry(const uint8_t *d, uint32_t size, struct entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = ffa_le16(d);
	e->exec_ctx = ffa_le16(d + 2);
	e->props = ffa_le32(d + 4);
	/* v1.1+ descriptors (24 bytes) carry the UUID at 8 (DEN0077 §6.2). */
	if (size >= 24) {
		e->have_uuid = true;
		for (int j = 0; j < 4; j++)
			e->uuid[j] = ffa_le32(d + 8 + 4 * j);
	}
}

/*
 * A v1.0 listing carries no UUIDs: ask for each known protocol's UUID
 * and mark the entry that answers.
 */
static int find_by_uuid(struct ffactl_backend *be, const struct smoke_proto *p,
			uint16_t *id)
{
	uint32_t uuid[4];
	struct ffa_regs r;
	uint8_t buf[64];
	size_t len = 0;
	int rc;

	if (ffa_uuid_parse(p->uuid, uuid))
		return 0;
	rc = be->ops->partition_info(be, uuid, 0, &r, buf, sizeof(buf), &len);
	/*
	 * The module's driver transport cannot tell "no such UUID" from an
	 * error (the in-tree driver says -ENOENT for both): not this one.
	 */
	if (rc == -EREMOTEIO)
		return 0;
	if (rc < 0)
		return rc;
	if (!listed_ok(FFA_FN_SMC32(FFA_PARTITION_INFO_GET), &r) ||
	    !(uint32_t)r.a[2] || len < 2)
		return 0;
	*id = ffa_le16(buf);
	return 1;
}

static void take(struct smoke_partition *p, const struct entry *e,
		 const struct smoke_proto *proto)
{
	p->found = true;
	p->id = e->id;
	p->props = e->props;
	p->exec_ctx = e->exec_ctx;
	p->have_uuid = e->have_uuid;
	memcpy(p->uuid, e->uuid, sizeof(p->uuid));
	p->proto = proto;
}

/* "UUID 4861..., OP-TEE" or "no UUID in a v1.0 listing". */
static void describe(const struct smoke_partition *p, char *out, size_t cap)
{
	char u[FFA_UUID_STR_LEN + 1];
	const char *who;

	if (!p->have_uuid) {
		snprintf(out, cap, "no UUID in a v1.0 listing");
		return;
	}
	ffa_uuid_format(p->uuid, u);
	who = p->proto ? NULL : ordinary_name(p->uuid);
	snprintf(out, cap, "UUID %s%s%s", u, who ? ", " : "", who ? who : "");
}

/*
 * Asks each known protocol's UUID for @p when its listing carried none.
 * With @kind_of, only protocols of that protocol's kind.
 */
static int ask_protocol(struct smoke_ctx *c, struct smoke_partition *p,
			const struct smoke_proto *kind_of)
{
	if (!p->found || p->have_uuid || p->proto)
		return 0;
	for (unsigned int i = 0; i < smoke_proto_count(); i++) {
		uint16_t id;
		int rc;

		if (kind_of && protos[i].kind != kind_of->kind)
			continue;
		rc = find_by_uuid(c->be, &protos[i], &id);
		if (rc < 0)
			return rc;
		if (rc && id == p->id) {
			p->proto = &protos[i];
			break;
		}
	}
	return 0;
}

/*
 * The second borrower (c->part2) and the partition that takes no direct
 * requests (c->quiet), from the listing @buf of @n entries of @size,
 * once c->part is chosen: each the first in listing order that fits, so
 * the choice is the same on every run.
 */
static void pick_others(struct smoke_ctx *c, const uint8_t *buf, size_t len,
			uint32_t n, uint32_t size)
{
	const struct smoke_partition *p = &c->part;
	bool same_kind = false;
	struct entry e;

	for (uint32_t i = 0; i < n && size >= 8 &&
	     (uint64_t)(i + 1) * size <= len; i++) {
		const struct smoke_proto *proto;
		bool kind;

		read_entry(buf + (size_t)i * size, size, &e);
		if (e.id == c->self_id)
			continue;
		if (!c->quiet.found &&
		    !(e.props & PROP_DIRECT_REQ_RECV)) {
			take(&c->quiet, &e, NULL);
			describe(&c->quiet, c->quiet.why, sizeof(c->quiet.why));
		}
		if (e.id == p->id || !(e.id & FFA_ID_SECURE_BIT))
			continue;
		proto = e.have_uuid ? proto_of(e.uuid) : NULL;
		kind = proto && p->proto && proto->kind == p->proto->kind;
		if (!c->part2.found || (kind && !same_kind)) {
			take(&c->part2, &e, proto);
			same_kind = kind;
		}
	}
}

int smoke_pick_partition(struct smoke_ctx *c, int want_id)
{
	static const uint32_t nil[4];
	struct smoke_partition *p = &c->part;
	struct entry e, first_secure = { 0 };
	bool have_secure = false;
	uint8_t buf[LIST_CAP];
	struct ffa_regs r;
	uint32_t n, size;
	size_t len = 0;
	char d[96];
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&c->part2, 0, sizeof(c->part2));
	memset(&c->quiet, 0, sizeof(c->quiet));
	rc = c->be->ops->partition_info(c->be, nil, 0, &r, buf, sizeof(buf),
					&len);
	if (rc < 0)
		return rc;
	n = listed_ok(FFA_FN_SMC32(FFA_PARTITION_INFO_GET), &r) ?
		    (uint32_t)r.a[2] : 0;
	/* v1.0 answers no size: its descriptors are 8 bytes. */
	size = (uint32_t)r.a[3] ? (uint32_t)r.a[3] : 8;
	for (uint32_t i = 0; i < n && size >= 8 && (uint64_t)(i + 1) * size <=
	     len; i++) {
		const struct smoke_proto *proto;

		read_entry(buf + (size_t)i * size, size, &e);
		proto = e.have_uuid ? proto_of(e.uuid) : NULL;
		if (want_id >= 0) {
			if (e.id != want_id)
				continue;
			take(p, &e, proto);
			describe(p, d, sizeof(d));
			snprintf(p->why, sizeof(p->why),
				 "chosen with --partition (%s)", d);
			break;
		}
		if (proto && (!p->found || !p->proto ||
			      proto < p->proto)) {
			take(p, &e, proto);
			continue;
		}
		if (!have_secure && (e.id & FFA_ID_SECURE_BIT)) {
			first_secure = e;
			have_secure = true;
		}
	}
	if (want_id >= 0) {
		if (!p->found) {
			snprintf(p->why, sizeof(p->why),
				 "--partition 0x%04x: the firmware lists no "
				 "such partition (%u listed)",
				 (unsigned int)want_id, n);
			return -ENOENT;
		}
	} else if (p->found) {
		describe(p, d, sizeof(d));
		snprintf(p->why, sizeof(p->why), "speaks %s's test protocol (%s)",
			 p->proto->name, d);
	} else if (have_secure) {
		take(p, &first_secure, NULL);
		describe(p, d, sizeof(d));
		snprintf(p->why, sizeof(p->why),
			 "the first secure partition listed (%s)", d);
	} else {
		snprintf(p->why, sizeof(p->why),
			 "none: the firmware lists no secure partition");
	}
	/* Without UUIDs in the listing, a protocol is found by asking. */
	rc = ask_protocol(c, p, NULL);
	if (rc < 0)
		return rc;
	if (!p->found)
		return 0;
	pick_others(c, buf, len, n, size);
	rc = ask_protocol(c, &c->part2, p->proto);
	if (rc < 0)
		return rc;
	if (!c->part2.found)
		snprintf(c->part2.why, sizeof(c->part2.why),
			 "none: no other secure partition is listed");
	if (c->part2.found) {
		describe(&c->part2, d, sizeof(d));
		if (c->part2.proto)
			snprintf(c->part2.why, sizeof(c->part2.why),
				 "speaks %s's test protocol (%s)",
				 c->part2.proto->name, d);
		else
			snprintf(c->part2.why, sizeof(c->part2.why),
				 "the next secure partition listed (%s)", d);
	}
	return 0;
}

/* The first capability in @missing, in words. */
static const char *need_words(uint32_t missing)
{
	/* First: the one only ffactl's test partition serves. */
	if (missing & SMOKE_NEED_RETRIEVE_WITH)
		return "retrieves and relinquishes with request fields of "
		       "ffactl's choosing (ffactl's test partition only)";
	if (missing & SMOKE_NEED_SP_FEATURES)
		return "asks FFA_FEATURES and reports the answer "
		       "(ffactl's test partition only)";
	if (missing & SMOKE_NEED_HOLD)
		return "holds a region it retrieved";
	if (missing & SMOKE_NEED_WRITE)
		return "writes a region it holds";
	if (missing & SMOKE_NEED_CHECKSUM)
		return "reads a region it holds back";
	if (missing & SMOKE_NEED_CYCLE)
		return "retrieves, writes and relinquishes a region";
	return "echoes a payload";
}

/* The two-borrower and no-direct-request needs; false if all are met. */
static bool others_lack(const struct smoke_ctx *c, uint32_t needs, char *why,
			size_t cap)
{
	const struct smoke_partition *p = &c->part, *q = &c->part2;
	uint32_t missing;

	if ((needs & SMOKE_NEED_NO_DIRECT) && !c->quiet.found) {
		snprintf(why, cap, "needs a partition that does not take "
			 "direct requests; every one listed does");
		return true;
	}
	if ((needs & SMOKE_NEED_INDIRECT_ONLY) &&
	    (!c->quiet.found ||
	     (c->quiet.props & PROP_MESSAGING_MASK) != PROP_INDIRECT_ONLY)) {
		snprintf(why, cap, "needs a partition that supports indirect "
			 "messaging only; none is listed");
		return true;
	}
	if (!(needs & (SMOKE_NEED_SECOND | SMOKE_NEED_TWO)))
		return false;
	if (!q->found) {
		snprintf(why, cap, "needs a second borrower; the firmware "
			 "lists one secure partition");
		return true;
	}
	if (!(needs & SMOKE_NEED_TWO))
		return false;
	missing = needs & SMOKE_NEED_PROTOCOL & ~(q->proto ? q->proto->caps :
						  0);
	if (!missing && q->proto && p->proto && q->proto->kind ==
	    p->proto->kind)
		return false;
	snprintf(why, cap, "needs a second borrower that %s; partition "
		 "0x%04x speaks %s%s", need_words(missing ? missing :
						  needs & SMOKE_NEED_PROTOCOL),
		 q->id, q->proto ? q->proto->name : "no test protocol ffactl "
		 "knows", q->proto ? "'s protocol, without it" : "");
	return true;
}

bool smoke_partition_lacks(const struct smoke_ctx *c, uint32_t needs,
			   char *why, size_t cap)
{
	const struct smoke_partition *p = &c->part;
	uint32_t missing;

	if (!needs)
		return false;
	if ((needs & (SMOKE_NEED_NO_DIRECT | SMOKE_NEED_INDIRECT_ONLY)) &&
	    !(needs & SMOKE_NEED_PARTITION))
		return others_lack(c, needs, why, cap);
	if (!p->found) {
		snprintf(why, cap, "no secure partition to address");
		return true;
	}
	if ((needs & SMOKE_NEED_UUID) && !p->have_uuid) {
		snprintf(why, cap, "the UUID of partition 0x%04x is unknown "
			 "(a v1.0 listing carries none)", p->id);
		return true;
	}
	/* No second borrower at all says more than what the first lacks. */
	if ((needs & (SMOKE_NEED_SECOND | SMOKE_NEED_TWO)) && !c->part2.found)
		return others_lack(c, needs, why, cap);
	missing = needs & SMOKE_NEED_PROTOCOL &
		  ~(p->proto ? p->proto->caps : 0);
	if (!missing)
		return others_lack(c, needs, why, cap);
	if (p->proto)
		snprintf(why, cap, "needs a borrower that %s; %s's protocol "
			 "on partition 0x%04x has none", need_words(missing),
			 p->proto->name, p->id);
	else
		snprintf(why, cap, "needs a borrower that %s; partition "
			 "0x%04x speaks no test protocol ffactl knows",
			 need_words(missing), p->id);
	return true;
}
