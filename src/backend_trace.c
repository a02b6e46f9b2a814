// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --trace for a backend that cannot report each FF-A call it makes: the
 * dev backend, whose module makes the calls of a multi-call operation
 * (FFA_MEM_FRAG_TX, FFA_RX_RELEASE) inside one ioctl and hands back only
 * the last answer. Each op becomes one trace entry: the request as the
 * tool made it and the answer it saw, with a note saying what was not
 * seen. (The sim traces each call itself.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"

static const struct ffactl_backend_ops *real(struct ffactl_backend *be)
{
	return be->traced_ops;
}

static int t_call(struct ffactl_backend *be, struct ffa_regs *io)
{
	struct ffa_regs in = *io;
	int ret = real(be)->call(be, io);

	if (ret == 0)
		be->trace(be->trace_arg, NULL, &in, io, NULL);
	return ret;
}

static int t_partition_info(struct ffactl_backend *be, const uint32_t uuid[4],
			    uint32_t flags, struct ffa_regs *out, void *buf,
			    size_t cap, size_t *len)
{
	struct ffa_regs in = { { FFA_FN_SMC32(FFA_PARTITION_INFO_GET),
				 uuid[0], uuid[1], uuid[2], uuid[3], flags } };
	int ret = real(be)->partition_info(be, uuid, flags, out, buf, cap,
					   len);

	if (ret == 0)
		be->trace(be->trace_arg, NULL, &in, out, "one ioctl: the "
			  "module's FFA_RX_RELEASE after it is not traced");
	return ret;
}

static int t_mem_send(struct ffactl_backend *be,
		      const struct mem_send_req *req,
		      struct mem_send_res *res)
{
	struct ffa_regs in = { { req->fid, req->desc_len } };
	char note[160];
	int ret = real(be)->mem_send(be, req, res);

	if (ret)
		return ret;
	/* a2: the first fragment's length, as the module sends it. */
	in.a[2] = req->desc_len;
	if (req->frag_len && req->frag_len < in.a[2])
		in.a[2] = req->frag_len;
	if (res->tx_size && res->tx_size < in.a[2])
		in.a[2] = res->tx_size;
	snprintf(note, sizeof(note), "one ioctl, %u fragment(s): the "
		 "answer is the last call's; the module's FFA_MEM_FRAG_TX "
		 "calls are not traced", res->fragments);
	be->trace(be->trace_arg, NULL, &in, &res->regs,
		  res->fragments > 1 ? note : NULL);
	return 0;
}

static int t_mem_reclaim(struct ffactl_backend *be, uint64_t handle,
			 uint32_t flags, bool verify_zero,
			 struct mem_reclaim_res *res)
{
	struct ffa_regs in = { { FFA_FN_SMC32(FFA_MEM_RECLAIM),
				 (uint32_t)handle, handle >> 32, flags } };
	int ret = real(be)->mem_reclaim(be, handle, flags, verify_zero, res);

	if (ret == 0)
		be->trace(be->trace_arg, NULL, &in, &res->regs, NULL);
	return ret;
}

/* The probe's calls are all the module's: its decisive one is traced. */
static int t_rxtx_probe(struct ffactl_backend *be, uint32_t kind,
			uint32_t pages, struct rxtx_probe_res *res)
{
	struct ffa_regs in = { { FFA_FN_SMC64(FFA_RXTX_MAP) } };
	char note[80];
	int ret;

	if (!real(be)->rxtx_probe) {
		snprintf(be->errmsg, sizeof(be->errmsg), "the %s backend has "
			 "no RX/TX probe", real(be)->name);
		return -EOPNOTSUPP;
	}
	ret = real(be)->rxtx_probe(be, kind, pages, res);

	/* The addresses are the module's: only the function and a3. */
	if (kind == RXTX_PROBE_UNMAP_NO_PAIR)
		in.a[0] = FFA_FN_SMC32(FFA_RXTX_UNMAP);
	else if (kind == RXTX_PROBE_INFO_BUSY)
		in.a[0] = FFA_FN_SMC32(FFA_PARTITION_INFO_GET);
	else if (kind == RXTX_PROBE_MAP_PAGES)
		in.a[3] = pages;
	if ((ret == 0 || ret == -EIO) && res->made) {
		snprintf(note, sizeof(note), "one ioctl: RX/TX probe %u; only "
			 "the decisive call's answer is seen", kind);
		be->trace(be->trace_arg, NULL, &in, &res->regs, note);
	}
	return ret;
}

/* No FF-A call: passed through. */
static int t_negotiated(struct ffactl_backend *be,
			struct negotiated_version *out)
{
	return real(be)->negotiated(be, out);
}

static int t_handles(struct ffactl_backend *be, struct handle_info *list,
		     size_t cap, size_t *n)
{
	return real(be)->handles(be, list, cap, n);
}

static void t_close(struct ffactl_backend *be)
{
	be->ops = be->traced_ops;
	be->traced_ops = NULL;
	if (be->ops->close)
		be->ops->close(be);
}

static const struct ffactl_backend_ops traced = {
	.name = "dev", /* only the dev backend is wrapped */
	.call = t_call,
	.partition_info = t_partition_info,
	.mem_send = t_mem_send,
	.mem_reclaim = t_mem_reclaim,
	.negotiated = t_negotiated,
	.rxtx_probe = t_rxtx_probe,
	.handles = t_handles,
	.close = t_close,
};

void backend_trace_wrap(struct ffactl_backend *be)
{
	if (!be->trace || be->traced_ops || !be->ops)
		return;
	be->traced_ops = be->ops;
	be->ops = &traced;
}
