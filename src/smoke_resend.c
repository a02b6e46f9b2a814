// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Smoke cases that send pages a live transaction already holds (the FF-A
 * ACS single-borrower state-machine rows): a first share, lend or donate,
 * optionally retrieved by the test partition, then a second send of the
 * same pages (or of a subset) through the backend's reuse request
 * (struct mem_send_req.reuse: the module's FFACTL_SEND_REUSE, the sim's
 * records).
 *
 * DEN0077 (v1.1 and v1.2, memory management chapter, "Ownership and
 * access" and the transaction lifecycles): a sender may share, lend or
 * donate a region only while it is its Owner with exclusive access; once
 * a first transaction has given access away (lend) or shared it (share),
 * or ownership is in transit (donate), the pages are not in that state,
 * and FFA_MEM_SHARE/LEND/DONATE fail with DENIED, the ABIs' status for
 * wrong ownership, permission, access or attributes (errtab.c). Hafnium
 * does so (ffa_memory.c ffa_send_check_transition(): "FFA_DENIED if a
 * state transition was not found"). The ACS accepts any FFA_ERROR for
 * the state-machine rows and DENIED for donate_input_error_checks3.
 * TF-A 2.8 refuses with INVALID_PARAMETERS (spmc_ffa_fill_desc():
 * spmc_shmem_check_state_obj() finds the overlap with a live
 * transaction), seen on the qemu-tfa suite: a tfa-el3 deviation
 * (smoke_profiles.c).
 *
 * With two borrowers (the multi-borrower rows), a page shared or lent to
 * both is no more the sender's alone than one lent to one: the same
 * answer, whoever the second send names.
 *
 * Kept apart from smoke_cases.c's send(): these cases need the reuse
 * request that one does not make.
 */
#include <errno.h>
#include <stdlib.h>

#include "errtab.h"
#include "ffa/desc.h"
#include "model.h"
#include "result.h"
#include "smoke.h"

#define note(...) smoke_note(__VA_ARGS__)

/*
 * A @fn_num send of @pages one-page constituents to the @nrecv receivers
 * @recv, attributes and permissions as the usage rules want them (DEN0077
 * v1.1 §10.10.2-4), fresh pages or, with @reuse, the first @pages of
 * those held for @reuse_handle. *code gets the answer; a handle is
 * tracked.
 */
static int send_pages(struct smoke_ctx *c, uint32_t fn_num,
		      const uint16_t *recv, uint32_t nrecv, uint32_t pages,
		      bool reuse, uint64_t reuse_handle, int32_t *code,
		      uint64_t *handle)
{
	uint32_t version = c->fixed_form || c->version_fixed ? c->nego :
							       FFA_VERSION_1_1;
	struct ffa_mem_region r = {
		.version = version, .sender = c->self_id,
		.attributes = ffa_desc_default_attributes(fn_num, nrecv),
		.receiver_count = nrecv,
	};
	struct ffa_constituent cons[2] = { { 0 } };
	struct mem_send_req req = { 0 };
	struct mem_send_res res = { 0 };
	uint8_t *buf;
	size_t size;
	int rc;

	*handle = 0;
	if (pages < 1 || pages > 2 || nrecv < 1 || nrecv > 2) {
		note(c, "send of %u pages to %u receivers: 1 or 2 only", pages,
		     nrecv);
		return SMOKE_RUN_FAIL;
	}
	for (uint32_t i = 0; i < nrecv; i++) {
		r.receivers[i].receiver = recv[i];
		r.receivers[i].perm = ffa_desc_default_perm(fn_num, nrecv);
	}
	for (uint32_t i = 0; i < pages; i++)
		cons[i].page_count = 1;
	size = ffa_desc_size(&(struct ffa_mem_region){
		.version = version, .receiver_count = nrecv,
		.constituent_count = pages });
	buf = size ? calloc(1, size) : NULL;
	if (!buf || !ffa_desc_encode(&r, cons, pages, buf, size)) {
		free(buf);
		note(c, "cannot encode the descriptor");
		return SMOKE_RUN_FAIL;
	}
	req.fid = FFA_FN_SMC32(fn_num);
	req.desc = buf;
	req.desc_len = (uint32_t)size;
	/* After the header, the EMADs and the composite (ffa/desc.h). */
	req.cons_off = (version == FFA_VERSION_1_0 ? FFA_MTD_V1_0_HDR_SIZE :
			FFA_MTD_V1_1_HDR_SIZE) +
		       nrecv * (version == FFA_VERSION_1_2 ? FFA_EMAD_V1_2_SIZE :
				FFA_EMAD_V1_0_SIZE) + FFA_COMPOSITE_SIZE;
	req.addr_mode = MEM_ADDR_FILL;
	req.cons_count = pages;
	req.pages = pages;
	req.reuse = reuse;
	req.reuse_handle = reuse_handle;
	c->be->errmsg[0] = '\0';
	rc = c->be->ops->mem_send(c->be, &req, &res);
	if (rc == -EOPNOTSUPP && c->fixed_form) {
		/* Nothing was sent: the transport's SMC64, if that is it. */
		req.fid = FFA_FN_SMC64(fn_num);
		c->be->errmsg[0] = '\0';
		rc = c->be->ops->mem_send(c->be, &req, &res);
	}
	free(buf);
	if (rc < 0)
		return smoke_be_failed(c, errtab_abi_name(fn_num), rc);
	smoke_record(c, req.fid, &res.regs);
	*code = result_code(req.fid, &res.regs, SMOKE_OBS_VIOLATION);
	if (*code == 0 && (uint32_t)res.regs.a[0] ==
	    FFA_FN_SMC32(FFA_MEM_FRAG_RX))
		*code = SMOKE_OBS_VIOLATION;
	if (*code == 0) {
		*handle = res.handle;
		smoke_track(c, res.handle);
	}
	return 0;
}

/* The test partition retrieves @h and holds it (cleanup relinquishes). */
static int retrieve(struct smoke_ctx *c, uint64_t h)
{
	int32_t code;
	int rc = smoke_sp_request(c, FFA_SP_CMD_RETRIEVE, h, 0, 0, &code,
				  NULL);

	if (rc)
		return rc;
	if (code) {
		note(c, "setup: test partition retrieve refused: %s",
		     smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	return 0;
}

/*
 * k->fid: the first send's ABI (its 2 pages: k->arg2 & RS_TWO, else 1);
 * k->arg: the second send's, of the first's pages (RS_SUBSET: only the
 * first page; RS_BOTH: all of them, then the first page alone, which
 * must get the same answer); RS_RETRIEVE: the partition retrieves the
 * first transaction before the second send. The second send decides.
 */
int smoke_run_resend(struct smoke_ctx *c, const struct smoke_case *k)
{
	uint32_t first = FFA_FN_NUM(k->fid), again = FFA_FN_NUM(k->arg);
	uint32_t pages = k->arg2 & SMOKE_RS_TWO ? 2 : 1;
	const uint16_t both[2] = { c->part.id, c->part2.id };
	uint32_t n1 = k->arg2 & SMOKE_RS_FIRST_TWO ? 2 : 1;
	uint32_t n2 = k->arg2 & SMOKE_RS_AGAIN_TWO ? 2 : 1;
	const uint16_t *to2 = k->arg2 & SMOKE_RS_AGAIN_OTHER ? &both[1] : both;
	int32_t code, sub;
	uint64_t h, h2;
	int rc;

	rc = send_pages(c, first, both, n1, pages, false, 0, &code, &h);
	if (rc)
		return rc;
	/*
	 * A first send to two borrowers that an SPMC refuses is its answer
	 * to the case (a profile may document it); to one, a broken setup.
	 */
	if (code && n1 == 2) {
		c->out.observed = code;
		return SMOKE_RUN_DONE;
	}
	if (code) {
		note(c, "setup: %s of %u page(s) refused: %s",
		     errtab_abi_name(first), pages, smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	if (k->arg2 & SMOKE_RS_RETRIEVE) {
		rc = retrieve(c, h);
		if (rc)
			return rc;
	}
	rc = send_pages(c, again, to2, n2, k->arg2 & SMOKE_RS_SUBSET ? 1 :
			pages, true, h, &c->out.observed, &h2);
	if (rc || !(k->arg2 & SMOKE_RS_BOTH))
		return rc ? rc : SMOKE_RUN_DONE;
	/* The whole region again, then its first page: same answer. */
	code = c->out.observed;
	rc = send_pages(c, again, to2, n2, 1, true, h, &sub, &h2);
	if (rc)
		return rc;
	if (sub != code) {
		note(c, "the %u pages again: %s; their first page alone: %s",
		     pages, smoke_code_name(code), smoke_code_name(sub));
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}
