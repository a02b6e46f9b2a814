// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The smoke cases of the RX/TX ABIs the backend owns: FFA_RXTX_MAP and
 * FFA_RXTX_UNMAP misused, and FFA_PARTITION_INFO_GET with RX still held.
 * The module (and the sim, which plays it) owns the endpoint's one RX/TX
 * pair and releases RX itself, so a raw call cannot make them; the
 * backend's rxtx_probe runs each as a fixed sequence and restores its
 * pair afterwards (include/uapi/ffactl.h struct ffactl_rxtx_probe).
 *
 * Expectations, DEN0077 v1.1 (the same in v1.2):
 * - §13.7 FFA_RXTX_UNMAP: INVALID_PARAMETERS when no buffer pair is
 *   registered for the endpoint.
 * - §13.6 FFA_RXTX_MAP: buffer addresses aligned to, and the size (w3
 *   [5:0], in 4 KiB pages) a non-zero multiple of, the translation
 *   granule FFA_FEATURES(FFA_RXTX_MAP) reports in w2[1:0]; else
 *   INVALID_PARAMETERS. DENIED when a pair is already registered.
 * - §13.8 FFA_PARTITION_INFO_GET with the descriptors in RX: RX is the
 *   caller's until FFA_RX_RELEASE (§13.5), and a call that finds it not
 *   free answers BUSY.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "result.h"
#include "smoke.h"

static void rxtx_note(struct smoke_ctx *c, const char *what)
{
	snprintf(c->out.why, sizeof(c->out.why), "%s", what);
}

int smoke_run_rxtx(struct smoke_ctx *c, const struct smoke_case *k)
{
	uint32_t kind = k->arg, fid;
	const struct ffa_regs *r;
	struct rxtx_probe_res res;
	int rc;

	if (!c->be->ops->rxtx_probe) {
		snprintf(c->out.why, sizeof(c->out.why), "the %s backend has "
			 "no RX/TX probe", c->be->ops->name);
		return SMOKE_RUN_SKIP;
	}
	c->be->errmsg[0] = '\0';
	rc = c->be->ops->rxtx_probe(c->be, kind, 0, &res);
	if (rc == -EOPNOTSUPP || rc == -ENOTTY) {
		/* The driver transport, or a module from before the probe. */
		snprintf(c->out.why, sizeof(c->out.why), "%.190s",
			 c->be->errmsg[0] ? c->be->errmsg :
			 "the backend cannot run RX/TX probes");
		c->be->errmsg[0] = '\0';
		return SMOKE_RUN_SKIP;
	}
	if (rc < 0) {
		snprintf(c->out.why, sizeof(c->out.why), "RX/TX probe: %.180s",
			 c->be->errmsg[0] ? c->be->errmsg : strerror(-rc));
		return SMOKE_RUN_FAIL;
	}
	if (kind == RXTX_PROBE_INFO_BUSY && !res.made) {
		snprintf(c->out.why, sizeof(c->out.why), "the first "
			 "FFA_PARTITION_INFO_GET failed (a0 0x%llx, a2 %d): "
			 "RX was never the caller's",
			 (unsigned long long)res.regs2.a[0],
			 (int32_t)res.regs2.a[2]);
		return SMOKE_RUN_FAIL;
	}
	if (k->arg2 == SMOKE_RXTX_FOLLOW_UP) {
		if (!res.made2) {
			rxtx_note(c, "the probe made no follow-up call");
			return SMOKE_RUN_FAIL;
		}
		r = &res.regs2;
		fid = FFA_FN_SMC32(FFA_RXTX_UNMAP);
	} else {
		r = &res.regs;
		fid = kind == RXTX_PROBE_UNMAP_NO_PAIR ?
		      FFA_FN_SMC32(FFA_RXTX_UNMAP) :
		      kind == RXTX_PROBE_INFO_BUSY ?
		      FFA_FN_SMC32(FFA_PARTITION_INFO_GET) :
		      FFA_FN_SMC64(FFA_RXTX_MAP);
	}
	c->out.have_regs = true;
	c->out.fid = fid;
	c->out.regs = *r;
	c->out.observed = result_code(fid, r, SMOKE_OBS_VIOLATION);
	if (res.pages_kept) {
		rxtx_note(c, "the SPMC accepted a map it may still hold: the "
			  "module keeps the probe's pages");
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}
