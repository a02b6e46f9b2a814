// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What real SPMCs do differently from DEN0077, one row per (profile, case),
 * and how --profile auto tells them apart. The rows reproduce the behaviour
 * the sim's profiles model (model/model.c cites the firmware sources).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "smoke.h"

#define TFA FFA_PROFILE_TFA_EL3
#define OPTEE FFA_PROFILE_OPTEE
#define INVAL FFA_RET_INVALID_PARAMETERS
#define NOTSUP FFA_RET_NOT_SUPPORTED

#define TFA_FLAGS "TF-A EL3 SPMC refuses any reclaim flag " \
	"(spmc_ffa_mem_reclaim: mem_flags != 0 -> INVALID_PARAMETERS)"
#define TFA_DONATE "TF-A EL3 SPMC does not implement FFA_MEM_DONATE " \
	"(spmc_main.c routes none)"
#define OPTEE_FLAGS "OP-TEE refuses non-zero a3..a7 in FFA_MEM_RECLAIM " \
	"(thread_spmc.c handle_mem_reclaim), reclaim flags included"
#define OPTEE_DONATE "OP-TEE's FF-A dispatcher has no FFA_MEM_DONATE"
#define OPTEE_ATTRS "OP-TEE accepts only normal WB inner-shareable memory " \
	"(thread_spmc.c share path)"
#define OPTEE_PERM "OP-TEE accepts only RW access permissions"
#define OPTEE_LEND_ATTRS "OP-TEE accepts a lend only with memory " \
	"attributes 0 (seen on OP-TEE 4.10), which DEN0077 asks of a lend " \
	"to one borrower; to two it wants them specified"
#define OPTEE_FEATURES_WORKS "OP-TEE's FFA_FEATURES (thread_spmc.c " \
	"handle_features) does not list it, though the call works"
#define OPTEE_FRAG "OP-TEE refuses every fragmented send, a bug: " \
	"handle_mem_op_rxbuf() passes the fragment and total lengths to " \
	"spmc_read_mem_transaction() swapped, so fragment > total"
#define TFA_FRAG_SHORT "TF-A EL3 SPMC refuses a first fragment shorter " \
	"than the descriptor header (spmc_ffa_mem_send)"
#define TFA_RECEIVERS "TF-A EL3 SPMC looks up only secure receiver IDs; " \
	"a normal-world one, the sender's included, passes " \
	"(spmc_shmem_check_obj)"
#define TFA_PAGES "TF-A EL3 SPMC checks only the constituents' page " \
	"count sum, not each one (spmc_shmem_check_obj)"
#define TFA_OVERLAP "TF-A EL3 SPMC checks overlap only with live " \
	"transactions (spmc_shmem_check_state_obj), not within one"
#define TFA_ALIGN "TF-A EL3 SPMC does not check a constituent's " \
	"alignment (spmc_shmem_check_obj; v2.14 warns and accepts)"
#define TFA_ATTRS "TF-A EL3 SPMC checks no memory attribute but the NS " \
	"bit (spmc_ffa_fill_desc)"
#define TFA_PERMS "TF-A EL3 SPMC checks no access permission at send " \
	"(spmc_shmem_check_obj)"
#define TFA_DIRECT_RECV "TF-A EL3 SPMC forwards a direct request " \
	"without reading the receiver's properties (direct_req_smc_handler)"
#define TFA_SENDER "TF-A EL3 SPMC does not compare the sender ID with " \
	"the caller's (spmc_ffa_fill_desc refuses only a secure one)"
#define TFA_SEND_FLAGS "TF-A EL3 SPMC refuses send flags other than 0 or " \
	"exactly the transaction type (spmc_ffa_fill_desc), the zero flag " \
	"of a lend included"
#define TFA_FRAG_COMPOSITE "TF-A 2.8's spmc_shmem_check_obj() runs on " \
	"every fragment and reads the composite's range count before it " \
	"arrives, so a first fragment short of it is refused; v2.14 " \
	"accepts it"
#define TFA_FEATURES_SUCCESS64 "TF-A 2.8's ffa_features_handler() " \
	"lists FFA_SUCCESS_SMC32 only"
#define TFA_FEATURES_RETRIEVE "TF-A 2.8's ffa_features_handler() lists " \
	"FFA_MEM_RETRIEVE_REQ for the normal world but not " \
	"FFA_MEM_RETRIEVE_RESP or FFA_MEM_RELINQUISH"
#define TFA_DIRECT_SRC "TF-A 2.8's direct_req_smc_handler() checks " \
	"only that a normal-world source ID is not a secure one, not that it " \
	"is the caller's"
#define TFA_MEM_PERM "TF-A 2.8 routes no FFA_MEM_PERM_GET/SET: SMCCC " \
	"NOT_SUPPORTED in a0, no FFA_ERROR (std_svc_smc_handler)"
#define TFA_RESEND "TF-A EL3 SPMC refuses a send of pages a live " \
	"transaction holds with INVALID_PARAMETERS, not DENIED " \
	"(spmc_ffa_fill_desc: spmc_shmem_check_state_obj finds the overlap)"
#define OPTEE_SENDER "OP-TEE does not compare the sender ID with the " \
	"caller's (thread_spmc.c spmc_read_mem_transaction)"
#define OPTEE_SEND_FLAGS "OP-TEE refuses only send flags above bit 7 " \
	"(thread_spmc.c spmc_read_mem_transaction)"
#define OPTEE_EMPTY "OP-TEE answers an unknown UUID with SUCCESS and no " \
	"partitions (thread_spmc.c spmc_handle_partition_info_get)"
#define TFA_RETRIEVE_PERMS "TF-A 2.8's spmc_ffa_mem_retrieve_req() " \
	"checks neither the access permissions nor the memory attributes " \
	"a borrower asks for"
#define TFA_RETRIEVE_FLAGS "TF-A 2.8's spmc_ffa_mem_retrieve_req() " \
	"refuses retrieve flags other than 0 or exactly the share or lend " \
	"type: INVALID_PARAMETERS"
#define TFA_RETRIEVE_SENDER "TF-A 2.8's spmc_ffa_mem_retrieve_req() " \
	"answers a wrong sender ID INVALID_PARAMETERS (\"wrong sender id\")"
#define TFA_RELINQUISH_FLAGS "TF-A 2.8's spmc_ffa_mem_relinquish() " \
	"refuses any relinquish flag: INVALID_PARAMETERS"
#define TFA_RETRIEVALS "TF-A 2.8's ffa_features_retrieve_request() " \
	"reports one outstanding retrieval (w3 = 0), but " \
	"spmc_ffa_mem_retrieve_req() counts obj->in_use without a limit: " \
	"one more retrieve succeeds"

#define OPTEE_RENEGOTIATE "OP-TEE's spmc_exchange_version() lets the " \
	"caller renegotiate at any time, to support differing versions " \
	"between the loader and the driver"

static const struct smoke_deviation deviations[] = {
	{ TFA, "features_mem_donate_32", NOTSUP, TFA_DONATE },
	{ TFA, "features_mem_donate_64", NOTSUP, TFA_DONATE },
	{ TFA, "reclaim_flag_zero", INVAL, TFA_FLAGS },
	{ TFA, "reclaim_flag_time_slice", INVAL, TFA_FLAGS },
	{ TFA, "reclaim_zero_really_zeroes", INVAL, TFA_FLAGS },
	{ TFA, "share_fragment_16", INVAL, TFA_FRAG_SHORT },
	{ TFA, "share_fragmented", INVAL, TFA_FRAG_COMPOSITE },
	{ TFA, "lend_fragmented_64", INVAL, TFA_FRAG_COMPOSITE },
	{ TFA, "share_receiver_is_sender", 0, TFA_RECEIVERS },
	{ TFA, "share_sender_not_caller", 0, TFA_SENDER },
	{ TFA, "share_zero_page_count", 0, TFA_PAGES },
	{ TFA, "lend_zero_page_count_64", 0, TFA_PAGES },
	{ TFA, "share_overlapping_constituents", 0, TFA_OVERLAP },
	{ TFA, "share_unaligned_address", 0, TFA_ALIGN },
	{ TFA, "share_device_memory", 0, TFA_ATTRS },
	{ TFA, "share_invalid_shareability", 0, TFA_ATTRS },
	{ TFA, "share_rwx", 0, TFA_PERMS },
	{ TFA, "share_perm_reserved", 0, TFA_PERMS },
	{ TFA, "lend_rwx", 0, TFA_PERMS },
	{ TFA, "lend_zero_flag_zeroes", INVAL, TFA_SEND_FLAGS },
	{ TFA, "features_success_64", NOTSUP, TFA_FEATURES_SUCCESS64 },
	{ TFA, "features_mem_consistency", NOTSUP, TFA_FEATURES_RETRIEVE },
	{ TFA, "share_nx", 0, TFA_PERMS },
	{ TFA, "lend_receiver_is_sender", 0, TFA_RECEIVERS },
	{ TFA, "lend_overlapping_constituents", 0, TFA_OVERLAP },
	{ TFA, "lend_memory_type", 0, TFA_ATTRS },
	{ TFA, "direct_req_wrong_source", 0, TFA_DIRECT_SRC },
	{ TFA, "direct_req_64_wrong_source", 0, TFA_DIRECT_SRC },
	{ TFA, "mem_perm_get_from_nwd", SMOKE_OBS_VIOLATION, TFA_MEM_PERM },
	{ TFA, "mem_perm_set_from_nwd", SMOKE_OBS_VIOLATION, TFA_MEM_PERM },
	/* Pages a live transaction holds, sent again (smoke_resend.c). */
	{ TFA, "share_after_lend", INVAL, TFA_RESEND },
	{ TFA, "share_after_lend_retrieved", INVAL, TFA_RESEND },
	{ TFA, "share_again", INVAL, TFA_RESEND },
	{ TFA, "lend_again", INVAL, TFA_RESEND },
	{ TFA, "lend_after_share", INVAL, TFA_RESEND },
	{ TFA, "share_after_lend_two", INVAL, TFA_RESEND },
	{ TFA, "share_one_after_lend_two", INVAL, TFA_RESEND },
	{ TFA, "share_two_again", INVAL, TFA_RESEND },
	{ TFA, "lend_again_other", INVAL, TFA_RESEND },
	{ TFA, "lend_one_after_lend_two", INVAL, TFA_RESEND },
	{ TFA, "lend_after_share_two", INVAL, TFA_RESEND },
	/* The borrower's own request fields (smoke_retrieve.c). */
	{ TFA, "retrieve_rw_of_ro_lend", 0, TFA_RETRIEVE_PERMS },
	{ TFA, "retrieve_rw_of_ro_share", 0, TFA_RETRIEVE_PERMS },
	{ TFA, "retrieve_zero_of_ro_lend", INVAL, TFA_RETRIEVE_FLAGS },
	{ TFA, "retrieve_zero_of_zeroed_lend", INVAL, TFA_SEND_FLAGS },
	{ TFA, "retrieve_device_x_of_lend", 0, TFA_RETRIEVE_PERMS },
	{ TFA, "retrieve_nc_of_share", 0, TFA_RETRIEVE_PERMS },
	{ TFA, "retrieve_x_of_share", 0, TFA_RETRIEVE_PERMS },
	{ TFA, "retrieve_wrong_sender_of_lend", INVAL, TFA_RETRIEVE_SENDER },
	{ TFA, "relinquish_zero_of_ro_lend", INVAL, TFA_RELINQUISH_FLAGS },
	/* Outstanding retrievals (smoke_retrievals.c) */
	{ TFA, "lend_retrieve_outstanding", 0, TFA_RETRIEVALS },
	{ TFA, "share_retrieve_outstanding", 0, TFA_RETRIEVALS },
	{ OPTEE, "features_id_get", NOTSUP, OPTEE_FEATURES_WORKS },
	{ OPTEE, "features_mem_lend_32", NOTSUP, OPTEE_FEATURES_WORKS },
	{ OPTEE, "features_mem_lend_64", NOTSUP, OPTEE_FEATURES_WORKS },
	{ OPTEE, "partition_info_unknown_uuid", 0, OPTEE_EMPTY },
	{ OPTEE, "features_mem_donate_32", NOTSUP, OPTEE_DONATE },
	{ OPTEE, "features_mem_donate_64", NOTSUP, OPTEE_DONATE },
	{ OPTEE, "reclaim_flag_zero", INVAL, OPTEE_FLAGS },
	{ OPTEE, "reclaim_flag_time_slice", INVAL, OPTEE_FLAGS },
	{ OPTEE, "reclaim_zero_really_zeroes", INVAL, OPTEE_FLAGS },
	{ OPTEE, "share_outer_shareable", INVAL, OPTEE_ATTRS },
	{ OPTEE, "share_non_cacheable", INVAL, OPTEE_ATTRS },
	{ OPTEE, "share_zero_flag", 0, OPTEE_SEND_FLAGS },
	{ OPTEE, "share_type_mismatch", 0, OPTEE_SEND_FLAGS },
	{ OPTEE, "lend_flag_bit2", 0, OPTEE_SEND_FLAGS },
	{ OPTEE, "share_sender_not_caller", 0, OPTEE_SENDER },
	{ OPTEE, "share_sender_is_sp", 0, OPTEE_SENDER },
	{ OPTEE, "lend_sender_is_sp", 0, OPTEE_SENDER },
	{ OPTEE, "share_larger_than_tx", INVAL, OPTEE_FRAG },
	{ OPTEE, "share_fragmented", INVAL, OPTEE_FRAG },
	{ OPTEE, "share_fragment_16", INVAL, OPTEE_FRAG },
	{ OPTEE, "lend_fragmented_64", INVAL, OPTEE_FRAG },
	{ OPTEE, "write_read_only_share", INVAL,
	  OPTEE_PERM " (the read-only share itself is refused)" },
	{ OPTEE, "retrieve_rw_of_ro_lend", INVAL,
	  OPTEE_PERM " (the read-only lend itself is refused)" },
	{ OPTEE, "retrieve_rw_of_ro_share", INVAL,
	  OPTEE_PERM " (the read-only share itself is refused)" },
	{ OPTEE, "retrieve_zero_of_ro_lend", INVAL,
	  OPTEE_PERM " (the read-only lend itself is refused)" },
	{ OPTEE, "relinquish_zero_of_ro_lend", INVAL,
	  OPTEE_PERM " (the read-only lend itself is refused)" },
	/* Two borrowers, no direct requests: TF-A lists one SP (smoke_multi.c) */
	{ TFA, "lend_two_nx", 0, TFA_PERMS },
	{ TFA, "direct_req_no_receipt", 0, TFA_DIRECT_RECV },
	{ TFA, "direct_req_indirect_only", 0, TFA_DIRECT_RECV },
	{ OPTEE, "lend_two_reclaim", INVAL, OPTEE_LEND_ATTRS },
	{ OPTEE, "lend_two_both_write", INVAL, OPTEE_LEND_ATTRS },
	{ OPTEE, "reclaim_two_one_holds", INVAL, OPTEE_LEND_ATTRS },
	{ OPTEE, "share_after_lend_two", INVAL, OPTEE_LEND_ATTRS },
	{ OPTEE, "share_one_after_lend_two", INVAL, OPTEE_LEND_ATTRS },
	{ OPTEE, "lend_one_after_lend_two", INVAL, OPTEE_LEND_ATTRS },
	{ OPTEE, "lend_after_share_two", INVAL, OPTEE_LEND_ATTRS },
	/* The version fixed once other calls are made (smoke_version.c) */
	{ OPTEE, "version_fixed_after_calls", 0, OPTEE_RENEGOTIATE },
};

const struct smoke_deviation *smoke_deviation(uint32_t profile,
					      const char *name)
{
	for (unsigned int i = 0; i < smoke_deviation_count(); i++)
		if (deviations[i].profile == profile &&
		    !strcmp(deviations[i].name, name))
			return &deviations[i];
	return NULL;
}

unsigned int smoke_deviation_count(void)
{
	return sizeof(deviations) / sizeof(deviations[0]);
}

const struct smoke_deviation *smoke_deviation_at(unsigned int i)
{
	return i < smoke_deviation_count() ? &deviations[i] : NULL;
}

const char *smoke_profile_name(uint32_t profile)
{
	return ffa_model_profile_name(profile);
}

int smoke_profile_parse(const char *name)
{
	return ffa_model_profile_parse(name);
}

/*
 * The probes: register-only cases (no memory, no partition needed) whose
 * answers tell the profiles apart. Only Hafnium-like SPMCs implement
 * FFA_MEM_DONATE; OP-TEE as SPMC reports FFA_ID_GET and FFA_MEM_LEND as
 * not supported and answers an unknown UUID with an empty list. Version
 * numbers and the SPMC ID tell nothing (1.1 or 1.2, 0x8000 everywhere).
 */
static const char *const probes[] = {
	"features_mem_donate_32",
	"features_id_get",
	"features_mem_lend_32",
	"partition_info_unknown_uuid",
};

_Static_assert(sizeof(probes) / sizeof(probes[0]) <= SMOKE_MAX_PROBES,
	       "too many probes");

unsigned int smoke_probe_count(void)
{
	return sizeof(probes) / sizeof(probes[0]);
}

const char *smoke_probe_at(unsigned int i)
{
	return i < smoke_probe_count() ? probes[i] : NULL;
}

static const struct smoke_case *case_named(const char *name)
{
	for (unsigned int i = 0; i < smoke_case_count(); i++)
		if (!strcmp(smoke_case_at(i)->name, name))
			return smoke_case_at(i);
	return NULL;
}

/* What profile @p expects case @k to answer. */
static int32_t expected(uint32_t p, const struct smoke_case *k)
{
	const struct smoke_deviation *d = smoke_deviation(p, k->name);

	return d ? d->observed : k->expect;
}

void smoke_profile_decide(struct smoke_detection *d)
{
	unsigned int score[SMOKE_PROFILE_COUNT] = { 0 }, best = 0;

	d->ran = 0;
	for (unsigned int i = 0; i < d->n; i++) {
		if (!d->e[i].ran)
			continue;
		d->ran++;
		for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++)
			score[p] += !!(d->e[i].fits & (1u << p));
	}
	/* Ties go to the lower number: spec first. */
	for (uint32_t p = 1; p < SMOKE_PROFILE_COUNT; p++)
		if (score[p] > score[best])
			best = p;
	d->profile = best;
	d->predicted = score[best];
	if (!d->ran)
		snprintf(d->why, sizeof(d->why), "no probe could run: "
			 "assuming the spec");
	else if (score[best] == d->ran)
		snprintf(d->why, sizeof(d->why), "%s predicts all %u probes",
			 smoke_profile_name(best), d->ran);
	else
		snprintf(d->why, sizeof(d->why), "no profile predicts every "
			 "probe; %s predicts %u of %u",
			 smoke_profile_name(best), score[best], d->ran);
}

int smoke_profile_detect(struct smoke_ctx *c, struct smoke_detection *d)
{
	char stuck[200];

	memset(d, 0, sizeof(*d));
	for (unsigned int i = 0; i < smoke_probe_count(); i++) {
		const struct smoke_case *k = case_named(probes[i]);
		struct smoke_evidence *e = &d->e[d->n];
		int rc;

		if (!k)
			continue;
		d->n++;
		e->name = k->name;
		c->be->errmsg[0] = '\0';
		rc = smoke_run_raw(c, k, stuck, sizeof(stuck));
		if (rc != SMOKE_RUN_DONE) {
			/* A backend failure is the caller's to report. */
			if (c->be->errmsg[0])
				return -EIO;
			continue;
		}
		e->ran = true;
		e->observed = c->out.observed;
		for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++)
			if (expected(p, k) == e->observed)
				e->fits |= 1u << p;
	}
	smoke_profile_decide(d);
	return 0;
}
