/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ffactl: the ioctl ABI of /dev/ffactl, shared verbatim by the kernel module
 * (kmod/) and the tool (src/ioctl_bridge.c).
 *
 * Two error channels: the ioctl's errno says whether the request reached
 * the firmware (bad struct, no permission, no RX/TX); the FF-A status the
 * firmware answered travels in the registers copied back (a0 =
 * FFA_ERROR/FFA_SUCCESS/...), never folded into errno.
 *
 * Rules common to every command: the caller needs CAP_SYS_RAWIO (-EPERM);
 * fields marked "must be zero" that are not give -EINVAL; a struct the
 * module cannot read gives -EFAULT; an unknown command gives -ENOTTY.
 * Everything the module copies back is fully initialised (padding zeroed).
 * Under FFACTL_TRANSPORT_DRIVER two more: -EOPNOTSUPP, a request that
 * transport cannot make as asked (nothing was sent); -EREMOTEIO, the
 * in-tree driver returned an error that names no single FF-A status
 * (pages of a send are then kept, as for an answer the module cannot
 * read). Neither is ever returned under FFACTL_TRANSPORT_OWN.
 *
 * FFACTL_IOC_VERSION is frozen: its number, its size and the place of
 * every field never change, so a tool can always learn which ABI a module
 * speaks before using anything else. New [out] fields are only carved out
 * of its @reserved words, which older modules leave zero (so zero must
 * mean "not reported"). Any incompatible change to another command bumps
 * FFACTL_ABI_VERSION.
 */
#ifndef _UAPI_FFACTL_H
#define _UAPI_FFACTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define FFACTL_ABI_VERSION	1

#define FFACTL_IOC_MAGIC	0xFA

/* Result registers carried by FFACTL_IOC_CALL: x0..x17 (SMCCC v1.2). */
#define FFACTL_NREGS		18
/* Result registers of the memory and partition commands: x0..x7. */
#define FFACTL_NREGS_SHORT	8

/* Largest descriptor FFACTL_IOC_MEM_SEND accepts. */
#define FFACTL_MAX_DESC		(1U << 20)
/* Most pages FFACTL_IOC_MEM_SEND allocates at once (16 MiB of 4 KiB). */
#define FFACTL_MAX_PAGES	4096U
/* Most iterations FFACTL_IOC_BENCH runs at once. */
#define FFACTL_MAX_BENCH	1000000U
/* Most calls one FFACTL_IOC_CALL_BATCH carries. */
#define FFACTL_MAX_BATCH	4096U

/* struct ffactl_version.conduit */
#define FFACTL_CONDUIT_SMC	1
#define FFACTL_CONDUIT_HVC	2

/*
 * struct ffactl_version.transport: what carries the module's FF-A calls.
 * Zero: a module that predates the field, which is FFACTL_TRANSPORT_OWN.
 */
/* Its own conduit (SMC/HVC), its own RX/TX pair, descriptors as built. */
#define FFACTL_TRANSPORT_OWN		1
/*
 * The in-tree FF-A driver's ops (drivers/firmware/arm_ffa), which own the
 * endpoint's RX/TX pair and its FF-A version: the driver builds the
 * memory descriptors itself, so only those it would build can be sent;
 * FFA_VERSION, FFA_RX_RELEASE and raw partition queries are refused;
 * results of the driver's ops come back as registers rebuilt from its
 * return value. What it cannot do fails with -EOPNOTSUPP.
 */
#define FFACTL_TRANSPORT_DRIVER		2

/* struct ffactl_version.flags */
/* The in-tree FF-A driver is loaded and initialised (found at run time). */
#define FFACTL_VERSION_F_INTREE_FFA	(1U << 0)
/* No RX/TX pair is mapped: only FFACTL_IOC_CALL and _BENCH work. */
#define FFACTL_VERSION_F_NO_RXTX	(1U << 1)
/* FFACTL_IOC_MEM_RECLAIM reports @first_word with VERIFY_ZERO. */
#define FFACTL_VERSION_F_FIRST_WORD	(1U << 2)
/*
 * FFACTL_TRANSPORT_DRIVER: the in-tree driver sends the memory ABIs as
 * SMC64 on this firmware, so FFACTL_IOC_MEM_SEND takes only their SMC64
 * IDs; clear: only their SMC32 IDs. Zero under FFACTL_TRANSPORT_OWN,
 * which sends either.
 */
#define FFACTL_VERSION_F_MEM_SMC64	(1U << 3)

/**
 * struct ffactl_version - the module and its FF-A endpoint
 * (FFACTL_IOC_VERSION)
 * @abi_version:	[out] FFACTL_ABI_VERSION the module was built with
 * @ffa_version:	[out] what the firmware answered to FFA_VERSION at load
 *			(its own version: major in [30:16], minor in [15:0]);
 *			0 under FFACTL_TRANSPORT_DRIVER, which never asks
 * @ffa_version_requested: [out] the version the module asked for at load
 *			(module parameter ffa_version); see
 *			@ffa_version_negotiated for the one in use now; 0
 *			under FFACTL_TRANSPORT_DRIVER
 * @conduit:		[out] FFACTL_CONDUIT_SMC or FFACTL_CONDUIT_HVC
 * @endpoint_id:	[out] our endpoint ID, from FFA_ID_GET at load
 * @pad:		[out] zero
 * @rxtx_size:		[out] bytes in each of RX and TX; 0 when the
 *			module could not map them (see @flags), and under
 *			FFACTL_TRANSPORT_DRIVER (the in-tree driver's pair)
 * @flags:		[out] FFACTL_VERSION_F_*
 * @ffa_version_negotiated: [out] the FF-A version negotiated now, whose
 *			layout the firmware reads our descriptors in:
 *			@ffa_version_requested at load, then the version
 *			asked (a1) by the last FFA_VERSION made through
 *			FFACTL_IOC_CALL, _CALL_BATCH or _BENCH that the
 *			firmware answered with a version (a0 bit 31 clear):
 *			FFA_VERSION negotiates per endpoint (DEN0077 v1.2
 *			section 13.2) and the last caller wins, so the
 *			module follows it. Zero from a module that predates
 *			this field (it was @reserved[0]): such a module does
 *			not follow. Under FFACTL_TRANSPORT_DRIVER: the
 *			version the in-tree driver negotiated (its
 *			api_version_get()), which nothing here changes.
 * @transport:		[out] FFACTL_TRANSPORT_*; zero from a module that
 *			predates this field (it was @reserved[0] after
 *			@ffa_version_negotiated): FFACTL_TRANSPORT_OWN
 * @reserved:		[out] zero; the input is ignored, so that any tool
 *			can probe any module
 */
struct ffactl_version {
	__u32 abi_version;
	__u32 ffa_version;
	__u32 ffa_version_requested;
	__u32 conduit;
	__u16 endpoint_id;
	__u16 pad;
	__u32 rxtx_size;
	__u32 flags;
	__u32 ffa_version_negotiated;
	__u32 transport;
	__u32 reserved[3];
};

/**
 * struct ffactl_call - one register-only FF-A call (FFACTL_IOC_CALL)
 * @regs:	[in] a0..a17 as the caller's registers; a0 must be an FF-A
 *		function ID (0x84000060-0x840000FF or 0xC4000060-0xC40000FF)
 *		other than the memory-management and RX/TX ABIs, which only
 *		the commands below issue (-EINVAL otherwise).
 *		[out] x0..x17 as the firmware returned them
 * @flags:	[in] must be zero
 * @pad:	[in] must be zero
 */
struct ffactl_call {
	__u64 regs[FFACTL_NREGS];
	__u32 flags;
	__u32 pad;
};

/* struct ffactl_mem_send.addr_mode */
/* Write the address of page i into constituent i (each one page). */
#define FFACTL_ADDR_FILL	0
/* Send the descriptor untouched (negative tests); pages still allocated. */
#define FFACTL_ADDR_AS_IS	1

/* struct ffactl_mem_send.flags */
/* Fill every allocated page with @fill_pattern (a 32-bit word, repeated). */
#define FFACTL_SEND_FILL	(1U << 0)
/*
 * Send pages the module already holds for @reuse_handle instead of fresh
 * ones (a second transaction of pages a live one holds: DEN0077's state
 * machine says the firmware must refuse it). Older modules refuse the
 * flag with -EINVAL.
 */
#define FFACTL_SEND_REUSE	(1U << 1)
#define FFACTL_SEND_VALID_FLAGS	(FFACTL_SEND_FILL | FFACTL_SEND_REUSE)

/**
 * struct ffactl_mem_send - FFA_MEM_SHARE/LEND/DONATE (FFACTL_IOC_MEM_SEND)
 * @fid:	[in] FFA_MEM_SHARE, FFA_MEM_LEND or FFA_MEM_DONATE, in the
 *		SMC32 or SMC64 form
 * @flags:	[in] FFACTL_SEND_*; other bits must be zero
 * @desc_ptr:	[in] user pointer to the memory transaction descriptor,
 *		built by the caller (any version, even malformed on purpose)
 * @desc_len:	[in] its length, 1..FFACTL_MAX_DESC
 * @cons_off:	[in] FFACTL_ADDR_FILL: offset in the descriptor of the
 *		first 16-byte constituent (address u64, page count u32,
 *		reserved u32)
 * @cons_count:	[in] FFACTL_ADDR_FILL: constituents to fill; the array
 *		must lie within @desc_len, and @cons_count <= @pages
 * @pages:	[in] pages to allocate, 0..FFACTL_MAX_PAGES (zeroed); with
 *		FFACTL_SEND_REUSE, pages to reuse: 1..the page count of
 *		@reuse_handle, its first @pages pages
 * @addr_mode:	[in] FFACTL_ADDR_FILL or FFACTL_ADDR_AS_IS
 * @fill_pattern: [in] the word FFACTL_SEND_FILL writes
 * @frag_len:	[in] bytes per fragment; 0 or more than @rxtx_size means
 *		@rxtx_size. A descriptor larger than that goes out in pieces:
 *		the first with a1 = total length, a2 = fragment length, the
 *		rest with FFA_MEM_FRAG_TX while the firmware answers
 *		FFA_MEM_FRAG_RX (DEN0077 "Fragmented transmission")
 * @fragments:	[out] fragments transmitted
 * @regs:	[out] x0..x7 of the firmware's last answer
 * @handle:	[out] the handle (a2 | a3 << 32) when @regs[0] is
 *		FFA_SUCCESS; the module then owns @pages pages under it.
 *		When @regs[0] is FFA_ERROR: 0, or the handle the firmware
 *		named in FFA_MEM_FRAG_RX if it may still hold the transaction
 *		(a FRAG_TX refused for a descriptor naming another sender);
 *		the module then keeps the pages under it, stuck
 * @reuse_handle: [in] with FFACTL_SEND_REUSE: a handle the module holds
 *		pages for (not stuck); the send uses its first @pages pages
 *		instead of allocating (no FFACTL_SEND_FILL with it: they
 *		are another transaction's). The pages are then shared:
 *		freed only once every handle using them is reclaimed.
 *		-EINVAL for a handle the module does not hold or holds
 *		stuck, or @pages out of range. Without the flag: must be
 *		zero. [out] as given
 * @reserved:	[in] must be zero; [out] zero
 */
struct ffactl_mem_send {
	__u32 fid;
	__u32 flags;
	__u64 desc_ptr;
	__u32 desc_len;
	__u32 cons_off;
	__u32 cons_count;
	__u32 pages;
	__u32 addr_mode;
	__u32 fill_pattern;
	__u32 frag_len;
	__u32 fragments;
	__u64 regs[FFACTL_NREGS_SHORT];
	__u64 handle;
	__u64 reuse_handle;
	__u64 reserved[1];
};

/* struct ffactl_mem_reclaim.request */
/* After a successful reclaim, read the pages back before freeing them. */
#define FFACTL_RECLAIM_VERIFY_ZERO	(1U << 0)
#define FFACTL_RECLAIM_VALID_REQUEST	FFACTL_RECLAIM_VERIFY_ZERO

/**
 * struct ffactl_mem_reclaim - FFA_MEM_RECLAIM (FFACTL_IOC_MEM_RECLAIM)
 * @handle_lo:	[in] a1: low 32 bits of the handle
 * @handle_hi:	[in] a2: high 32 bits of the handle
 * @flags:	[in] a3, passed as given (MBZ bits included, for negative
 *		tests): bit 0 zero memory, bit 1 time slicing
 * @request:	[in] FFACTL_RECLAIM_*; other bits must be zero
 * @regs:	[out] x0..x7 of the firmware's answer
 * @verified:	[out] 1 if the pages were read back (VERIFY_ZERO, success)
 * @zeroed:	[out] 1 if they all read back as zero
 * @pages:	[out] pages the module holds for the handle (0: not ours)
 * @pages_freed: [out] pages returned to the allocator: all of them only
 *		after FFA_SUCCESS, less those another handle still uses
 *		(FFACTL_SEND_REUSE); on an error the pages stay owned
 * @first_word:	[out] with @verified: the first 32-bit word of the first
 *		page as read back, what a borrower left there (modules with
 *		FFACTL_VERSION_F_FIRST_WORD; older ones leave it zero);
 *		[in] must be zero
 * @pad:	[in] must be zero; [out] zero
 * @reserved:	[in] must be zero; [out] zero
 */
struct ffactl_mem_reclaim {
	__u32 handle_lo;
	__u32 handle_hi;
	__u32 flags;
	__u32 request;
	__u64 regs[FFACTL_NREGS_SHORT];
	__u32 verified;
	__u32 zeroed;
	__u32 pages;
	__u32 pages_freed;
	__u32 first_word;
	__u32 pad;
	__u64 reserved;
};

/**
 * struct ffactl_partition_info - FFA_PARTITION_INFO_GET
 * (FFACTL_IOC_PARTITION_INFO). On success, and unless flags bit 0 (count
 * only) is set, the module copies the descriptors from RX to @buf_ptr and
 * releases RX with FFA_RX_RELEASE.
 * @uuid:	[in] a1..a4: the UUID words (all zero: every partition)
 * @flags:	[in] a5 (v1.1+; bit 0 = return the count only)
 * @pad:	[in] must be zero
 * @buf_ptr:	[in] user buffer for the descriptors (0 with @buf_size 0)
 * @buf_size:	[in] its size; at most count * size (a2 * a3, or 8-byte
 *		entries for v1.0's a3 = 0) and the RX size are copied
 * @len:	[out] bytes copied to @buf_ptr
 * @regs:	[out] x0..x7 of the firmware's answer
 * @reserved:	[in] must be zero; [out] zero
 */
struct ffactl_partition_info {
	__u32 uuid[4];
	__u32 flags;
	__u32 pad;
	__u64 buf_ptr;
	__u32 buf_size;
	__u32 len;
	__u64 regs[FFACTL_NREGS_SHORT];
	__u64 reserved[2];
};

/* struct ffactl_handle_entry.state (the tool's enum handle_state) */
#define FFACTL_HANDLE_OWNED	0	/* sent; the firmware has it */
#define FFACTL_HANDLE_STUCK	2	/* a reclaim failed; pages kept */

/**
 * struct ffactl_handle_entry - one handle the module holds pages for
 * @handle:	[out] the handle
 * @fn_num:	[out] function number it was sent with (0x71..0x73)
 * @pages:	[out] pages held for it
 * @state:	[out] FFACTL_HANDLE_*
 * @receiver_count: [out] receivers recorded from the descriptor (at most 4)
 * @receivers:	[out] their endpoint IDs
 */
struct ffactl_handle_entry {
	__u64 handle;
	__u32 fn_num;
	__u32 pages;
	__u32 state;
	__u32 receiver_count;
	__u16 receivers[4];
};

/**
 * struct ffactl_handles - the handles the module holds (FFACTL_IOC_HANDLES)
 * @list_ptr:	[in] user array of @capacity entries (0 if @capacity is 0)
 * @capacity:	[in] entries it holds
 * @count:	[out] handles held; min(@count, @capacity) entries copied
 * @entry_size:	[in] sizeof(struct ffactl_handle_entry)
 * @pad:	[in] must be zero
 * @reserved:	[in] must be zero; [out] zero
 */
struct ffactl_handles {
	__u64 list_ptr;
	__u32 capacity;
	__u32 count;
	__u32 entry_size;
	__u32 pad;
	__u64 reserved[2];
};

/**
 * struct ffactl_bench - one register-only call repeated in the kernel
 * (FFACTL_IOC_BENCH), to tell the cost of the call from that of the ioctl
 * @regs:	[in] a0..a17, checked as for FFACTL_IOC_CALL; [out] the
 *		registers of the last call
 * @iterations:	[in] 1..FFACTL_MAX_BENCH
 * @flags:	[in] must be zero
 * @total_ns:	[out] nanoseconds for all the calls: the loop's wall time
 * @min_ns:	[out] fastest single call (of up to 1000 more, timed one by
 *		one after the loop)
 * @max_ns:	[out] slowest of those
 * @reserved:	[in] must be zero; [out] zero
 */
struct ffactl_bench {
	__u64 regs[FFACTL_NREGS];
	__u32 iterations;
	__u32 flags;
	__u64 total_ns;
	__u64 min_ns;
	__u64 max_ns;
	__u64 reserved[2];
};

/**
 * struct ffactl_call_batch - many register-only calls in one ioctl
 * (FFACTL_IOC_CALL_BATCH), for scripted stress runs: the ioctl's own cost
 * (syscall entry, copies, the lock) is paid once per batch, not per call.
 * Added after ABI version 1 without changing it: a module that predates it
 * answers -ENOTTY, and every other command is unchanged.
 * @calls_ptr:	[in] user array of @count struct ffactl_call, copied in
 *		whole, each entry checked as for FFACTL_IOC_CALL before any
 *		call is made (one bad entry: -EINVAL and nothing called);
 *		[out] each entry's regs replaced by the firmware's answer,
 *		copied out once all calls are made
 * @count:	[in] 1..FFACTL_MAX_BATCH
 * @flags:	[in] must be zero
 * @done:	[out] calls made (@count on success)
 * @pad:	[in] must be zero
 * @reserved:	[in] must be zero; [out] zero
 */
struct ffactl_call_batch {
	__u64 calls_ptr;
	__u32 count;
	__u32 flags;
	__u32 done;
	__u32 pad;
	__u64 reserved[2];
};

/* Sizes, pinned on both sides (BUILD_BUG_ON / _Static_assert). */
#define FFACTL_VERSION_SIZE		48
#define FFACTL_CALL_SIZE		152
#define FFACTL_MEM_SEND_SIZE		136
#define FFACTL_MEM_RECLAIM_SIZE		112
#define FFACTL_PARTITION_INFO_SIZE	120
#define FFACTL_HANDLE_ENTRY_SIZE	32
#define FFACTL_HANDLES_SIZE		40
#define FFACTL_BENCH_SIZE		192
#define FFACTL_CALL_BATCH_SIZE		40

#define FFACTL_IOC_VERSION \
	_IOWR(FFACTL_IOC_MAGIC, 0x00, struct ffactl_version)
#define FFACTL_IOC_CALL \
	_IOWR(FFACTL_IOC_MAGIC, 0x01, struct ffactl_call)
#define FFACTL_IOC_MEM_SEND \
	_IOWR(FFACTL_IOC_MAGIC, 0x02, struct ffactl_mem_send)
#define FFACTL_IOC_MEM_RECLAIM \
	_IOWR(FFACTL_IOC_MAGIC, 0x03, struct ffactl_mem_reclaim)
#define FFACTL_IOC_PARTITION_INFO \
	_IOWR(FFACTL_IOC_MAGIC, 0x04, struct ffactl_partition_info)
#define FFACTL_IOC_HANDLES \
	_IOWR(FFACTL_IOC_MAGIC, 0x05, struct ffactl_handles)
#define FFACTL_IOC_BENCH \
	_IOWR(FFACTL_IOC_MAGIC, 0x06, struct ffactl_bench)
#define FFACTL_IOC_CALL_BATCH \
	_IOWR(FFACTL_IOC_MAGIC, 0x07, struct ffactl_call_batch)

#endif /* _UAPI_FFACTL_H */
