// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What real SPMCs do differently from DEN0077, one row per (profile, case),
 * and how --profile auto tells them apart. The rows reproduce the behaviour
 * the sim's profiles model (model/model.c cites the firmware sources).
 */
#include <string.h>

#include "ffa/desc.h"
#include "ffa/uuid.h"
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

static const struct smoke_deviation deviations[] = {
	{ TFA, "features_mem_donate_32", NOTSUP, TFA_DONATE },
	{ TFA, "features_mem_donate_64", NOTSUP, TFA_DONATE },
	{ TFA, "reclaim_flag_zero", INVAL, TFA_FLAGS },
	{ TFA, "reclaim_flag_time_slice", INVAL, TFA_FLAGS },
	{ TFA, "reclaim_zero_really_zeroes", INVAL, TFA_FLAGS },
	{ OPTEE, "features_mem_donate_32", NOTSUP, OPTEE_DONATE },
	{ OPTEE, "features_mem_donate_64", NOTSUP, OPTEE_DONATE },
	{ OPTEE, "reclaim_flag_zero", INVAL, OPTEE_FLAGS },
	{ OPTEE, "reclaim_flag_time_slice", INVAL, OPTEE_FLAGS },
	{ OPTEE, "reclaim_zero_really_zeroes", INVAL, OPTEE_FLAGS },
	{ OPTEE, "share_outer_shareable", INVAL, OPTEE_ATTRS },
	{ OPTEE, "share_non_cacheable", INVAL, OPTEE_ATTRS },
	{ OPTEE, "write_read_only_share", INVAL,
	  OPTEE_PERM " (the read-only share itself is refused)" },
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
 * FF-A version and SPMC ID do not tell these SPMCs apart (all answer 1.1
 * or 1.2, and 0x8000 is the usual SPMC ID everywhere), so they are only
 * reported. What does: Hafnium implements FFA_MEM_DONATE, TF-A's EL3 SPMC
 * and OP-TEE do not; OP-TEE as SPMC lists its own UUID, or failing that
 * refuses a share of outer-shareable memory, which TF-A accepts.
 */
uint32_t smoke_profile_decide(const struct smoke_facts *f, const char **why)
{
	const char *w;
	uint32_t p;

	if (f->donate) {
		p = FFA_PROFILE_SPEC;
		w = "FFA_MEM_DONATE supported (Hafnium-like)";
	} else if (f->optee_uuid) {
		p = FFA_PROFILE_OPTEE;
		w = "no FFA_MEM_DONATE; OP-TEE's UUID among the partitions";
	} else if (f->attr_probe != 0 && f->attr_probe != 1) {
		p = FFA_PROFILE_OPTEE;
		w = "no FFA_MEM_DONATE; an outer-shareable share was refused "
		    "(OP-TEE's attribute rule)";
	} else if (f->attr_probe == 0) {
		p = FFA_PROFILE_TFA_EL3;
		w = "no FFA_MEM_DONATE; an outer-shareable share was accepted "
		    "(TF-A EL3 SPMC)";
	} else {
		p = FFA_PROFILE_TFA_EL3;
		w = "no FFA_MEM_DONATE, no partition to probe with: assuming "
		    "TF-A EL3 SPMC";
	}
	if (why)
		*why = w;
	return p;
}

/* OP-TEE's FF-A UUID (Linux drivers/tee/optee/ffa_abi.c). */
#define OPTEE_UUID "486178e0-e7f8-11e3-bc5e-0002a5d5c51b"

static bool is_success(const struct ffa_regs *r)
{
	return (uint32_t)r->a[0] == FFA_FN_SMC32(FFA_SUCCESS) ||
	       (uint32_t)r->a[0] == FFA_FN_SMC64(FFA_SUCCESS);
}

/* Shares one page, outer shareable, with @to; reclaims it if accepted. */
static int probe_attrs(struct ffactl_backend *be, uint16_t self, uint16_t to,
		       int32_t *out)
{
	struct ffa_mem_region r = {
		.version = FFA_VERSION_1_1, .sender = self,
		.attributes = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB |
			      FFA_ATTR_SH_OUTER,
		.receiver_count = 1,
	};
	struct ffa_constituent cons = { 0, 1 };
	struct mem_send_req req = { 0 };
	struct mem_send_res res = { 0 };
	struct mem_reclaim_res rres;
	uint8_t buf[128];
	size_t len;
	int rc;

	r.receivers[0].receiver = to;
	r.receivers[0].perm = FFA_PERM_RW;
	len = ffa_desc_encode(&r, &cons, 1, buf, sizeof(buf));
	req.fid = FFA_FN_SMC32(FFA_MEM_SHARE);
	req.desc = buf;
	req.desc_len = (uint32_t)len;
	req.cons_off = FFA_MTD_V1_1_HDR_SIZE + FFA_EMAD_V1_0_SIZE +
		       FFA_COMPOSITE_SIZE;
	req.cons_count = 1;
	req.pages = 1;
	req.addr_mode = MEM_ADDR_FILL;
	rc = be->ops->mem_send(be, &req, &res);
	if (rc < 0)
		return rc;
	if (!is_success(&res.regs)) {
		*out = (uint32_t)res.regs.a[0] == FFA_FN_SMC32(FFA_ERROR) ?
			       (int32_t)(uint32_t)res.regs.a[2] :
			       FFA_RET_ABORTED;
		return 0;
	}
	*out = 0;
	return be->ops->mem_reclaim(be, res.handle, 0, false, &rres);
}

int smoke_profile_detect(struct ffactl_backend *be, struct smoke_facts *f,
			 const char **why)
{
	static const uint32_t nil[4];
	uint32_t optee[4], test_sp[4];
	struct ffa_regs r;
	uint8_t buf[4096];
	uint16_t self = 0, probe_to = 0;
	bool have_to = false;
	size_t len = 0, size;
	uint32_t n;
	int rc;

	memset(f, 0, sizeof(*f));
	f->spm_id = -1;
	f->attr_probe = 1;
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_2;
	rc = be->ops->call(be, &r);
	if (rc < 0)
		return rc;
	if (!((uint32_t)r.a[0] & FFA_VERSION_MBZ))
		f->version = (uint32_t)r.a[0];
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_SPM_ID_GET);
	if (be->ops->call(be, &r) == 0 && is_success(&r))
		f->spm_id = (int32_t)(uint16_t)r.a[2];
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_ID_GET);
	if (be->ops->call(be, &r) == 0 && is_success(&r))
		self = (uint16_t)r.a[2];
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_FEATURES);
	r.a[1] = FFA_FN_SMC32(FFA_MEM_DONATE);
	rc = be->ops->call(be, &r);
	if (rc < 0)
		return rc;
	f->donate = is_success(&r);

	/* Partition UUIDs (v1.1+ descriptors carry them: 24 bytes each). */
	ffa_uuid_parse(OPTEE_UUID, optee);
	ffa_uuid_parse(FFA_MODEL_TEST_SP_UUID_STR, test_sp);
	rc = be->ops->partition_info(be, nil, 0, &r, buf, sizeof(buf), &len);
	if (rc < 0)
		return rc;
	size = (uint32_t)r.a[3];
	n = is_success(&r) ? (uint32_t)r.a[2] : 0;
	for (uint32_t i = 0; i < n && size >= 24 && (i + 1) * size <= len;
	     i++) {
		const uint8_t *d = buf + i * size;
		uint32_t u[4];

		for (int j = 0; j < 4; j++)
			u[j] = ffa_le32(d + 8 + 4 * j);
		if (!memcmp(u, optee, sizeof(u)))
			f->optee_uuid = true;
		/* Probe with the test partition if there is one. */
		if (!have_to || !memcmp(u, test_sp, sizeof(u))) {
			probe_to = ffa_le16(d);
			have_to = true;
		}
	}
	if (!f->donate && !f->optee_uuid && have_to) {
		rc = probe_attrs(be, self, probe_to, &f->attr_probe);
		if (rc < 0)
			return rc;
	}
	return (int)smoke_profile_decide(f, why);
}
