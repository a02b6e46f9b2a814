/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FF-A error names and per-ABI error messages, as data (after U-Boot's
 * drivers/firmware/arm-ffa err_msg_map and Linux's ffa_linux_errmap).
 */
#ifndef FFACTL_ERRTAB_H
#define FFACTL_ERRTAB_H

#include <stdint.h>

/* "INVALID_PARAMETERS" for -2; NULL for 0, positive or unknown codes. */
const char *errtab_name(int32_t code);

/* Generic message for a code ("Invalid parameters"); NULL if unknown. */
const char *errtab_generic(int32_t code);

/*
 * The message for @code returned by the ABI with function number @fn_num
 * (FFA_MEM_RECLAIM etc., SMC32/64 alike): the ABI's own message if the table
 * has one, else the generic one; NULL if the code is unknown.
 */
const char *errtab_message(uint32_t fn_num, int32_t code);

/* True if the table has an ABI-specific message for this pair. */
int errtab_has_abi_message(uint32_t fn_num, int32_t code);

/* "FFA_MEM_RECLAIM" for 0x77; NULL if @fn_num is not an FF-A function. */
const char *errtab_abi_name(uint32_t fn_num);

/*
 * Parses an ABI name, with or without the "FFA_" prefix, any case
 * ("mem_reclaim", "FFA_MEM_RECLAIM"), to its function number; -1 if unknown.
 */
int errtab_abi_parse(const char *name);

/* Exit status for an FF-A error code: 10 + n for -n known, 9 otherwise. */
int errtab_exit_status(int32_t code);

/* Number of function numbers the per-ABI table covers, and the i-th one. */
unsigned int errtab_abi_count(void);
uint32_t errtab_abi_at(unsigned int i);

#endif /* FFACTL_ERRTAB_H */
