// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dev backend: /dev/ffactl, served by the ffactl kernel module (kmod/),
 * through the ioctl ABI in include/uapi/ffactl.h.
 *
 * Two error channels (as optee_client's ret / ret_origin): an ioctl that
 * fails means the request never reached the firmware, and becomes a
 * negative errno with be->errmsg saying why; whatever the firmware answered
 * comes back in the registers, decoded above the backends.
 *
 * It never falls back to the sim: a CI smoke script must not pass against
 * a simulation without asking for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "ioctl_bridge.h"

#define DEFAULT_DEVICE "/dev/ffactl"

_Static_assert(sizeof(struct ffactl_version) == FFACTL_VERSION_SIZE,
	       "struct ffactl_version");
_Static_assert(sizeof(struct ffactl_call) == FFACTL_CALL_SIZE,
	       "struct ffactl_call");
_Static_assert(sizeof(struct ffactl_mem_send) == FFACTL_MEM_SEND_SIZE,
	       "struct ffactl_mem_send");
_Static_assert(sizeof(struct ffactl_mem_reclaim) == FFACTL_MEM_RECLAIM_SIZE,
	       "struct ffactl_mem_reclaim");
_Static_assert(sizeof(struct ffactl_partition_info) ==
	       FFACTL_PARTITION_INFO_SIZE, "struct ffactl_partition_info");
_Static_assert(sizeof(struct ffactl_handle_entry) ==
	       FFACTL_HANDLE_ENTRY_SIZE, "struct ffactl_handle_entry");
_Static_assert(sizeof(struct ffactl_handles) == FFACTL_HANDLES_SIZE,
	       "struct ffactl_handles");
_Static_assert(sizeof(struct ffactl_bench) == FFACTL_BENCH_SIZE,
	       "struct ffactl_bench");
_Static_assert(FFACTL_NREGS == FFA_NREGS, "a0..a17 on both sides");
_Static_assert(FFACTL_ADDR_FILL == MEM_ADDR_FILL &&
	       FFACTL_ADDR_AS_IS == MEM_ADDR_AS_IS, "address modes");
_Static_assert(FFACTL_HANDLE_OWNED == HANDLE_OWNED &&
	       FFACTL_HANDLE_STUCK == HANDLE_STUCK, "handle states");

struct bridge {
	int fd;
	ioctl_bridge_fn ioctl_fn;
	struct ffactl_version ver;
	char path[48];  /* for messages; longer paths are cut */
};

static struct bridge *bridge_of(struct ffactl_backend *be)
{
	return be->priv;
}

/* A module from before the field is the own transport. */
static uint32_t transport_of(const struct ffactl_version *v)
{
	return v->transport ? v->transport : FFACTL_TRANSPORT_OWN;
}

static bool via_driver(struct ffactl_backend *be)
{
	return transport_of(&bridge_of(be)->ver) == FFACTL_TRANSPORT_DRIVER;
}

static int sys_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

/* Issues @req; 0, or the negative errno of a failed ioctl. */
static int bridge_ioctl(struct bridge *b, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = b->ioctl_fn(b->fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/* One message per way a request can fail to reach the firmware. */
static int bridge_fail(struct ffactl_backend *be, const char *what, int err)
{
	struct bridge *b = bridge_of(be);

	switch (-err) {
	case EPERM:
	case EACCES:
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: %s: permission denied (needs root, or "
			 "CAP_SYS_RAWIO and access to the device)",
			 b->path, what);
		break;
	case ENXIO:
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: %s: the module has no RX/TX buffers mapped "
			 "(the firmware refused FFA_RXTX_MAP at load: see "
			 "dmesg; if an in-tree FF-A driver owns them, load "
			 "ffactl with transport=driver)",
			 b->path, what);
		break;
	case ENOTTY:
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: %s: the module does not know this request",
			 b->path, what);
		break;
	case EOPNOTSUPP:
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: the module's %s transport cannot make this "
			 "request (dmesg says why)", what,
			 backend_transport_name(transport_of(&b->ver)) ?:
			 "?");
		break;
	case EREMOTEIO:
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: the in-tree FF-A driver returned an error that "
			 "names no single FF-A status (driver transport; "
			 "dmesg has it)", what);
		break;
	default:
		snprintf(be->errmsg, sizeof(be->errmsg), "%s: %s: %s",
			 b->path, what, strerror(-err));
		break;
	}
	return err;
}

static void regs_out(struct ffa_regs *r, const __u64 *regs, unsigned int n)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n && i < FFA_NREGS; i++)
		r->a[i] = regs[i];
}

/* Why the driver transport refused a raw call, in one line. */
static int call_cannot(struct ffactl_backend *be, const struct ffa_regs *io)
{
	uint32_t num = FFA_FN_NUM(io->a[0]);
	const char *why = "dmesg says why";

	if (num == FFA_VERSION)
		why = "FFA_VERSION belongs to the in-tree FF-A driver, which "
		      "negotiated the endpoint's version (another would "
		      "renegotiate behind its back)";
	else if (num == FFA_RX_RELEASE || num == FFA_PARTITION_INFO_GET)
		why = "RX belongs to the in-tree FF-A driver (use 'ffactl "
		      "partitions')";
	else if (num == FFA_MSG_SEND_DIRECT_REQ)
		why = "the in-tree FF-A driver sends it as it does (its own "
		      "sender ID, a2 0, the partition device's SMC32/SMC64 "
		      "mode), to a partition it made a device for: dmesg says "
		      "which";
	snprintf(be->errmsg, sizeof(be->errmsg), "0x%08llx: the module's "
		 "driver transport cannot make this call: %s",
		 (unsigned long long)io->a[0], why);
	return -EOPNOTSUPP;
}

static int bridge_call(struct ffactl_backend *be, struct ffa_regs *io)
{
	struct bridge *b = bridge_of(be);
	struct ffactl_call c;
	unsigned int i;
	int ret;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < FFACTL_NREGS; i++)
		c.regs[i] = io->a[i];
	be->rebuilt = false;
	ret = bridge_ioctl(b, FFACTL_IOC_CALL, &c);
	if (ret == -EOPNOTSUPP)
		return call_cannot(be, io);
	if (ret == -EINVAL) {
		/* Our flags are zero: only the function ID can be refused. */
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "function ID 0x%llx refused for a raw call (only FF-A "
			 "IDs; memory and RX/TX ABIs have their own commands)",
			 (unsigned long long)io->a[0]);
		return -EPERM;
	}
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_CALL", ret);
	regs_out(io, c.regs, FFACTL_NREGS);
	/* Direct requests are the only raw calls it makes through the ops. */
	be->rebuilt = via_driver(be) &&
		      FFA_FN_NUM(io->a[0]) == FFA_MSG_SEND_DIRECT_REQ;
	return 0;
}

static int bridge_partition_info(struct ffactl_backend *be,
				 const uint32_t uuid[4], uint32_t flags,
				 struct ffa_regs *out, void *buf, size_t cap,
				 size_t *len)
{
	struct bridge *b = bridge_of(be);
	struct ffactl_partition_info p;
	int ret;

	*len = 0;
	memset(&p, 0, sizeof(p));
	memcpy(p.uuid, uuid, sizeof(p.uuid));
	p.flags = flags;
	if (buf && cap) {
		p.buf_ptr = (uintptr_t)buf;
		p.buf_size = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
	}
	be->rebuilt = false;
	ret = bridge_ioctl(b, FFACTL_IOC_PARTITION_INFO, &p);
	if (ret == -EOPNOTSUPP && flags) {
		snprintf(be->errmsg, sizeof(be->errmsg), "FFA_PARTITION_INFO_GET"
			 " flags 0x%x: the module's driver transport cannot "
			 "send them (the in-tree FF-A driver's "
			 "partition_info_get takes a UUID only)", flags);
		return ret;
	}
	if (ret == -EREMOTEIO) {
		snprintf(be->errmsg, sizeof(be->errmsg), "FFA_PARTITION_INFO_GET"
			 ": the in-tree FF-A driver found no partition, and "
			 "says so alike for an FF-A error and an empty list "
			 "(driver transport)");
		return ret;
	}
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_PARTITION_INFO", ret);
	be->rebuilt = via_driver(be);
	regs_out(out, p.regs, FFACTL_NREGS_SHORT);
	*len = p.len <= p.buf_size ? p.len : p.buf_size;
	return 0;
}

/*
 * Why the driver transport refused a send, in one line: the in-tree FF-A
 * driver builds the descriptor itself (Linux 6.1: v1.0 layout, share
 * normal WB inner-shareable, lend attributes 0, one constituent per
 * page, its own sender ID), so only one it would build is sent.
 */
static int send_cannot(struct ffactl_backend *be,
		       const struct mem_send_req *req)
{
	const char *why = "the in-tree FF-A driver builds the descriptor "
			  "itself and would not build this one (dmesg says "
			  "which field)";

	if (FFA_FN_NUM(req->fid) == FFA_MEM_DONATE)
		why = "the in-tree FF-A driver has no donate";
	else if (req->addr_mode == MEM_ADDR_AS_IS)
		why = "the in-tree FF-A driver writes the constituent "
		      "addresses itself, not as given";
	else if (req->frag_len)
		why = "the in-tree FF-A driver fragments at its own TX size "
		      "(--frag-len)";
	snprintf(be->errmsg, sizeof(be->errmsg), "%s: the module's driver "
		 "transport cannot send this: %s",
		 FFA_FN_IS_SMC64(req->fid) ? "SMC64" : "SMC32", why);
	return -EOPNOTSUPP;
}

static int bridge_handles(struct ffactl_backend *be, struct handle_info *list,
			  size_t cap, size_t *n);

/*
 * A reuse send, checked against the module's handle list first: the
 * module refuses a bad one with -EINVAL, as an older module refuses the
 * flag, so the one-line error can say which.
 */
static int reuse_check(struct ffactl_backend *be,
		       const struct mem_send_req *req)
{
	struct handle_info *list = NULL;
	size_t n = 0, i, cap = 0;
	int ret;

	if (req->fill) {
		snprintf(be->errmsg, sizeof(be->errmsg), "reused pages are "
			 "another transaction's: they are not filled");
		return -EINVAL;
	}
	do {
		free(list);
		cap = n + 16;
		list = calloc(cap, sizeof(*list));
		if (!list) {
			snprintf(be->errmsg, sizeof(be->errmsg),
				 "out of memory");
			return -ENOMEM;
		}
		ret = bridge_handles(be, list, cap, &n);
		if (ret < 0) {
			free(list);
			return ret;
		}
	} while (n > cap);
	for (i = 0; i < n && list[i].handle != req->reuse_handle; i++)
		;
	ret = 0;
	if (i == n || list[i].state == HANDLE_STUCK) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "handle 0x%llx: the module holds no pages for it%s "
			 "(ffactl handles lists those it does)",
			 (unsigned long long)req->reuse_handle,
			 i == n ? "" : " but stuck ones");
		ret = -ESRCH;
	} else if (!req->pages || req->pages > list[i].pages) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "handle 0x%llx holds %u pages: reuse 1 to %u of "
			 "them, not %u", (unsigned long long)req->reuse_handle,
			 list[i].pages, list[i].pages, req->pages);
		ret = -ERANGE;
	}
	free(list);
	return ret;
}

static int bridge_mem_send(struct ffactl_backend *be,
			   const struct mem_send_req *req,
			   struct mem_send_res *res)
{
	struct bridge *b = bridge_of(be);
	struct ffactl_mem_send s;
	int ret;

	memset(res, 0, sizeof(*res));
	/* The module checks all of this too; here the message is clearer. */
	if (!req->desc || !req->desc_len || req->desc_len > FFACTL_MAX_DESC) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "a descriptor of %u bytes: the module takes 1 to %u",
			 req->desc_len, FFACTL_MAX_DESC);
		return -E2BIG;
	}
	if (req->pages > FFACTL_MAX_PAGES) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u pages is more than the module sends at once (%u)",
			 req->pages, FFACTL_MAX_PAGES);
		return -E2BIG;
	}
	memset(&s, 0, sizeof(s));
	s.fid = req->fid;
	s.flags = req->fill ? FFACTL_SEND_FILL : 0;
	s.desc_ptr = (uintptr_t)req->desc;
	s.desc_len = req->desc_len;
	s.cons_off = req->cons_off;
	s.cons_count = req->cons_count;
	s.pages = req->pages;
	s.addr_mode = req->addr_mode;
	s.fill_pattern = req->fill_pattern;
	s.frag_len = req->frag_len;
	if (req->reuse) {
		ret = reuse_check(be, req);
		if (ret < 0)
			return ret;
		s.flags |= FFACTL_SEND_REUSE;
		s.reuse_handle = req->reuse_handle;
	}
	be->rebuilt = false;
	ret = bridge_ioctl(b, FFACTL_IOC_MEM_SEND, &s);
	if (ret == -EOPNOTSUPP)
		return send_cannot(be, req);
	if (ret == -EINVAL && req->reuse) {
		/* reuse_check() passed: the flag itself was refused. */
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: the module predates sending the pages of a "
			 "handle again (FFACTL_SEND_REUSE): load a newer one",
			 b->path);
		return -EOPNOTSUPP;
	}
	if (ret == -EINVAL) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: FFACTL_IOC_MEM_SEND: the module refused the "
			 "request (function ID 0x%x, constituents [%u, +%u) "
			 "of a %u-byte descriptor, %u pages, mode %u)",
			 b->path, req->fid, req->cons_off, req->cons_count,
			 req->desc_len, req->pages, req->addr_mode);
		return ret;
	}
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_MEM_SEND", ret);
	regs_out(&res->regs, s.regs, FFACTL_NREGS_SHORT);
	be->rebuilt = via_driver(be);
	res->handle = s.handle;
	res->fragments = s.fragments;
	res->tx_size = b->ver.rxtx_size;
	return 0;
}

static int bridge_mem_reclaim(struct ffactl_backend *be, uint64_t handle,
			      uint32_t flags, bool verify_zero,
			      struct mem_reclaim_res *res)
{
	struct bridge *b = bridge_of(be);
	struct ffactl_mem_reclaim r;
	int ret;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	/* a1 = low 32 bits, a2 = high 32 bits, a3 = flags, as the seed. */
	r.handle_lo = ffa_handle_lo(handle);
	r.handle_hi = ffa_handle_hi(handle);
	r.flags = flags;
	r.request = verify_zero ? FFACTL_RECLAIM_VERIFY_ZERO : 0;
	be->rebuilt = false;
	ret = bridge_ioctl(b, FFACTL_IOC_MEM_RECLAIM, &r);
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_MEM_RECLAIM", ret);
	regs_out(&res->regs, r.regs, FFACTL_NREGS_SHORT);
	be->rebuilt = via_driver(be);
	res->verified = r.verified != 0;
	res->zeroed = r.zeroed != 0;
	/* A module that does not say it reads the word leaves it zero. */
	res->word_read = res->verified && r.pages &&
			 (b->ver.flags & FFACTL_VERSION_F_FIRST_WORD);
	res->first_word = r.first_word;
	res->pages = r.pages;
	res->pages_freed = r.pages_freed;
	return 0;
}

static int bridge_handles(struct ffactl_backend *be, struct handle_info *list,
			  size_t cap, size_t *n)
{
	struct bridge *b = bridge_of(be);
	struct ffactl_handle_entry *e = NULL;
	struct ffactl_handles h;
	size_t i, got;
	int ret;

	*n = 0;
	if (!list)
		cap = 0;
	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	if (cap) {
		e = calloc(cap, sizeof(*e));
		if (!e) {
			snprintf(be->errmsg, sizeof(be->errmsg),
				 "out of memory");
			return -ENOMEM;
		}
	}
	memset(&h, 0, sizeof(h));
	h.list_ptr = (uintptr_t)e;
	h.capacity = (uint32_t)cap;
	h.entry_size = sizeof(struct ffactl_handle_entry);
	ret = bridge_ioctl(b, FFACTL_IOC_HANDLES, &h);
	if (ret < 0) {
		free(e);
		return bridge_fail(be, "FFACTL_IOC_HANDLES", ret);
	}
	got = h.count < cap ? h.count : cap;
	for (i = 0; i < got; i++) {
		struct handle_info *hi = &list[i];
		unsigned int j;

		memset(hi, 0, sizeof(*hi));
		hi->handle = e[i].handle;
		hi->fn_num = e[i].fn_num;
		hi->pages = e[i].pages;
		hi->state = e[i].state;
		hi->receiver_count = e[i].receiver_count < 4 ?
				     e[i].receiver_count : 4;
		for (j = 0; j < hi->receiver_count; j++)
			hi->receivers[j] = e[i].receivers[j];
	}
	free(e);
	*n = h.count;
	return 0;
}

/*
 * Asked again each time, not taken from the copy read at open: a raw
 * FFA_VERSION since then (this process's or another's) may have changed it.
 */
static int bridge_negotiated(struct ffactl_backend *be,
			     struct negotiated_version *out)
{
	struct bridge *b = bridge_of(be);
	struct ffactl_version v;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	ret = bridge_ioctl(b, FFACTL_IOC_VERSION, &v);
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_VERSION", ret);
	b->ver = v;
	/* Zero: a module from before the field, which does not follow. */
	out->tracked = v.ffa_version_negotiated != 0;
	out->version = out->tracked ? v.ffa_version_negotiated :
				      v.ffa_version_requested;
	out->transport = transport_of(&v);
	if (out->transport == FFACTL_TRANSPORT_DRIVER) {
		out->mem_width = v.flags & FFACTL_VERSION_F_MEM_SMC64 ? 64 : 32;
		/*
		 * Linux's FF-A driver sends a partition's direct requests as
		 * SMC64 unless a client driver (OP-TEE's) switched that
		 * partition's device to 32-bit mode (ffa_mode_32bit_set).
		 */
		out->msg_width = 64;
	}
	return 0;
}

static void bridge_close(struct ffactl_backend *be)
{
	struct bridge *b = bridge_of(be);

	if (!b)
		return;
	if (b->fd >= 0)
		close(b->fd);
	free(b);
	be->priv = NULL;
}

static const struct ffactl_backend_ops bridge_ops = {
	.name = "dev",
	.call = bridge_call,
	.partition_info = bridge_partition_info,
	.mem_send = bridge_mem_send,
	.mem_reclaim = bridge_mem_reclaim,
	.negotiated = bridge_negotiated,
	.handles = bridge_handles,
	.close = bridge_close,
};

/*
 * The first request is FFACTL_IOC_VERSION, whose layout never changes
 * (include/uapi/ffactl.h): whatever module answers, we can tell whether
 * we speak its ABI before sending anything else.
 */
static int bridge_probe(struct ffactl_backend *be, struct bridge *b)
{
	int ret;

	memset(&b->ver, 0, sizeof(b->ver));
	ret = bridge_ioctl(b, FFACTL_IOC_VERSION, &b->ver);
	/*
	 * ENOSYS: QEMU user-mode emulation forwards only the ioctls it
	 * knows and answers the rest so; no device of ours says it.
	 */
	if (ret == -ENOTTY || ret == -EINVAL || ret == -ENOSYS) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: not the ffactl module's device (it does not "
			 "answer FFACTL_IOC_VERSION%s)", b->path,
			 ret == -ENOSYS ? "; or an emulator such as QEMU "
			 "user mode does not pass the ioctl on" : "");
		return -ENOTTY;
	}
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_VERSION", ret);
	if (b->ver.abi_version != FFACTL_ABI_VERSION) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: the ffactl module speaks ioctl ABI version %u, "
			 "this ffactl %u: load the module built from the same "
			 "source (rmmod ffactl; insmod ffactl.ko)",
			 b->path, b->ver.abi_version, FFACTL_ABI_VERSION);
		return -EPROTO;
	}
	return 0;
}

int ioctl_bridge_open_fd(struct ffactl_backend *be, int fd, const char *path,
			 ioctl_bridge_fn fn)
{
	struct bridge *b = calloc(1, sizeof(*b));
	int ret;

	be->errmsg[0] = '\0';
	if (!b) {
		if (fd >= 0)
			close(fd);
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	b->fd = fd;
	b->ioctl_fn = fn ? fn : sys_ioctl;
	snprintf(b->path, sizeof(b->path), "%s", path);
	be->priv = b;
	ret = bridge_probe(be, b);
	if (ret < 0) {
		bridge_close(be);
		return ret;
	}
	be->ops = &bridge_ops;
	return 0;
}

const struct ffactl_version *ioctl_bridge_version(struct ffactl_backend *be)
{
	if (be->ops != &bridge_ops)
		return NULL;
	return &bridge_of(be)->ver;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int ioctl_bridge_bench(struct ffactl_backend *be, const struct ffa_regs *in,
		       uint32_t iterations, struct ioctl_bridge_bench_res *res)
{
	struct bridge *b;
	struct ffactl_bench kb;
	struct ffactl_call c;
	uint64_t t0;
	uint32_t i;
	int ret;

	memset(res, 0, sizeof(*res));
	if (be->ops != &bridge_ops) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "the in-kernel benchmark needs --backend dev");
		return -EOPNOTSUPP;
	}
	if (!iterations || iterations > FFACTL_MAX_BENCH) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u iterations: the module runs 1 to %u", iterations,
			 FFACTL_MAX_BENCH);
		return -EINVAL;
	}
	b = bridge_of(be);
	res->iterations = iterations;

	t0 = now_ns();
	for (i = 0; i < iterations; i++) {
		memset(&c, 0, sizeof(c));
		memcpy(c.regs, in->a, sizeof(c.regs));
		ret = bridge_ioctl(b, FFACTL_IOC_CALL, &c);
		if (ret < 0)
			return bridge_fail(be, "FFACTL_IOC_CALL", ret);
	}
	res->ioctl_ns = now_ns() - t0;

	memset(&kb, 0, sizeof(kb));
	memcpy(kb.regs, in->a, sizeof(kb.regs));
	kb.iterations = iterations;
	ret = bridge_ioctl(b, FFACTL_IOC_BENCH, &kb);
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_BENCH", ret);
	regs_out(&res->regs, kb.regs, FFACTL_NREGS);
	res->kernel_ns = kb.total_ns;
	res->kernel_min_ns = kb.min_ns;
	res->kernel_max_ns = kb.max_ns;
	return 0;
}

/* One batch of @n entries already packed in @calls. */
static int batch_ioctl(struct ffactl_backend *be, struct ffactl_call *calls,
		       uint32_t n)
{
	struct ffactl_call_batch cb;
	int ret;

	memset(&cb, 0, sizeof(cb));
	cb.calls_ptr = (uintptr_t)calls;
	cb.count = n;
	ret = bridge_ioctl(bridge_of(be), FFACTL_IOC_CALL_BATCH, &cb);
	if (ret == -EINVAL) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "FFACTL_IOC_CALL_BATCH: the module refused a function "
			 "ID of the batch (only register-only FF-A IDs)");
		return -EPERM;
	}
	if (ret == -ENOTTY) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: FFACTL_IOC_CALL_BATCH: the module predates the "
			 "batched call (load the one built from this source)",
			 bridge_of(be)->path);
		return ret;
	}
	if (ret < 0)
		return bridge_fail(be, "FFACTL_IOC_CALL_BATCH", ret);
	if (cb.done != n) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "FFACTL_IOC_CALL_BATCH: the module made %u of %u "
			 "calls", cb.done, n);
		return -EIO;
	}
	return 0;
}

static int batch_check(struct ffactl_backend *be, uint32_t n)
{
	if (be->ops != &bridge_ops) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "the batched call needs --backend dev");
		return -EOPNOTSUPP;
	}
	if (!n || n > FFACTL_MAX_BATCH) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u calls in a batch: the module takes 1 to %u", n,
			 FFACTL_MAX_BATCH);
		return -EINVAL;
	}
	return 0;
}

int ioctl_bridge_call_batch(struct ffactl_backend *be, struct ffa_regs *io,
			    uint32_t n)
{
	struct ffactl_call *calls;
	uint32_t i;
	int ret = batch_check(be, n);

	if (ret)
		return ret;
	calls = calloc(n, sizeof(*calls));
	if (!calls) {
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		memcpy(calls[i].regs, io[i].a, sizeof(calls[i].regs));
	ret = batch_ioctl(be, calls, n);
	for (i = 0; !ret && i < n; i++)
		regs_out(&io[i], calls[i].regs, FFACTL_NREGS);
	free(calls);
	return ret;
}

int ioctl_bridge_bench_batch(struct ffactl_backend *be,
			     const struct ffa_regs *in, uint32_t iterations,
			     uint32_t batch, uint64_t *ns)
{
	struct ffactl_call *calls;
	uint32_t i, n;
	uint64_t t0, total = 0;
	int ret = batch_check(be, batch);

	*ns = 0;
	if (ret)
		return ret;
	calls = calloc(batch, sizeof(*calls));
	if (!calls) {
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < iterations && !ret; i += n) {
		uint32_t j;

		n = iterations - i < batch ? iterations - i : batch;
		/* Answers overwrite the entries: repack outside the clock. */
		for (j = 0; j < n; j++) {
			memset(&calls[j], 0, sizeof(calls[j]));
			memcpy(calls[j].regs, in->a, sizeof(calls[j].regs));
		}
		t0 = now_ns();
		ret = batch_ioctl(be, calls, n);
		total += now_ns() - t0;
	}
	free(calls);
	*ns = total;
	return ret;
}

int ioctl_bridge_open(struct ffactl_backend *be, const struct backend_opts *o)
{
	const char *path = o && o->device ? o->device : DEFAULT_DEVICE;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int err = errno;

	/* A path given that is not there: say so, not "load the module". */
	if (fd < 0 && err == ENOENT && strcmp(path, DEFAULT_DEVICE)) {
		snprintf(be->errmsg, sizeof(be->errmsg), "%s: no such file "
			 "(give the path of the ffactl device node with "
			 "--device)", path);
		return -err;
	}
	if (fd < 0 && err == EISDIR) {
		snprintf(be->errmsg, sizeof(be->errmsg), "%s: a directory, "
			 "not the ffactl device node (give the path of "
			 "/dev/ffactl with --device)", path);
		return -ENODEV;
	}
	if (fd < 0 && (err == ENOENT || err == ENODEV || err == ENXIO)) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: no such device: the ffactl kernel module is not "
			 "loaded (try 'modprobe ffactl', or --backend sim for "
			 "the simulator)", path);
		return -err;
	}
	if (fd < 0 && (err == EACCES || err == EPERM)) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%s: permission denied (needs root, or "
			 "CAP_SYS_RAWIO and access to the device)", path);
		return -err;
	}
	if (fd < 0) {
		snprintf(be->errmsg, sizeof(be->errmsg), "%s: %s", path,
			 strerror(err));
		return -err;
	}
	return ioctl_bridge_open_fd(be, fd, path, NULL);
}
