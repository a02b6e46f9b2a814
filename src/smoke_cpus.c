// SPDX-License-Identifier: BSD-3-Clause
/*
 * A direct request from every CPU the suite may run on (ACS
 * mp_execution_contexts, up_migrate_capable). A partition with one
 * execution context per CPU answers each CPU's request on that CPU's
 * context; one with a single context (UP) must be run wherever the request
 * comes from, so the SPMC migrates it (DEN0077 v1.1 §7.4 "Execution
 * contexts", §15.2: a direct request runs the receiver's context for the
 * calling PE, or its only one).
 *
 * The backend's call is made from the pinned thread: through the module it
 * is that CPU's SMC. The sim runs the model in-process, where the CPU
 * changes nothing, so there the case checks the suite's side only.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "smoke.h"

int smoke_run_direct_every_cpu(struct smoke_ctx *c,
			       const struct smoke_case *k)
{
	cpu_set_t allowed, one;
	int cpu, n = 0, rc = SMOKE_RUN_DONE, back;

	if (sched_getaffinity(0, sizeof(allowed), &allowed)) {
		smoke_note(c, "sched_getaffinity: %s", strerror(errno));
		return SMOKE_RUN_FAIL;
	}
	for (cpu = 0; cpu < CPU_SETSIZE && rc == SMOKE_RUN_DONE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		/* A CPU taken offline since the mask was read: not ours. */
		if (sched_setaffinity(0, sizeof(one), &one))
			continue;
		rc = smoke_direct_echo(c, k);
		if (rc == SMOKE_RUN_DONE && c->out.observed)
			smoke_note(c, "the request from CPU %d was refused", cpu);
		if (rc != SMOKE_RUN_DONE || c->out.observed)
			break;
		n++;
	}
	back = sched_setaffinity(0, sizeof(allowed), &allowed);
	if (back) {
		smoke_note(c, "cannot restore the CPU mask: %s", strerror(errno));
		return SMOKE_RUN_FAIL;
	}
	if (rc != SMOKE_RUN_DONE || c->out.observed)
		return rc;
	if (!n) {
		smoke_note(c, "no CPU the suite may run on took it");
		return SMOKE_RUN_FAIL;
	}
	smoke_note(c, "answered from %d CPU%s; partition 0x%04x lists %u "
		   "execution context%s (%s)", n, n == 1 ? "" : "s",
		   c->part.id, c->part.exec_ctx, c->part.exec_ctx == 1 ? "" : "s",
		   c->part.exec_ctx == 1 ? "UP: it migrates to the caller" :
					   "MP: one per CPU");
	return SMOKE_RUN_DONE;
}
