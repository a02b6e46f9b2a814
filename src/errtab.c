// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FF-A error names and per-ABI error messages, kept as data: arrays indexed
 * by -code and by function number, every lookup bounds-checked first (Linux
 * once shipped an overflow in exactly such a table, see "firmware: arm_ffa:
 * Fix a possible ffa_linux_errmap buffer overflow").
 *
 * The per-ABI messages paraphrase the "FFA_ERROR encoding" table of each
 * ABI in DEN0077 (v1.2), following U-Boot's err_msg_map, but without the
 * "NAME: " prefix: the tool prints "<ABI>: <NAME>: <message>".
 */
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "errtab.h"
#include "ffa/ffa.h"

/* Slot n holds the entry for error code -n; slot 0 is never used. */
#define ERR_SLOTS (1 - FFA_ERROR_MIN)
#define E(code) (-(code))

/* Function numbers the tables cover: FFA_ERROR .. FFA_MSG_SEND_DIRECT_RESP2. */
#define FN_FIRST FFA_ERROR
#define FN_LAST FFA_MSG_SEND_DIRECT_RESP2
#define FN_SLOTS (FN_LAST - FN_FIRST + 1)
#define F(num) ((num) - FN_FIRST)

static const char *const err_names[ERR_SLOTS] = {
	[E(FFA_RET_NOT_SUPPORTED)] = "NOT_SUPPORTED",
	[E(FFA_RET_INVALID_PARAMETERS)] = "INVALID_PARAMETERS",
	[E(FFA_RET_NO_MEMORY)] = "NO_MEMORY",
	[E(FFA_RET_BUSY)] = "BUSY",
	[E(FFA_RET_INTERRUPTED)] = "INTERRUPTED",
	[E(FFA_RET_DENIED)] = "DENIED",
	[E(FFA_RET_RETRY)] = "RETRY",
	[E(FFA_RET_ABORTED)] = "ABORTED",
	[E(FFA_RET_NO_DATA)] = "NO_DATA",
	[E(FFA_RET_NOT_READY)] = "NOT_READY",
};

/* DEN0077 "Status codes": the meaning of each code when no ABI says more. */
static const char *const err_generic[ERR_SLOTS] = {
	[E(FFA_RET_NOT_SUPPORTED)] = "Operation not supported",
	[E(FFA_RET_INVALID_PARAMETERS)] = "Invalid parameters",
	[E(FFA_RET_NO_MEMORY)] = "Not enough memory",
	[E(FFA_RET_BUSY)] = "Busy",
	[E(FFA_RET_INTERRUPTED)] = "Interrupted",
	[E(FFA_RET_DENIED)] = "Denied",
	[E(FFA_RET_RETRY)] = "Retry",
	[E(FFA_RET_ABORTED)] = "Aborted",
	[E(FFA_RET_NO_DATA)] = "No data",
	[E(FFA_RET_NOT_READY)] = "Not ready",
};

static const char *const abi_names[FN_SLOTS] = {
	[F(FFA_ERROR)] = "FFA_ERROR",
	[F(FFA_SUCCESS)] = "FFA_SUCCESS",
	[F(FFA_INTERRUPT)] = "FFA_INTERRUPT",
	[F(FFA_VERSION)] = "FFA_VERSION",
	[F(FFA_FEATURES)] = "FFA_FEATURES",
	[F(FFA_RX_RELEASE)] = "FFA_RX_RELEASE",
	[F(FFA_RXTX_MAP)] = "FFA_RXTX_MAP",
	[F(FFA_RXTX_UNMAP)] = "FFA_RXTX_UNMAP",
	[F(FFA_PARTITION_INFO_GET)] = "FFA_PARTITION_INFO_GET",
	[F(FFA_ID_GET)] = "FFA_ID_GET",
	[F(FFA_MSG_POLL)] = "FFA_MSG_POLL",
	[F(FFA_MSG_WAIT)] = "FFA_MSG_WAIT",
	[F(FFA_YIELD)] = "FFA_YIELD",
	[F(FFA_RUN)] = "FFA_RUN",
	[F(FFA_MSG_SEND)] = "FFA_MSG_SEND",
	[F(FFA_MSG_SEND_DIRECT_REQ)] = "FFA_MSG_SEND_DIRECT_REQ",
	[F(FFA_MSG_SEND_DIRECT_RESP)] = "FFA_MSG_SEND_DIRECT_RESP",
	[F(FFA_MEM_DONATE)] = "FFA_MEM_DONATE",
	[F(FFA_MEM_LEND)] = "FFA_MEM_LEND",
	[F(FFA_MEM_SHARE)] = "FFA_MEM_SHARE",
	[F(FFA_MEM_RETRIEVE_REQ)] = "FFA_MEM_RETRIEVE_REQ",
	[F(FFA_MEM_RETRIEVE_RESP)] = "FFA_MEM_RETRIEVE_RESP",
	[F(FFA_MEM_RELINQUISH)] = "FFA_MEM_RELINQUISH",
	[F(FFA_MEM_RECLAIM)] = "FFA_MEM_RECLAIM",
	[F(FFA_MEM_OP_PAUSE)] = "FFA_MEM_OP_PAUSE",
	[F(FFA_MEM_OP_RESUME)] = "FFA_MEM_OP_RESUME",
	[F(FFA_MEM_FRAG_RX)] = "FFA_MEM_FRAG_RX",
	[F(FFA_MEM_FRAG_TX)] = "FFA_MEM_FRAG_TX",
	[F(FFA_NORMAL_WORLD_RESUME)] = "FFA_NORMAL_WORLD_RESUME",
	[F(FFA_NOTIFICATION_BITMAP_CREATE)] = "FFA_NOTIFICATION_BITMAP_CREATE",
	[F(FFA_NOTIFICATION_BITMAP_DESTROY)] =
		"FFA_NOTIFICATION_BITMAP_DESTROY",
	[F(FFA_NOTIFICATION_BIND)] = "FFA_NOTIFICATION_BIND",
	[F(FFA_NOTIFICATION_UNBIND)] = "FFA_NOTIFICATION_UNBIND",
	[F(FFA_NOTIFICATION_SET)] = "FFA_NOTIFICATION_SET",
	[F(FFA_NOTIFICATION_GET)] = "FFA_NOTIFICATION_GET",
	[F(FFA_NOTIFICATION_INFO_GET)] = "FFA_NOTIFICATION_INFO_GET",
	[F(FFA_RX_ACQUIRE)] = "FFA_RX_ACQUIRE",
	[F(FFA_SPM_ID_GET)] = "FFA_SPM_ID_GET",
	[F(FFA_MSG_SEND2)] = "FFA_MSG_SEND2",
	[F(FFA_SECONDARY_EP_REGISTER)] = "FFA_SECONDARY_EP_REGISTER",
	[F(FFA_MEM_PERM_GET)] = "FFA_MEM_PERM_GET",
	[F(FFA_MEM_PERM_SET)] = "FFA_MEM_PERM_SET",
	[F(FFA_CONSOLE_LOG)] = "FFA_CONSOLE_LOG",
	[F(FFA_PARTITION_INFO_GET_REGS)] = "FFA_PARTITION_INFO_GET_REGS",
	[F(FFA_EL3_INTR_HANDLE)] = "FFA_EL3_INTR_HANDLE",
	[F(FFA_MSG_SEND_DIRECT_REQ2)] = "FFA_MSG_SEND_DIRECT_REQ2",
	[F(FFA_MSG_SEND_DIRECT_RESP2)] = "FFA_MSG_SEND_DIRECT_RESP2",
};

struct abi_errmsgs {
	const char *msg[ERR_SLOTS];
};

/* Wording shared by several ABIs' error tables in DEN0077. */
#define MSG_NOT_IMPL "This function is not implemented at this FF-A instance"
#define MSG_NOT_STATE "Callee is not in a state to handle this request"
#define MSG_NOT_READY "Callee is not ready to handle this request"
#define MSG_TARGET_ABORTED \
	"Message target ran into an unexpected error and has aborted"
#define MSG_MEM_DENIED \
	"Memory region ownership, permission, access or attributes error"

/* DEN0077 memory management: share, lend and donate list the same errors. */
#define MEM_SEND_MSGS \
	[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL, \
	[E(FFA_RET_INVALID_PARAMETERS)] = \
		"Malformed descriptor or invalid endpoint", \
	[E(FFA_RET_NO_MEMORY)] = "Not enough memory", \
	[E(FFA_RET_DENIED)] = MSG_MEM_DENIED, \
	[E(FFA_RET_ABORTED)] = "ABI invocation failure"

static const struct abi_errmsgs abi_msgs[FN_SLOTS] = {
	/* DEN0077 §13.2: NOT_SUPPORTED comes back in w0, not FFA_ERROR. */
	[F(FFA_VERSION)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] =
			"FF-A not implemented or the version is not supported",
	} },
	[F(FFA_FEATURES)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] =
			"Interface or feature not implemented, or invalid ID",
	} },
	[F(FFA_RX_RELEASE)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"No buffer pair registered on behalf of the VM",
		[E(FFA_RET_DENIED)] =
			"Caller did not have ownership of the RX buffer",
	} },
	[F(FFA_RXTX_MAP)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Bad buffer address or alignment, or bad page count",
		[E(FFA_RET_NO_MEMORY)] =
			"Not enough memory to map the buffers",
		[E(FFA_RET_DENIED)] = "Buffer pair already registered",
	} },
	[F(FFA_RXTX_UNMAP)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"No buffer pair registered on behalf of the caller",
	} },
	[F(FFA_PARTITION_INFO_GET)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] = "Unrecognized UUID",
		[E(FFA_RET_NO_MEMORY)] =
			"Results cannot fit in RX buffer of the caller",
		[E(FFA_RET_BUSY)] = "RX buffer of the caller is not free",
		[E(FFA_RET_DENIED)] = MSG_NOT_STATE,
		[E(FFA_RET_NOT_READY)] = MSG_NOT_READY,
	} },
	[F(FFA_ID_GET)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
	} },
	[F(FFA_MSG_SEND_DIRECT_REQ)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Invalid endpoint ID or non-zero reserved register",
		[E(FFA_RET_BUSY)] = "Message target is busy",
		[E(FFA_RET_DENIED)] = MSG_NOT_STATE,
		[E(FFA_RET_ABORTED)] = MSG_TARGET_ABORTED,
	} },
	[F(FFA_MEM_DONATE)] = { { MEM_SEND_MSGS } },
	[F(FFA_MEM_LEND)] = { { MEM_SEND_MSGS } },
	[F(FFA_MEM_SHARE)] = { { MEM_SEND_MSGS } },
	[F(FFA_MEM_RETRIEVE_REQ)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Malformed descriptor, invalid handle or endpoint",
		[E(FFA_RET_NO_MEMORY)] =
			"Not enough memory to map the region or describe it",
		[E(FFA_RET_DENIED)] =
			"Memory region state, permission or attributes error",
		[E(FFA_RET_ABORTED)] = "ABI invocation failure",
	} },
	[F(FFA_MEM_RELINQUISH)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Invalid handle, endpoint or flags",
		[E(FFA_RET_NO_MEMORY)] = "Not enough memory",
		[E(FFA_RET_DENIED)] =
			"Region not retrieved by the caller, or still in use",
		[E(FFA_RET_ABORTED)] = "ABI invocation failure",
	} },
	/* Exactly the U-Boot FFA_MEM_RECLAIM patch's four messages. */
	[F(FFA_MEM_RECLAIM)] = { {
		[E(FFA_RET_ABORTED)] = "ABI invocation failure",
		[E(FFA_RET_INVALID_PARAMETERS)] = "Invalid handle or flags",
		[E(FFA_RET_NO_MEMORY)] =
			"Failure to create the Owner's mapping",
		[E(FFA_RET_DENIED)] = "Memory region state issue",
	} },
	[F(FFA_MEM_FRAG_RX)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Invalid handle or fragment offset",
		[E(FFA_RET_ABORTED)] = "Transaction aborted",
	} },
	[F(FFA_MEM_FRAG_TX)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Invalid handle or fragment length, or bad descriptor",
		[E(FFA_RET_NO_MEMORY)] = "Not enough memory",
		[E(FFA_RET_DENIED)] = MSG_MEM_DENIED,
		[E(FFA_RET_ABORTED)] = "Transaction aborted",
	} },
	[F(FFA_RX_ACQUIRE)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"No buffer pair registered on behalf of the VM",
		[E(FFA_RET_DENIED)] =
			"Callee cannot relinquish ownership of the RX buffer",
	} },
	[F(FFA_SPM_ID_GET)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
	} },
	[F(FFA_CONSOLE_LOG)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Character count is zero or too large",
		[E(FFA_RET_RETRY)] =
			"Some or all characters could not be logged",
	} },
	[F(FFA_PARTITION_INFO_GET_REGS)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Unrecognized UUID or invalid start index",
		[E(FFA_RET_DENIED)] = MSG_NOT_STATE,
		[E(FFA_RET_RETRY)] = "The information tag is not valid",
		[E(FFA_RET_NOT_READY)] = MSG_NOT_READY,
	} },
	[F(FFA_MSG_SEND_DIRECT_REQ2)] = { {
		[E(FFA_RET_NOT_SUPPORTED)] = MSG_NOT_IMPL,
		[E(FFA_RET_INVALID_PARAMETERS)] =
			"Invalid endpoint ID or unrecognized UUID",
		[E(FFA_RET_BUSY)] = "Message target is busy",
		[E(FFA_RET_DENIED)] = MSG_NOT_STATE,
		[E(FFA_RET_ABORTED)] = MSG_TARGET_ABORTED,
	} },
};

/* -code for a known error code, 0 for anything else (INT32_MIN included). */
static unsigned int err_slot(int32_t code)
{
	if (code >= FFA_ERROR_MIN && code < 0)
		return (unsigned int)-code;
	return 0;
}

/*
 * Index into the function tables, or -1. Accepts a bare function number
 * (0x77) and, since SMC32 and SMC64 IDs name the same ABI, a whole FF-A
 * function ID (0x84000077, 0xC4000077) too.
 */
static int fn_slot(uint32_t fn)
{
	uint32_t hi = fn & ~0xFFu;

	if (hi == FFA_SMC32_BASE || hi == FFA_SMC64_BASE)
		fn = FFA_FN_NUM(fn);
	else if (hi != 0)
		return -1;
	if (fn < FN_FIRST || fn > FN_LAST)
		return -1;
	return (int)(fn - FN_FIRST);
}

static int has_any_message(const struct abi_errmsgs *m)
{
	for (unsigned int i = 1; i < ERR_SLOTS; i++)
		if (m->msg[i])
			return 1;
	return 0;
}

const char *errtab_name(int32_t code)
{
	unsigned int e = err_slot(code);

	return e ? err_names[e] : NULL;
}

const char *errtab_generic(int32_t code)
{
	unsigned int e = err_slot(code);

	return e ? err_generic[e] : NULL;
}

int errtab_has_abi_message(uint32_t fn_num, int32_t code)
{
	unsigned int e = err_slot(code);
	int f = fn_slot(fn_num);

	return e && f >= 0 && abi_msgs[f].msg[e] != NULL;
}

const char *errtab_message(uint32_t fn_num, int32_t code)
{
	unsigned int e = err_slot(code);
	int f = fn_slot(fn_num);

	if (!e)
		return NULL;
	if (f >= 0 && abi_msgs[f].msg[e])
		return abi_msgs[f].msg[e];
	return err_generic[e];
}

const char *errtab_abi_name(uint32_t fn_num)
{
	int f = fn_slot(fn_num);

	return f >= 0 ? abi_names[f] : NULL;
}

int errtab_abi_parse(const char *name)
{
	if (!name)
		return -1;
	if (!strncasecmp(name, "FFA_", 4))
		name += 4;
	if (!*name)
		return -1;
	for (unsigned int i = 0; i < FN_SLOTS; i++) {
		/* Every table name starts with "FFA_"; compare past it. */
		if (abi_names[i] && !strcasecmp(abi_names[i] + 4, name))
			return (int)(FN_FIRST + i);
	}
	return -1;
}

int errtab_exit_status(int32_t code)
{
	unsigned int e = err_slot(code);

	/* DESIGN.md §7: 10 + n for FF-A error -n, 9 for anything unknown. */
	return e ? 10 + (int)e : 9;
}

unsigned int errtab_abi_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < FN_SLOTS; i++)
		n += (unsigned int)has_any_message(&abi_msgs[i]);
	return n;
}

/* The @i-th function number with per-ABI messages, ascending; 0 if none. */
uint32_t errtab_abi_at(unsigned int i)
{
	for (unsigned int f = 0; f < FN_SLOTS; f++) {
		if (!has_any_message(&abi_msgs[f]))
			continue;
		if (i-- == 0)
			return FN_FIRST + f;
	}
	return 0;
}
