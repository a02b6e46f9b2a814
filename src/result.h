/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoding of FF-A result registers: one place that says whether a call
 * succeeded, failed with an FF-A error, or broke the calling convention.
 */
#ifndef FFACTL_RESULT_H
#define FFACTL_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "ffa/ffa.h"

enum result_kind {
	RESULT_OK,         /* a0 is an expected success ID for the call */
	RESULT_FFA_ERROR,  /* a0 = FFA_ERROR with a known code in a2 */
	RESULT_VIOLATION,  /* the response breaks the calling convention */
};

struct result_status {
	enum result_kind kind;
	uint32_t fid;          /* the function ID that was called (0 if unknown) */
	int32_t code;          /* FF-A error code; for a violation with the code
				* in a1, that code; else 0 */
	const char *abi;       /* "FFA_MEM_RECLAIM", or "unknown ABI" */
	const char *name;      /* "INVALID_PARAMETERS"; "PROTOCOL" for violations */
	const char *message;   /* per-ABI message, or what the violation is */
	char detail[160];      /* extra words: for violations the values
				* seen; for an error, what the tool knows
				* of its cause (a version not negotiated) */
};

/*
 * Classifies @r, the result registers of a call to @fid. For VERSION (which
 * answers a version, or NOT_SUPPORTED in a0) pass its fid as usual.
 * A fid of 0 means "not known" (offline decode of a pasted a0 only).
 */
void result_classify(uint32_t fid, const struct ffa_regs *r,
		     struct result_status *st);

/*
 * The outcome of @r as one number: 0 for success, the FF-A error code, or
 * @violation when the answer breaks the calling convention.
 */
int32_t result_code(uint32_t fid, const struct ffa_regs *r, int32_t violation);

/* The exit status for a classified result (DESIGN.md §7). */
int result_exit_status(const struct result_status *st);

/* Exit status for a violation: the convention breach is reported as 9. */
#define RESULT_EXIT_VIOLATION 9

/* True if @a0 is a success-class ID (FFA_SUCCESS 32/64, or an expected
 * response like MSG_SEND_DIRECT_RESP, MEM_FRAG_RX, MEM_RETRIEVE_RESP). */
bool result_is_success_id(uint32_t fid, uint64_t a0);

#endif /* FFACTL_RESULT_H */
