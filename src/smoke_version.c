// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The FF-A version fixed once other calls are made (the FF-A ACS's
 * ffa_version_negotiation). DEN0077 v1.2 §13.2: after the caller has
 * made FF-A calls other than FFA_VERSION, FFA_VERSION asking another
 * version than the one in effect is refused, NOT_SUPPORTED (-1 in w0, as
 * Hafnium's api_ffa_version() answers and ACS checks), and asking the
 * one in effect is answered as ever, with the callee's version. The
 * suite has made many calls by now, so the version in effect is c->nego.
 */
#include <stdbool.h>
#include <stdint.h>

#include "ffa/ffa.h"
#include "smoke.h"

#define ID32(n) FFA_FN_SMC32(n)

/*
 * The version other than @v to ask for: a minor below it, as ACS asks
 * (major, minor - 1) of its own; above it when @v is x.0.
 */
static uint32_t other_version(uint32_t v)
{
	uint32_t minor = FFA_VERSION_MINOR(v);

	return FFA_VERSION_MAKE(FFA_VERSION_MAJOR(v),
				minor ? minor - 1 : minor + 1);
}

static int ask(struct smoke_ctx *c, uint32_t v, struct ffa_regs *r,
	       int32_t *code)
{
	*r = (struct ffa_regs){ { ID32(FFA_VERSION), v } };
	return smoke_call(c, r, code);
}

int smoke_run_version_fixed(struct smoke_ctx *c, const struct smoke_case *k)
{
	uint32_t now = c->nego, other = other_version(c->nego);
	struct ffa_regs first, again;
	int32_t code;
	int rc;

	(void)k;
	/*
	 * The rule is v1.2's: a v1.1 SPMC (TF-A 2.8) may renegotiate. Not
	 * the case's min_version, which asks for v1.2 negotiated as well:
	 * this case checks whatever version is in effect.
	 */
	if (c->version < FFA_VERSION_1_2) {
		smoke_note(c, "needs an SPMC of FF-A v1.2 (the rule is "
			   "v1.2's), the SPMC has v%u.%u",
			   FFA_VERSION_MAJOR(c->version),
			   FFA_VERSION_MINOR(c->version));
		return SMOKE_RUN_SKIP;
	}
	/* A deviating SPMC may accept it: cleanup() asks for c->nego. */
	c->renegotiate = true;
	rc = ask(c, other, &first, &c->out.observed);
	if (rc)
		return rc;
	/*
	 * Then the version in effect, which must be answered; it also
	 * restores that version where the SPMC took the other one, so the
	 * rest of the run is unharmed.
	 */
	rc = ask(c, now, &again, &code);
	if (rc)
		return rc;
	if (code || FFA_VERSION_MAJOR(again.a[0]) != FFA_VERSION_MAJOR(now)) {
		smoke_note(c, "FFA_VERSION(%u.%u), the version in effect, "
			   "answered 0x%llx: it must answer the SPMC's version",
			   FFA_VERSION_MAJOR(now), FFA_VERSION_MINOR(now),
			   (unsigned long long)again.a[0]);
		return SMOKE_RUN_FAIL;
	}
	/* The decisive answer is the first one. */
	smoke_record(c, ID32(FFA_VERSION), &first);
	if (c->out.observed == 0)
		smoke_note(c, "FFA_VERSION(%u.%u) answered 0x%llx while %u.%u "
			   "was in effect: the SPMC renegotiated",
			   FFA_VERSION_MAJOR(other), FFA_VERSION_MINOR(other),
			   (unsigned long long)first.a[0],
			   FFA_VERSION_MAJOR(now), FFA_VERSION_MINOR(now));
	return SMOKE_RUN_DONE;
}
