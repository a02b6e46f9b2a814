/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A ABI constants: function IDs, error codes, flags, memory attributes.
 * Freestanding: only <stdint.h> and <stdbool.h>. Values follow Arm DEN0077
 * (FF-A v1.2) and were checked against Linux include/linux/arm_ffa.h and
 * Hafnium inc/vmapi/hf/ffa.h.
 */
#ifndef FFA_FFA_H
#define FFA_FFA_H

#include <stdbool.h>
#include <stdint.h>

#define FFA_SMC32_BASE 0x84000000u
#define FFA_SMC64_BASE 0xC4000000u
#define FFA_FN_SMC32(n) (FFA_SMC32_BASE | (uint32_t)(n))
#define FFA_FN_SMC64(n) (FFA_SMC64_BASE | (uint32_t)(n))
#define FFA_FN_NUM(fid) ((uint32_t)(fid) & 0xFFu)
#define FFA_FN_IS_SMC64(fid) (((uint32_t)(fid) & 0x40000000u) != 0)

/* The FF-A range of the SMCCC "standard secure service" owner (DEN0077 §7). */
#define FFA_FN_NUM_MIN 0x60u
#define FFA_FN_NUM_MAX 0xFFu

enum ffa_fn_num {
	FFA_ERROR = 0x60,
	FFA_SUCCESS = 0x61,
	FFA_INTERRUPT = 0x62,
	FFA_VERSION = 0x63,
	FFA_FEATURES = 0x64,
	FFA_RX_RELEASE = 0x65,
	FFA_RXTX_MAP = 0x66,
	FFA_RXTX_UNMAP = 0x67,
	FFA_PARTITION_INFO_GET = 0x68,
	FFA_ID_GET = 0x69,
	FFA_MSG_POLL = 0x6A,
	FFA_MSG_WAIT = 0x6B,
	FFA_YIELD = 0x6C,
	FFA_RUN = 0x6D,
	FFA_MSG_SEND = 0x6E,
	FFA_MSG_SEND_DIRECT_REQ = 0x6F,
	FFA_MSG_SEND_DIRECT_RESP = 0x70,
	FFA_MEM_DONATE = 0x71,
	FFA_MEM_LEND = 0x72,
	FFA_MEM_SHARE = 0x73,
	FFA_MEM_RETRIEVE_REQ = 0x74,
	FFA_MEM_RETRIEVE_RESP = 0x75,
	FFA_MEM_RELINQUISH = 0x76,
	FFA_MEM_RECLAIM = 0x77,
	FFA_MEM_OP_PAUSE = 0x78,
	FFA_MEM_OP_RESUME = 0x79,
	FFA_MEM_FRAG_RX = 0x7A,
	FFA_MEM_FRAG_TX = 0x7B,
	FFA_NORMAL_WORLD_RESUME = 0x7C,
	FFA_NOTIFICATION_BITMAP_CREATE = 0x7D,
	FFA_NOTIFICATION_BITMAP_DESTROY = 0x7E,
	FFA_NOTIFICATION_BIND = 0x7F,
	FFA_NOTIFICATION_UNBIND = 0x80,
	FFA_NOTIFICATION_SET = 0x81,
	FFA_NOTIFICATION_GET = 0x82,
	FFA_NOTIFICATION_INFO_GET = 0x83,
	FFA_RX_ACQUIRE = 0x84,
	FFA_SPM_ID_GET = 0x85,
	FFA_MSG_SEND2 = 0x86,
	FFA_SECONDARY_EP_REGISTER = 0x87,
	FFA_MEM_PERM_GET = 0x88,
	FFA_MEM_PERM_SET = 0x89,
	FFA_CONSOLE_LOG = 0x8A,
	FFA_PARTITION_INFO_GET_REGS = 0x8B,
	FFA_EL3_INTR_HANDLE = 0x8C,
	FFA_MSG_SEND_DIRECT_REQ2 = 0x8D,
	FFA_MSG_SEND_DIRECT_RESP2 = 0x8E,
};

/* FF-A status codes (DEN0077 table "Error status codes"). */
enum ffa_error {
	FFA_OK = 0,
	FFA_RET_NOT_SUPPORTED = -1,
	FFA_RET_INVALID_PARAMETERS = -2,
	FFA_RET_NO_MEMORY = -3,
	FFA_RET_BUSY = -4,
	FFA_RET_INTERRUPTED = -5,
	FFA_RET_DENIED = -6,
	FFA_RET_RETRY = -7,
	FFA_RET_ABORTED = -8,
	FFA_RET_NO_DATA = -9,
	FFA_RET_NOT_READY = -10,
};
#define FFA_ERROR_MIN FFA_RET_NOT_READY

/* FFA_VERSION: bit 31 MBZ, major [30:16], minor [15:0]. */
#define FFA_VERSION_MAKE(maj, min) \
	((uint32_t)(((uint32_t)(maj) & 0x7FFFu) << 16 | ((uint32_t)(min) & 0xFFFFu)))
#define FFA_VERSION_MAJOR(v) (((uint32_t)(v) >> 16) & 0x7FFFu)
#define FFA_VERSION_MINOR(v) ((uint32_t)(v) & 0xFFFFu)
#define FFA_VERSION_1_0 FFA_VERSION_MAKE(1, 0)
#define FFA_VERSION_1_1 FFA_VERSION_MAKE(1, 1)
#define FFA_VERSION_1_2 FFA_VERSION_MAKE(1, 2)
#define FFA_VERSION_MBZ (1u << 31)

/* FFA_MEM_RECLAIM flags in a3 (DEN0077 §11.x "FFA_MEM_RECLAIM"). */
#define FFA_RECLAIM_ZERO (1u << 0)
#define FFA_RECLAIM_TIME_SLICE (1u << 1)
#define FFA_RECLAIM_VALID_MASK (FFA_RECLAIM_ZERO | FFA_RECLAIM_TIME_SLICE)

/*
 * Memory transaction descriptor flags (offset 4 of the header). What they
 * mean depends on the ABI. In FFA_MEM_SHARE, _LEND and _DONATE (DEN0077 v1.1
 * Table 10.21, v1.0 Table 5.20): bit 0 zero memory, bit 1 time slicing,
 * bits [31:2] MBZ.
 */
#define FFA_MTD_FLAG_ZERO (1u << 0)
#define FFA_MTD_FLAG_TIME_SLICE (1u << 1)
#define FFA_MTD_SEND_FLAGS_VALID (FFA_MTD_FLAG_ZERO | FFA_MTD_FLAG_TIME_SLICE)
/* Only in FFA_MEM_RETRIEVE_REQ (v1.1 Table 10.22), never in a send. */
#define FFA_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH (1u << 2)
#define FFA_RETRIEVE_FLAG_TYPE_SHIFT 3
#define FFA_RETRIEVE_FLAG_TYPE_MASK (3u << 3)
#define FFA_RETRIEVE_FLAG_TYPE_SHARE (1u << 3)
#define FFA_RETRIEVE_FLAG_TYPE_LEND (2u << 3)
#define FFA_RETRIEVE_FLAG_TYPE_DONATE (3u << 3)
/* Bits [8:5] an address range alignment hint, valid if bit 9 is set. */
#define FFA_RETRIEVE_FLAG_HINT_MASK (0xFu << 5)
#define FFA_RETRIEVE_FLAG_HINT_VALID (1u << 9)
/* v1.2: the request lists the caller alone among several borrowers. */
#define FFA_RETRIEVE_FLAG_BYPASS_BORROWERS (1u << 10)
/* FFA_MEM_RELINQUISH descriptor flags (v1.1 §11.6): bits [31:2] MBZ. */
#define FFA_RELINQUISH_FLAG_ZERO (1u << 0)
#define FFA_RELINQUISH_FLAG_TIME_SLICE (1u << 1)

/* Memory region attributes (DEN0077 "Memory region attributes"). */
#define FFA_ATTR_NS (1u << 6)
#define FFA_ATTR_TYPE_SHIFT 4
#define FFA_ATTR_TYPE_MASK (3u << 4)
#define FFA_ATTR_TYPE_DEVICE (1u << 4)
#define FFA_ATTR_TYPE_NORMAL (2u << 4)
#define FFA_ATTR_CACHE_SHIFT 2
#define FFA_ATTR_CACHE_MASK (3u << 2)
#define FFA_ATTR_CACHE_NC (1u << 2)
#define FFA_ATTR_CACHE_WB (3u << 2)
#define FFA_ATTR_SH_MASK 3u
#define FFA_ATTR_SH_NON 0u
#define FFA_ATTR_SH_OUTER 2u
#define FFA_ATTR_SH_INNER 3u
/* The attributes Linux and U-Boot use for normal shared memory. */
#define FFA_ATTR_NORMAL_WB_INNER \
	(FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB | FFA_ATTR_SH_INNER)

/* Memory access permissions (EMAD byte 2). */
#define FFA_PERM_DATA_MASK 3u
#define FFA_PERM_RO 1u
#define FFA_PERM_RW 2u
#define FFA_PERM_INST_SHIFT 2
#define FFA_PERM_INST_MASK (3u << 2)
#define FFA_PERM_NX (1u << 2)
#define FFA_PERM_X (2u << 2)

/* Handles: 64-bit, passed split over two registers; bit 63 = hypervisor. */
#define FFA_HANDLE_HYP (1ull << 63)
#define FFA_HANDLE_INVALID UINT64_MAX

static inline uint32_t ffa_handle_lo(uint64_t h)
{
	return (uint32_t)h;
}

static inline uint32_t ffa_handle_hi(uint64_t h)
{
	return (uint32_t)(h >> 32);
}

static inline uint64_t ffa_handle_join(uint64_t lo, uint64_t hi)
{
	return (uint64_t)(uint32_t)lo | (uint64_t)(uint32_t)hi << 32;
}

/* Endpoint IDs: bit 15 set = secure partition (by convention of SPMCs). */
#define FFA_ID_SECURE_BIT 0x8000u
#define FFA_PAGE_SIZE 4096u

/* Direct messaging: a2 of a direct request/response. */
#define FFA_MSG_FLAG_FRAMEWORK (1u << 31)

/* FFA_PARTITION_INFO_GET flags (v1.1+): bit0 = return count only. */
#define FFA_PARTITION_INFO_COUNT_ONLY (1u << 0)

/* Number of result registers carried around: x0..x17 (SMCCC v1.2). */
#define FFA_NREGS 18

struct ffa_regs {
	uint64_t a[FFA_NREGS];
};

#endif /* FFA_FFA_H */
