/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backend seam: one ops table, two implementations (dev = /dev/ffactl
 * through the kernel module, sim = the SPMC model in-process). Every op
 * returns the raw result registers; decoding stays above the backends.
 *
 * Return values: 0 when the call reached the SPMC (the registers then say
 * what it answered, error or not); a negative errno when it did not, with
 * be->errmsg saying why in one line.
 */
#ifndef FFACTL_BACKEND_H
#define FFACTL_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ffa/ffa.h"

struct ffactl_backend;

/* How the backend treats the constituent array of a descriptor it sends. */
enum mem_addr_mode {
	MEM_ADDR_FILL = 0, /* write the addresses of the pages it allocated */
	MEM_ADDR_AS_IS = 1 /* send the descriptor untouched (negative tests) */
};

struct mem_send_req {
	uint32_t fid;          /* FFA_MEM_SHARE/LEND/DONATE, SMC32 or SMC64 */
	const uint8_t *desc;   /* the whole transaction descriptor */
	uint32_t desc_len;
	uint32_t cons_off;     /* offset of constituent[0] within desc */
	uint32_t cons_count;   /* constituents to fill in (one page each) */
	uint32_t pages;        /* pages to allocate for them */
	uint32_t addr_mode;    /* enum mem_addr_mode */
	bool fill;             /* fill the pages with fill_pattern first */
	uint32_t fill_pattern;
	uint32_t frag_len;     /* 0: whole descriptor if it fits TX */
	/*
	 * Send the first @pages pages the backend holds for @reuse_handle
	 * instead of fresh ones (no @fill): a second transaction of pages a
	 * live one holds, which DEN0077 says the SPMC refuses. The pages are
	 * then shared, freed once every handle using them is reclaimed.
	 * Refused before anything is sent: -ESRCH, no such handle held (or
	 * held stuck); -ERANGE, @pages not 1..its page count.
	 */
	bool reuse;
	uint64_t reuse_handle;
};

struct mem_send_res {
	struct ffa_regs regs;  /* the final answer (SUCCESS or ERROR) */
	uint64_t handle;       /* valid if regs say SUCCESS */
	uint32_t fragments;    /* fragments transmitted */
	uint32_t tx_size;      /* the TX buffer, which caps a fragment (0 if
				* the backend does not say) */
};

struct mem_reclaim_res {
	struct ffa_regs regs;
	bool verified;         /* the backend read the pages back */
	bool zeroed;           /* ...and they were all zero */
	bool word_read;        /* the backend read the first word back: */
	uint32_t first_word;   /* ...the first page's, as the owner reads it */
	uint32_t pages;        /* pages the handle covered (0 if unknown) */
	uint32_t pages_freed;  /* pages returned to the allocator */
};

enum handle_state {
	HANDLE_OWNED = 0,      /* sent; the SPMC has it */
	HANDLE_RETRIEVED = 1,  /* a borrower has retrieved it (sim knows) */
	HANDLE_STUCK = 2,      /* a reclaim failed; pages kept */
};

struct handle_info {
	uint64_t handle;
	uint32_t fn_num;       /* FFA_MEM_SHARE/LEND/DONATE */
	uint32_t pages;
	uint32_t state;        /* enum handle_state */
	uint32_t receiver_count;
	uint16_t receivers[4];
};

/*
 * The FF-A version negotiated for the normal-world endpoint now. FFA_VERSION
 * negotiates per endpoint (DEN0077 v1.2 §13.2) and the last caller wins:
 * the SPMC reads descriptors in the layout of the last version it agreed
 * to, whoever asked.
 */
struct negotiated_version {
	uint32_t version;      /* (major << 16) | minor */
	bool tracked;          /* false: an older module that reports only
				* the version it asked for at load */
	uint32_t transport;    /* enum backend_transport */
	/*
	 * The width (32 or 64) the transport sends memory ABIs and direct
	 * requests in when the user names none; 0: either, SMC32 by default.
	 */
	uint32_t mem_width, msg_width;
};

/*
 * What carries the dev backend's calls in the module (include/uapi/
 * ffactl.h FFACTL_TRANSPORT_*); NONE for the sim.
 */
enum backend_transport {
	BACKEND_TRANSPORT_NONE = 0,
	BACKEND_TRANSPORT_OWN = 1,    /* its conduit and RX/TX pair */
	BACKEND_TRANSPORT_DRIVER = 2, /* the in-tree FF-A driver's ops: owns
				       * FFA_VERSION and the descriptors */
};

/* "own", "driver", or NULL for NONE. */
const char *backend_transport_name(uint32_t transport);

struct ffactl_backend_ops {
	const char *name;
	/* Register-only ABIs: in = a0..a17 as the caller's registers. */
	int (*call)(struct ffactl_backend *be, struct ffa_regs *io);
	/* FFA_PARTITION_INFO_GET, RX copied to buf, then FFA_RX_RELEASE. */
	int (*partition_info)(struct ffactl_backend *be, const uint32_t uuid[4],
			      uint32_t flags, struct ffa_regs *out,
			      void *buf, size_t cap, size_t *len);
	int (*mem_send)(struct ffactl_backend *be,
			const struct mem_send_req *req,
			struct mem_send_res *res);
	int (*mem_reclaim)(struct ffactl_backend *be, uint64_t handle,
			   uint32_t flags, bool verify_zero,
			   struct mem_reclaim_res *res);
	/*
	 * The negotiated version as the backend recorded it: the module's
	 * record (the sim plays the module), which follows every FFA_VERSION
	 * the firmware answered with a version. Asks the firmware nothing.
	 */
	int (*negotiated)(struct ffactl_backend *be,
			  struct negotiated_version *out);
	/* Fills up to @cap entries; *n = how many exist. */
	int (*handles)(struct ffactl_backend *be, struct handle_info *list,
		       size_t cap, size_t *n);
	void (*close)(struct ffactl_backend *be);
};

/*
 * --trace: one FF-A call a backend made (@in the registers it passed,
 * @out the answer), or, where the backend cannot see the calls (the dev
 * backend: the module makes them), one request and its answer, with
 * @note saying what was not seen.
 */
typedef void (*backend_trace_fn)(void *arg, const char *what,
				 const struct ffa_regs *in,
				 const struct ffa_regs *out, const char *note);

/*
 * Ops return -EOPNOTSUPP when the backend's transport cannot make the
 * request as asked (nothing was sent; errmsg names the transport), and
 * -EREMOTEIO when the transport's answer names no single FF-A status.
 */
struct ffactl_backend {
	const struct ffactl_backend_ops *ops;
	void *priv;
	char errmsg[256];
	bool rebuilt;          /* the last op's registers were rebuilt by the
				* transport from the in-tree FF-A driver's
				* return value, not copied from the firmware */
	backend_trace_fn trace;     /* NULL: not tracing */
	void *trace_arg;
	/* backend_trace_wrap(): the ops it wraps. */
	const struct ffactl_backend_ops *traced_ops;
};

/*
 * Traces a backend that cannot report its FF-A calls one by one (the dev
 * backend: the module makes them): each op becomes one trace entry of the
 * request and the answer the tool sees. Needs be->trace set.
 */
void backend_trace_wrap(struct ffactl_backend *be);

struct backend_opts {
	const char *device;    /* dev backend: path, default /dev/ffactl */
	const char *state;     /* sim backend: state file, NULL = default */
	backend_trace_fn trace; /* --trace, from the opening on; or NULL */
	void *trace_arg;
};

/*
 * Opens backend @name ("dev" or "sim"). Returns 0, or a negative errno with
 * be->errmsg set. Never falls back from one backend to the other.
 */
int backend_open(struct ffactl_backend *be, const char *name,
		 const struct backend_opts *opts);
void backend_close(struct ffactl_backend *be);

/* The implementations, in their own files. */
int ioctl_bridge_open(struct ffactl_backend *be, const struct backend_opts *o);
int sim_backend_open(struct ffactl_backend *be, const struct backend_opts *o);

#endif /* FFACTL_BACKEND_H */
