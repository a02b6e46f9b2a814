// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl explore: one operation on one side (the target backend, or the
 * reference model), through the backend ops only, so the same code drives
 * both. What an operation comes to is its status plus, where both sides
 * can see it, one observable (a borrower's answer, the word read back).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"
#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "model.h"
#include "result.h"
#include "sim.h"
#include "smoke.h"

/* A handle nobody hands out, and an endpoint nobody has (smoke's too). */
#define UNKNOWN_HANDLE 0x0000dead0000beefull
#define UNKNOWN_ID 0x8ffeu
/* Bogus addresses for constituents sent as is: never RAM of ours. */
#define BOGUS_PAGE 0x7fff0000ull
/* What the owner writes into the pages it sends. */
#define OWNER_PATTERN 0xa5a5a5a5u

int explore_side_init(struct xside *s, struct ffactl_backend *be,
		      uint16_t part_id, const uint32_t part_uuid[4],
		      uint32_t proto, uint32_t n)
{
	struct negotiated_version nv;
	struct ffa_regs r = { { FFA_FN_SMC32(FFA_ID_GET) } };
	int rc;

	memset(s, 0, sizeof(*s));
	s->be = be;
	s->part_id = part_id;
	s->verdict_profile = UINT32_MAX;
	memcpy(s->part_uuid, part_uuid, sizeof(s->part_uuid));
	s->proto = proto;
	s->handles = calloc(n ? n : 1, sizeof(*s->handles));
	s->live = calloc(n ? n : 1, sizeof(*s->live));
	s->held = calloc(n ? n : 1, sizeof(*s->held));
	if (!s->handles || !s->live || !s->held) {
		explore_side_free(s);
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	rc = be->ops->call(be, &r);
	if (rc < 0)
		return rc;
	s->self_id = (uint32_t)r.a[0] == FFA_FN_SMC32(FFA_SUCCESS) ?
			     (uint16_t)r.a[2] : 0;
	if (be->ops->negotiated(be, &nv) == 0)
		s->found_nego = nv.version;
	return 0;
}

void explore_side_free(struct xside *s)
{
	free(s->handles);
	free(s->live);
	free(s->held);
	s->handles = NULL;
	s->live = NULL;
	s->held = NULL;
}

/* 0, an FFA_RET_* code, or XOUT_VIOLATION. */
static int32_t status_of(uint32_t fid, const struct ffa_regs *r)
{
	return result_code(fid, r, XOUT_VIOLATION);
}

static void record(struct xout *o, uint32_t fid, const struct ffa_regs *r)
{
	o->fid = fid;
	o->regs = *r;
	o->status = status_of(fid, r);
}

/* The backend did not call at all: an outcome too, with its reason. */
static int backend_refused(struct xside *s, struct xout *o, int rc)
{
	/* Only "cannot do this" is an outcome; anything else stops the run. */
	if (rc != -EOPNOTSUPP && rc != -EINVAL)
		return rc;
	o->status = XOUT_BACKEND;
	snprintf(o->why, sizeof(o->why), "%s", s->be->errmsg);
	return 0;
}

/* The handle op @ops[i] names on side @s. */
static uint64_t handle_of(const struct xside *s, const struct xop *op)
{
	uint64_t h = op->href == XH_UNKNOWN ? 0 :
		     s->handles[op->ref - s->base];

	if (!h)
		return UNKNOWN_HANDLE;
	return op->href == XH_FLIP63 ? h ^ FFA_HANDLE_HYP : h;
}

static uint32_t layout_now(const struct xside *s, const struct xop *op)
{
	struct negotiated_version nv = { 0 };

	if (op->desc_version != XOP_DEFAULT)
		return op->desc_version;
	s->be->ops->negotiated(s->be, &nv);
	return ffa_desc_layout_of(nv.version);
}

static uint32_t receivers(const struct xside *s, const struct xop *op,
			  uint16_t *ids)
{
	switch (op->recv) {
	case XR_SELF:
		ids[0] = s->self_id;
		return 1;
	case XR_UNKNOWN:
		ids[0] = UNKNOWN_ID;
		return 1;
	case XR_PART_TWICE:
		ids[0] = ids[1] = s->part_id;
		return 2;
	case XR_PART_UNKNOWN:
		ids[0] = s->part_id;
		ids[1] = UNKNOWN_ID;
		return 2;
	default:
		ids[0] = s->part_id;
		return 1;
	}
}

/* Builds the descriptor of a send as `ffactl share/lend/donate` does. */
static uint8_t *send_desc(const struct xside *s, const struct xop *op,
			  uint32_t *len, uint32_t *ncons)
{
	struct ffa_mem_region r = { 0 };
	struct ffa_constituent cons[4] = { { 0 } };
	uint16_t ids[2];
	uint32_t n = receivers(s, op, ids), i;
	uint8_t *buf;
	size_t size;

	r.version = layout_now(s, op);
	r.sender = op->other_sender ? (uint16_t)(s->self_id ^ 1u) :
				      s->self_id;
	r.attributes = (uint16_t)(op->attrs == XOP_DEFAULT ?
				  ffa_desc_default_attributes(op->fn, n) :
				  op->attrs);
	r.flags = op->flags;
	r.tag = op->tag;
	r.receiver_count = n;
	for (i = 0; i < n; i++) {
		r.receivers[i].receiver = ids[i];
		r.receivers[i].perm = (uint8_t)(op->perm == XOP_DEFAULT ?
					ffa_desc_default_perm(op->fn, n) :
					op->perm);
	}
	*ncons = op->addr == XA_OVERLAP ? 2 : op->addr == XA_UNALIGNED ? 1 :
		 op->pages;
	for (i = 0; i < *ncons; i++) {
		cons[i].page_count = 1;
		if (op->addr == XA_OVERLAP)
			cons[i].address = BOGUS_PAGE;
		else if (op->addr == XA_UNALIGNED)
			cons[i].address = BOGUS_PAGE + 0x800;
	}
	r.constituent_count = *ncons;
	size = ffa_desc_size(&r);
	r.constituent_count = 0;
	buf = size ? calloc(1, size) : NULL;
	if (!buf)
		return NULL;
	if (!ffa_desc_encode(&r, cons, *ncons, buf, size)) {
		free(buf);
		return NULL;
	}
	*len = (uint32_t)size;
	return buf;
}

/*
 * Which rule of the profile decides @buf (a send's descriptor), for the
 * report: the first issue it acts on, its own rule, or the spec's rules
 * it lets through.
 */
static void explain_send(const struct xside *s, const struct xop *op,
			 const uint8_t *buf, uint32_t len, uint32_t cons_off,
			 struct xout *o)
{
	struct ffa_desc_report rep = { 0 };
	const char *why = NULL;
	uint8_t *copy;
	int32_t st;
	size_t n = 0;

	/* The backend's pages: distinct, aligned addresses (any will do). */
	copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, buf, len);
	for (uint32_t i = 0; op->addr == XA_PAGES && i < op->pages &&
	     cons_off + (i + 1) * FFA_CONSTITUENT_SIZE <= len; i++)
		ffa_put64(copy + cons_off + i * FFA_CONSTITUENT_SIZE,
			  0x80000000ull + (uint64_t)i * FFA_PAGE_SIZE);
	st = ffa_model_desc_verdict(s->verdict_profile, copy, len,
				    layout_now(s, op), op->fn, s->self_id,
				    &rep, &why);
	free(copy);
	if (!st) {
		snprintf(o->rule, sizeof(o->rule), "the descriptor passes its "
			 "checks; the model's partitions, live transactions "
			 "or fragment rules decide");
		n = strlen(o->rule);
	}
	for (unsigned int i = 0; i < rep.count && n < sizeof(o->rule); i++) {
		const struct ffa_desc_issue *is = &rep.issue[i];

		if (!st && is->tolerated)
			n += (size_t)snprintf(o->rule + n, sizeof(o->rule) - n,
					      "; does not apply %s (%s)",
					      ffa_desc_rule_name(is->rule),
					      is->problem);
		else if (st && !is->tolerated && is->ffa_error == st) {
			snprintf(o->rule, sizeof(o->rule), "%s: %s (rule %s)",
				 is->field, is->problem,
				 ffa_desc_rule_name(is->rule));
			return;
		}
	}
	if (st && why)
		snprintf(o->rule, sizeof(o->rule), "%s (the profile's own "
			 "rule)", why);
}

static int run_send(struct xside *s, const struct xop *op, uint32_t i,
		    struct xout *o)
{
	uint32_t fid = op->smc64 ? FFA_FN_SMC64(op->fn) : FFA_FN_SMC32(op->fn);
	struct mem_send_req req = { 0 };
	struct mem_send_res res = { 0 };
	struct ffa_mem_region d;
	uint32_t len = 0, ncons = 0;
	uint8_t *buf = send_desc(s, op, &len, &ncons);
	int rc;

	if (!buf) {
		snprintf(s->be->errmsg, sizeof(s->be->errmsg),
			 "out of memory");
		return -ENOMEM;
	}
	req.fid = fid;
	req.desc = buf;
	req.desc_len = len;
	req.frag_len = op->frag_len;
	if (op->addr != XA_PAGES) {
		req.addr_mode = MEM_ADDR_AS_IS;
	} else {
		req.addr_mode = MEM_ADDR_FILL;
		req.fill = true;
		req.fill_pattern = OWNER_PATTERN;
		req.pages = ncons;
		req.cons_count = ncons;
		if (ffa_desc_decode(buf, len, layout_now(s, op), &d, NULL) == 0)
			req.cons_off = d.constituents_off;
		else
			req.cons_off = len - ncons * FFA_CONSTITUENT_SIZE;
	}
	if (s->verdict_profile != UINT32_MAX) {
		explain_send(s, op, buf, len, req.cons_off, o);
		o->undetermined = ffa_model_frag_undetermined(
			s->verdict_profile, buf, len, op->frag_len,
			layout_now(s, op)) ||
			sim_backend_send_undetermined(s->be);
	}
	s->be->errmsg[0] = '\0';
	rc = s->be->ops->mem_send(s->be, &req, &res);
	free(buf);
	if (rc < 0)
		return backend_refused(s, o, rc);
	record(o, fid, &res.regs);
	/* The backends go on until SUCCESS or ERROR. */
	if (!o->status && (uint32_t)res.regs.a[0] == FFA_FN_SMC32(FFA_MEM_FRAG_RX))
		o->status = XOUT_VIOLATION;
	if (!o->status) {
		s->handles[i] = res.handle;
		s->live[i] = true;
	} else if (res.handle) {
		s->kept++;
	}
	return 0;
}

static int run_reclaim(struct xside *s, const struct xop *ops, uint32_t i,
		       struct xout *o)
{
	const struct xop *op = &ops[i];
	struct mem_reclaim_res res;
	uint64_t h = handle_of(s, op);
	int rc;

	s->be->errmsg[0] = '\0';
	rc = s->be->ops->mem_reclaim(s->be, h, op->rflags, true, &res);
	if (rc < 0)
		return backend_refused(s, o, rc);
	record(o, FFA_FN_SMC32(FFA_MEM_RECLAIM), &res.regs);
	if (o->status)
		return 0;
	if (op->href == XH_OF_OP && s->handles[op->ref - s->base] == h) {
		s->live[op->ref - s->base] = false;
		s->held[op->ref - s->base] = 0;
	}
	/* What the owner reads back: zeroed, or the first word. */
	if (res.word_read) {
		o->have_value = true;
		o->value = op->rflags & FFA_RECLAIM_ZERO ? res.zeroed :
			   res.first_word;
	}
	return 0;
}

/* One request of the partition's test protocol on the handle @op names. */
static int run_borrow(struct xside *s, const struct xop *ops, uint32_t i,
		      struct xout *o)
{
	const struct xop *op = &ops[i];
	uint64_t h = handle_of(s, op);
	bool tsp = s->proto == SMOKE_PROTO_TSP;
	uint32_t fid = tsp ? FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ) :
			     FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	struct ffa_regs r = { {
		fid, (uint64_t)s->self_id << 16 | s->part_id, 0, op->cmd } };
	int rc;

	if (tsp) {
		r.a[4] = h;
	} else {
		r.a[4] = ffa_handle_lo(h);
		r.a[5] = ffa_handle_hi(h);
		r.a[6] = op->arg;
	}
	s->be->errmsg[0] = '\0';
	rc = s->be->ops->call(s->be, &r);
	if (rc < 0)
		return backend_refused(s, o, rc);
	record(o, fid, &r);
	if (o->status)
		return 0;
	o->have_value = true;
	if (tsp) {
		/* The byte it wrote, or its failure. */
		o->value = (uint32_t)r.a[3];
		return 0;
	}
	o->status = (int32_t)(uint32_t)r.a[3];
	/* Pages retrieved; a checksum only as zero or not. */
	o->value = op->cmd == FFA_SP_CMD_CHECKSUM ? r.a[4] != 0 :
		   op->cmd == FFA_SP_CMD_RETRIEVE ? r.a[4] : 0;
	if (!o->status && op->href == XH_OF_OP &&
	    s->handles[op->ref - s->base] == h) {
		uint32_t j = op->ref - s->base;

		if (op->cmd == FFA_SP_CMD_RETRIEVE)
			s->held[j]++;
		else if (op->cmd == FFA_SP_CMD_RELINQUISH && s->held[j])
			s->held[j]--;
	}
	return 0;
}

static int run_call(struct xside *s, struct ffa_regs *r, struct xout *o)
{
	uint32_t fid = (uint32_t)r->a[0];
	int rc;

	s->be->errmsg[0] = '\0';
	rc = s->be->ops->call(s->be, r);
	if (rc < 0)
		return backend_refused(s, o, rc);
	record(o, fid, r);
	return 0;
}

static int run_partitions(struct xside *s, const struct xop *op,
			  struct xout *o)
{
	uint32_t uuid[4] = { 0 };
	uint8_t buf[512];
	struct ffa_regs r;
	size_t len = 0;
	int rc;

	if (op->which == 1)
		memcpy(uuid, s->part_uuid, sizeof(uuid));
	else if (op->which == 2)
		ffa_uuid_parse("ffac7100-7e57-4d1e-a5a1-0000deadbeef", uuid);
	s->be->errmsg[0] = '\0';
	rc = s->be->ops->partition_info(s->be, uuid, 0, &r, buf, sizeof(buf),
					&len);
	if (rc < 0)
		return backend_refused(s, o, rc);
	record(o, FFA_FN_SMC32(FFA_PARTITION_INFO_GET), &r);
	if (!o->status) {
		o->have_value = true;
		o->value = (uint32_t)r.a[2];
	}
	return 0;
}

int explore_run_op(struct xside *s, const struct xop *ops, uint32_t i,
		   struct xout *out)
{
	const struct xop *op = &ops[i];
	struct ffa_regs r;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	switch (op->kind) {
	case XOP_SEND:
		return run_send(s, op, i, out);
	case XOP_RECLAIM:
		return run_reclaim(s, ops, i, out);
	case XOP_BORROW:
		return run_borrow(s, ops, i, out);
	case XOP_VERSION:
		r.a[0] = FFA_FN_SMC32(FFA_VERSION);
		r.a[1] = op->version;
		return run_call(s, &r, out);
	case XOP_FEATURES:
		r.a[0] = FFA_FN_SMC32(FFA_FEATURES);
		r.a[1] = op->fid;
		return run_call(s, &r, out);
	case XOP_PARTITIONS:
		return run_partitions(s, op, out);
	default:
		/* A direct request: an echo in the protocol it speaks. */
		r.a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
		r.a[1] = (uint64_t)s->self_id << 16 | s->part_id;
		r.a[3] = s->proto == SMOKE_PROTO_TSP ? FFA_TSP_CMD_ECHO :
						       FFA_SP_CMD_ECHO;
		r.a[4] = 0x1234;
		return run_call(s, &r, out);
	}
}

void explore_forget(struct xside *s, uint32_t i)
{
	struct mem_reclaim_res res;

	if (!s->live[i])
		return;
	if (s->be->ops->mem_reclaim(s->be, s->handles[i], 0, false,
				    &res) == 0 &&
	    status_of(FFA_FN_SMC32(FFA_MEM_RECLAIM), &res.regs) == 0) {
		s->live[i] = false;
		s->handles[i] = 0;
	}
}

bool explore_agree(const struct xop *op, const struct xout *t,
		   const struct xout *r)
{
	(void)op;
	if (r->undetermined)
		return true;
	if (t->status != r->status)
		return false;
	/* An observable only counts where both sides could see it. */
	return !t->have_value || !r->have_value || t->value == r->value;
}

/* Asks our test partition to relinquish @h; true if it did. */
static bool relinquish(struct xside *s, uint64_t h)
{
	struct ffa_regs r = { {
		FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ),
		(uint64_t)s->self_id << 16 | s->part_id, 0,
		FFA_SP_CMD_RELINQUISH, ffa_handle_lo(h), ffa_handle_hi(h) } };

	return s->be->ops->call(s->be, &r) == 0 &&
	       (uint32_t)r.a[0] != FFA_FN_SMC32(FFA_ERROR) &&
	       !(uint32_t)r.a[3];
}

uint32_t explore_cleanup(struct xside *s, uint32_t n)
{
	struct mem_reclaim_res res;
	uint32_t i, stuck = 0;

	for (i = 0; s->live && i < n; i++) {
		if (!s->live[i])
			continue;
		/* Only ours can be asked to let go. */
		while (s->held[i] && s->proto == SMOKE_PROTO_FFACTL &&
		       relinquish(s, s->handles[i]))
			s->held[i]--;
		if (s->be->ops->mem_reclaim(s->be, s->handles[i], 0, false,
					    &res) == 0 &&
		    status_of(FFA_FN_SMC32(FFA_MEM_RECLAIM), &res.regs) == 0)
			s->live[i] = false;
		else
			stuck++;
	}
	if (s->found_nego) {
		struct negotiated_version nv = { 0 };
		struct ffa_regs v = { { FFA_FN_SMC32(FFA_VERSION),
					s->found_nego } };

		if (s->be->ops->negotiated(s->be, &nv) == 0 &&
		    nv.version != s->found_nego)
			s->be->ops->call(s->be, &v);
	}
	return stuck;
}
