/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ffactl: what the ioctl layer (ffactl_main.c) shares with the conduit
 * (ffactl_conduit.c) and the two transports below it, as Linux's OP-TEE
 * driver shares struct optee_ops between smc_abi.c and ffa_abi.c:
 *
 *   ffactl_own.c     its own conduit, its own RX/TX pair, descriptors as
 *                    user space built them (malformed ones included)
 *   ffactl_driver.c  the in-tree FF-A driver's ops (drivers/firmware/
 *                    arm_ffa), found at run time, for kernels where that
 *                    driver owns the endpoint's only RX/TX pair
 *
 * The ioctl layer copies and checks every user value, keeps the handle
 * list and the pages, and never asks which transport it has.
 */
#ifndef FFACTL_H
#define FFACTL_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "uapi/ffactl.h"

/* FF-A function IDs (DEN0077 v1.2 §13 table 13.1): SMC32 and SMC64. */
#define FFA_SMC32(n)			(0x84000000U | (n))
#define FFA_SMC64(n)			(0xC4000000U | (n))
#define FFA_FN_NUM(fid)			((fid) & 0xFFU)
#define FFA_FN_NUM_MIN			0x60U

#define FFA_NUM_ERROR			0x60
#define FFA_NUM_SUCCESS			0x61
#define FFA_NUM_VERSION			0x63
#define FFA_NUM_FEATURES		0x64
#define FFA_NUM_RX_RELEASE		0x65
#define FFA_NUM_RXTX_MAP		0x66
#define FFA_NUM_RXTX_UNMAP		0x67
#define FFA_NUM_PARTITION_INFO_GET	0x68
#define FFA_NUM_ID_GET			0x69
#define FFA_NUM_MSG_SEND		0x6E
#define FFA_NUM_MSG_SEND_DIRECT_REQ	0x6F
#define FFA_NUM_MSG_SEND_DIRECT_RESP	0x70
#define FFA_NUM_MEM_DONATE		0x71
#define FFA_NUM_MEM_LEND		0x72
#define FFA_NUM_MEM_SHARE		0x73
#define FFA_NUM_MEM_RETRIEVE_REQ	0x74
#define FFA_NUM_MEM_RETRIEVE_RESP	0x75
#define FFA_NUM_MEM_RELINQUISH		0x76
#define FFA_NUM_MEM_RECLAIM		0x77
#define FFA_NUM_MEM_FRAG_RX		0x7A
#define FFA_NUM_MEM_FRAG_TX		0x7B
#define FFA_NUM_RX_ACQUIRE		0x84
#define FFA_NUM_MSG_SEND2		0x86

#define FFA_ERROR			FFA_SMC32(FFA_NUM_ERROR)
#define FFA_SUCCESS			FFA_SMC32(FFA_NUM_SUCCESS)
#define FFA_MEM_FRAG_RX			FFA_SMC32(FFA_NUM_MEM_FRAG_RX)

/* Error status codes (DEN0077 §13.1 table 13.3). */
#define FFA_RET_NOT_SUPPORTED		(-1)
#define FFA_RET_INVALID_PARAMETERS	(-2)
#define FFA_RET_NO_MEMORY		(-3)
#define FFA_RET_BUSY			(-4)
#define FFA_RET_INTERRUPTED		(-5)
#define FFA_RET_DENIED			(-6)
#define FFA_RET_RETRY			(-7)
#define FFA_RET_ABORTED			(-8)

#define FFA_VERSION_MBZ			BIT(31)
#define FFA_MAJOR(v)			(((v) >> 16) & 0x7FFFU)
#define FFA_MINOR(v)			((v) & 0xFFFFU)
#define FFA_VERSION_1_0			0x10000U

/* Partition info flags, a5 (v1.1+): bit 0 = count only, RX untouched. */
#define FFA_PARTITION_INFO_COUNT_ONLY	BIT(0)

#define FFA_HANDLE_INVALID		U64_MAX
#define FFA_CONSTITUENT_SIZE		16
#define FFA_RXTX_PAGE			SZ_4K
#define FFACTL_RECEIVERS		4

/* One handle the module holds pages for. */
struct ffactl_handle {
	struct list_head node;
	u64 handle;
	u32 fn_num;
	u32 state;
	u32 nr_pages;
	u32 receiver_count;
	u16 receivers[FFACTL_RECEIVERS];
	struct page **pages;
};

/*
 * What differs between the transports. Every op but init/exit is called
 * with ffactl.lock held, on values the ioctl layer has copied and checked.
 * An op returns 0 with the answer in @regs (x0..x17; for ops through the
 * in-tree driver, rebuilt from what its op returned), -EOPNOTSUPP when
 * the transport cannot make the request as asked (nothing was sent; the
 * reason logged with tp_cannot_notice()), or another negative errno.
 */
struct ffactl_transport {
	const char *name;
	u32 id;				/* FFACTL_TRANSPORT_* */
	/* At load, after the conduit is chosen; fills ffactl's fields. */
	int (*init)(void);
	/* At unload, after every handle was reclaimed or leaked. */
	void (*exit)(void);
	/* A register-only call, ffactl_raw_allowed() passed (call ioctl). */
	int (*call)(u64 *regs);
	/* Whether bench and batch may make @regs (0, or -EOPNOTSUPP). */
	int (*loop_allowed)(const u64 *regs);
	/* After a bench loop of @in, the last answer @out (may be NULL). */
	void (*loop_done)(const u64 *in, const u64 *out);
	/* Whether @s with @desc can be sent as built; before any allocation. */
	int (*send_check)(const struct ffactl_mem_send *s, const u8 *desc);
	/*
	 * Sends @desc (constituent addresses filled in) for @h's pages.
	 * -EREMOTEIO: the outcome is unknown; the pages are kept under
	 * *@frag_handle (or FFA_HANDLE_INVALID).
	 */
	int (*mem_send)(const struct ffactl_mem_send *s, const u8 *desc,
			struct ffactl_handle *h, u64 *regs, u32 *fragments,
			u64 *frag_handle);
	int (*reclaim)(u64 handle, u32 flags, u64 *regs);
	/* Copies at most @cap bytes of descriptors to @buf, *@len of them. */
	int (*partition_info)(const struct ffactl_partition_info *p, u64 *regs,
			      u8 *buf, u32 cap, u32 *len);
	/*
	 * FFACTL_IOC_RXTX_PROBE: runs @p->kind's sequence and restores the
	 * module's RX/TX state; fills @p's [out] fields. -EIO: preparing or
	 * restoring failed (@p->made says which; @p is copied back).
	 */
	int (*rxtx_probe)(struct ffactl_rxtx_probe *p);
};

extern const struct ffactl_transport ffactl_transport_own;
extern const struct ffactl_transport ffactl_transport_driver;

/*
 * The module's state: one RX/TX pair and one negotiated version per
 * endpoint (DEN0077 §13.6, §13.2) make this a singleton. @lock serialises
 * every call the module makes (TX and RX contents, and firmware that is
 * not SMP-safe), the handle list and the changes of @version_negotiated.
 */
struct ffactl_state {
	struct mutex lock; /* firmware calls, TX/RX, handles, version */
	struct list_head handles;
	const struct ffactl_transport *tp;
	struct page *tx_page;
	struct page *rx_page;
	void *tx;
	void *rx;
	u32 rxtx_size;
	bool hvc;
	u32 version_found;
	u32 version_requested;
	u32 version_negotiated;
	u16 id;
	u32 flags;
};

extern struct ffactl_state ffactl;

/* ffactl_conduit.c: the SMC/HVC conduit, x0..x17 in and out. */
void ffactl_invoke(u64 *regs);
void ffactl_call5(u64 *regs, u32 fid, u64 a1, u64 a2, u64 a3, u64 a4);
bool ffa_is_success(u64 a0);
bool ffa_is_error(u64 a0);
s32 ffa_error_code(const u64 *regs);
void ffa_set_error(u64 *regs, s32 code);
bool ffactl_fid_is(u64 a0, u32 num);

/*
 * ffactl_main.c: logs why the transport cannot make a request (the op
 * then returns -EOPNOTSUPP); one line, rate-limited.
 */
void tp_cannot_notice(const char *fmt, ...) __printf(1, 2);

/* ffactl_driver.c: the in-tree FF-A driver is loaded and set up. */
bool ffactl_driver_present(void);

#endif /* FFACTL_H */
