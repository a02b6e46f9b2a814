// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl: the module's own SMC/HVC conduit. The own transport makes every
 * call through it; the driver transport only the register-only calls that
 * cannot disturb the in-tree FF-A driver's state (FFA_FEATURES,
 * FFA_ID_GET, ...).
 */
#include <linux/arm-smccc.h>
#include <linux/string.h>

#include "ffactl.h"

/* Every register x0..x17 in and out (SMCCC v1.2). */
void ffactl_invoke(u64 *regs)
{
	struct arm_smccc_1_2_regs args, res;

	BUILD_BUG_ON(sizeof(args) != FFACTL_NREGS * sizeof(u64));
	memcpy(&args, regs, sizeof(args));
	if (ffactl.hvc)
		arm_smccc_1_2_hvc(&args, &res);
	else
		arm_smccc_1_2_smc(&args, &res);
	memcpy(regs, &res, sizeof(res));
}

void ffactl_call5(u64 *regs, u32 fid, u64 a1, u64 a2, u64 a3, u64 a4)
{
	memset(regs, 0, FFACTL_NREGS * sizeof(u64));
	regs[0] = fid;
	regs[1] = a1;
	regs[2] = a2;
	regs[3] = a3;
	regs[4] = a4;
	ffactl_invoke(regs);
}

/* SMC32 results live in w0..w7: the upper halves are not defined. */
bool ffa_is_success(u64 a0)
{
	return (u32)a0 == FFA_SMC32(FFA_NUM_SUCCESS) ||
	       (u32)a0 == FFA_SMC64(FFA_NUM_SUCCESS);
}

bool ffa_is_error(u64 a0)
{
	return (u32)a0 == FFA_ERROR;
}

s32 ffa_error_code(const u64 *regs)
{
	return (s32)(u32)regs[2];
}

/* FFA_ERROR as the firmware would answer it (DEN0077 §13.1). */
void ffa_set_error(u64 *regs, s32 code)
{
	memset(regs, 0, FFACTL_NREGS * sizeof(u64));
	regs[0] = FFA_ERROR;
	regs[2] = (u32)code;
}

/* @a0 is function @num, SMC32 or SMC64. */
bool ffactl_fid_is(u64 a0, u32 num)
{
	return !(a0 >> 32) && ((u32)a0 == FFA_SMC32(num) ||
			       (u32)a0 == FFA_SMC64(num));
}
