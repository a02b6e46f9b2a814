/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dev backend's extras beyond the ops table: a seam for tests (the
 * ioctl function is a parameter) and the in-kernel benchmark.
 */
#ifndef FFACTL_IOCTL_BRIDGE_H
#define FFACTL_IOCTL_BRIDGE_H

#include <stdint.h>

#include "backend.h"
#include "uapi/ffactl.h"

/* How every request reaches the module; ioctl(2) outside tests. */
typedef int (*ioctl_bridge_fn)(int fd, unsigned long req, void *arg);

/*
 * Sets @be up as the dev backend on an open @fd (named @path in messages),
 * issuing requests through @fn. Checks the module's ABI version first.
 * Takes ownership of @fd: it is closed on failure and by ops->close.
 */
int ioctl_bridge_open_fd(struct ffactl_backend *be, int fd, const char *path,
			 ioctl_bridge_fn fn);

/* What FFACTL_IOC_VERSION said at open; NULL if @be is not the dev one. */
const struct ffactl_version *ioctl_bridge_version(struct ffactl_backend *be);

struct ioctl_bridge_bench_res {
	struct ffa_regs regs;    /* the last answer */
	uint32_t iterations;
	uint64_t ioctl_ns;       /* @iterations FFACTL_IOC_CALLs from here */
	uint64_t kernel_ns;      /* the same calls in the module's loop */
	uint64_t kernel_min_ns;
	uint64_t kernel_max_ns;
};

/*
 * Times the register-only call @in (a0..a17) @iterations times through the
 * call ioctl, then the same number of times in the module's own loop
 * (FFACTL_IOC_BENCH): the difference is the cost of the ioctl path.
 * Returns 0 or a negative errno with be->errmsg set.
 */
int ioctl_bridge_bench(struct ffactl_backend *be, const struct ffa_regs *in,
		       uint32_t iterations, struct ioctl_bridge_bench_res *res);

/*
 * Issues the register-only calls @io[0..@n) in one FFACTL_IOC_CALL_BATCH
 * (1..FFACTL_MAX_BATCH), each entry's registers replaced by its answer.
 * Returns 0 or a negative errno with be->errmsg set (-ENOTTY: a module
 * older than the batched call).
 */
int ioctl_bridge_call_batch(struct ffactl_backend *be, struct ffa_regs *io,
			    uint32_t n);

/*
 * Times @iterations calls of @in through FFACTL_IOC_CALL_BATCH, @batch
 * calls per ioctl; *@ns gets the total. 0 or a negative errno.
 */
int ioctl_bridge_bench_batch(struct ffactl_backend *be,
			     const struct ffa_regs *in, uint32_t iterations,
			     uint32_t batch, uint64_t *ns);

#endif /* FFACTL_IOCTL_BRIDGE_H */
