// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/ioctl_bridge.c: each way the device can be unusable gets
 * its own message; each op packs its request exactly as the uapi layout
 * says and decodes the module's reply. The module is played by a fake
 * ioctl function (the bridge's seam). Offsets are written by hand from the
 * layout documented in include/uapi/ffactl.h, not taken from the structs.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend.h"
#include "ioctl_bridge.h"

/* --- the fake module ---------------------------------------------------- */

#define MAX_REQS 64

static struct {
	unsigned long req[MAX_REQS];
	unsigned int nreq;
	uint8_t last[256];          /* the last argument, as it came in */
	unsigned long fail_req;     /* fail this request... */
	int fail_errno;             /* ...with this errno */
	uint32_t abi;               /* what FFACTL_IOC_VERSION answers */
	uint32_t negotiated;        /* ...and its ffa_version_negotiated */
	uint32_t flags;             /* ...and its flags */
	uint32_t transport;         /* ...and its transport */
	unsigned int nversion;      /* FFACTL_IOC_VERSION requests seen */
	void (*reply)(unsigned long req, uint8_t *arg);
} fake;

static void put16(uint8_t *p, size_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, size_t off, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p, size_t off)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[off + i];
	return v;
}

static uint64_t get64(const uint8_t *p, size_t off)
{
	return (uint64_t)get32(p, off + 4) << 32 | get32(p, off);
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	uint8_t *a = arg;
	size_t size = (req >> 16) & 0x3FFF;   /* _IOC_SIZE, by hand */

	(void)fd;
	if (fake.nreq < MAX_REQS)
		fake.req[fake.nreq] = req;
	fake.nreq++;
	assert_true(size <= sizeof(fake.last));
	memcpy(fake.last, arg, size);
	if (fake.fail_req && req == fake.fail_req) {
		errno = fake.fail_errno;
		return -1;
	}
	if (req == FFACTL_IOC_VERSION) {
		fake.nversion++;
		memset(a, 0, size);
		put32(a, 0, fake.abi);          /* abi_version */
		put32(a, 4, 0x10002);           /* ffa_version */
		put32(a, 8, 0x10001);           /* ffa_version_requested */
		put32(a, 12, 1);                /* conduit: smc */
		put16(a, 16, 0x0042);           /* endpoint_id */
		put32(a, 20, 4096);             /* rxtx_size */
		put32(a, 24, fake.flags);       /* flags */
		put32(a, 28, fake.negotiated);  /* ffa_version_negotiated */
		put32(a, 32, fake.transport);   /* transport */
		return 0;
	}
	if (fake.reply)
		fake.reply(req, a);
	return 0;
}

static int open_fake(struct ffactl_backend *be)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	memset(be, 0, sizeof(*be));
	return ioctl_bridge_open_fd(be, fd, "/dev/fake", fake_ioctl);
}

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.abi = 1;
	fake.negotiated = 0x10001;
	fake.flags = FFACTL_VERSION_F_NO_RXTX;
	return 0;
}

static bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* --- opening the device ------------------------------------------------- */

static void test_missing(void **state)
{
	struct ffactl_backend be = { 0 };
	struct backend_opts o = { .device = "/nonexistent/dev/ffactl" };

	(void)state;
	assert_int_equal(ioctl_bridge_open(&be, &o), -ENOENT);
	/* The path given is not there: said so, not "modprobe". */
	assert_non_null(strstr(be.errmsg, "no such file"));
	assert_null(strstr(be.errmsg, "modprobe"));
}

static void test_present_but_not_the_module(void **state)
{
	char path[] = "/tmp/ffactl-test-XXXXXX";
	int fd = mkstemp(path);
	struct ffactl_backend be = { 0 };
	struct backend_opts o = { .device = path };

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	/* A regular file answers any ioctl with ENOTTY. */
	assert_int_equal(ioctl_bridge_open(&be, &o), -ENOTTY);
	assert_non_null(strstr(be.errmsg, path));
	assert_non_null(strstr(be.errmsg, "not the ffactl module"));
	assert_null(be.ops);
	unlink(path);
}

static void test_not_a_device(void **state)
{
	struct ffactl_backend be = { 0 };
	struct backend_opts o = { .device = "/" };

	(void)state;
	/* A directory: the backend is unusable (exit 3), named. */
	assert_int_equal(ioctl_bridge_open(&be, &o), -ENODEV);
	assert_non_null(strstr(be.errmsg, "/: a directory"));
}

/* _IOWR(0xFA, nr, size): dir 3 << 30 | size << 16 | 0xFA << 8 | nr. */
static void test_ioctl_numbers(void **state)
{
	(void)state;
	assert_int_equal(FFACTL_IOC_VERSION, 0xC030FA00u);        /* 48 */
	assert_int_equal(FFACTL_IOC_CALL, 0xC098FA01u);           /* 152 */
	assert_int_equal(FFACTL_IOC_MEM_SEND, 0xC088FA02u);       /* 136 */
	assert_int_equal(FFACTL_IOC_MEM_RECLAIM, 0xC070FA03u);    /* 112 */
	assert_int_equal(FFACTL_IOC_PARTITION_INFO, 0xC078FA04u); /* 120 */
	assert_int_equal(FFACTL_IOC_HANDLES, 0xC028FA05u);        /* 40 */
	assert_int_equal(FFACTL_IOC_BENCH, 0xC0C0FA06u);          /* 192 */
	assert_int_equal(sizeof(struct ffactl_handle_entry), 32);
	/* Carved out of reserved[0]: the version struct does not move. */
	assert_int_equal(offsetof(struct ffactl_version,
				  ffa_version_negotiated), 28);
	assert_int_equal(offsetof(struct ffactl_version, transport), 32);
	assert_int_equal(offsetof(struct ffactl_version, reserved), 36);
}

static void test_open_reads_version(void **state)
{
	struct ffactl_backend be;
	const struct ffactl_version *v;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	assert_non_null(be.ops);
	assert_string_equal(be.ops->name, "dev");
	assert_int_equal(fake.nreq, 1);
	assert_int_equal(fake.req[0], FFACTL_IOC_VERSION);
	v = ioctl_bridge_version(&be);
	assert_non_null(v);
	assert_int_equal(v->abi_version, 1);
	assert_int_equal(v->ffa_version, 0x10002);
	assert_int_equal(v->ffa_version_requested, 0x10001);
	assert_int_equal(v->conduit, FFACTL_CONDUIT_SMC);
	assert_int_equal(v->endpoint_id, 0x42);
	assert_int_equal(v->rxtx_size, 4096);
	assert_int_equal(v->flags, FFACTL_VERSION_F_NO_RXTX);
	assert_int_equal(v->ffa_version_negotiated, 0x10001);
	backend_close(&be);
}

/*
 * The negotiated version is the module's record, asked for again each
 * time: a raw FFA_VERSION since the open (ours or another process's) may
 * have changed it. A module from before the field reports zero there: the
 * version it asked for at load is then all there is, and it is marked.
 */
static void test_negotiated_version(void **state)
{
	struct ffactl_backend be;
	struct negotiated_version nv;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	assert_int_equal(fake.nversion, 1);
	assert_int_equal(be.ops->negotiated(&be, &nv), 0);
	assert_int_equal(fake.nversion, 2);
	assert_int_equal(fake.req[fake.nreq - 1], FFACTL_IOC_VERSION);
	assert_int_equal(nv.version, 0x10001);
	assert_true(nv.tracked);

	fake.negotiated = 0x10000;   /* renegotiated behind our back */
	assert_int_equal(be.ops->negotiated(&be, &nv), 0);
	assert_int_equal(nv.version, 0x10000);
	assert_true(nv.tracked);
	assert_int_equal(ioctl_bridge_version(&be)->ffa_version_negotiated,
			 0x10000);

	fake.negotiated = 0;         /* an older module */
	assert_int_equal(be.ops->negotiated(&be, &nv), 0);
	assert_int_equal(nv.version, 0x10001);   /* requested at load */
	assert_false(nv.tracked);

	fake.fail_req = FFACTL_IOC_VERSION;
	fake.fail_errno = EPERM;
	assert_int_equal(be.ops->negotiated(&be, &nv), -EPERM);
	assert_non_null(strstr(be.errmsg, "permission denied"));
	fake.fail_req = 0;
	backend_close(&be);
}

static void test_abi_mismatch(void **state)
{
	struct ffactl_backend be;
	int fd;

	(void)state;
	fake.abi = 2;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	memset(&be, 0, sizeof(be));
	assert_int_equal(ioctl_bridge_open_fd(&be, fd, "/dev/fake",
					      fake_ioctl), -EPROTO);
	assert_null(be.ops);
	assert_null(be.priv);
	assert_non_null(strstr(be.errmsg, "/dev/fake"));
	assert_non_null(strstr(be.errmsg, "ABI version 2"));
	assert_non_null(strstr(be.errmsg, "this ffactl 1"));
	/* Nothing but the version request went to the module. */
	assert_int_equal(fake.nreq, 1);
	assert_false(fd_is_open(fd));
}

static void test_version_not_permitted(void **state)
{
	struct ffactl_backend be;

	(void)state;
	fake.fail_req = FFACTL_IOC_VERSION;
	fake.fail_errno = EPERM;
	assert_int_equal(open_fake(&be), -EPERM);
	assert_null(be.ops);
	assert_non_null(strstr(be.errmsg, "permission denied"));
	assert_non_null(strstr(be.errmsg, "CAP_SYS_RAWIO"));
}

static void test_version_unknown_request(void **state)
{
	struct ffactl_backend be;

	(void)state;
	fake.fail_req = FFACTL_IOC_VERSION;
	fake.fail_errno = ENOTTY;
	assert_int_equal(open_fake(&be), -ENOTTY);
	assert_non_null(strstr(be.errmsg, "not the ffactl module"));
}

/* --- FFACTL_IOC_CALL ---------------------------------------------------- */

static void reply_call(unsigned long req, uint8_t *a)
{
	assert_int_equal(req, FFACTL_IOC_CALL);
	for (int i = 0; i < 18; i++)
		put64(a, 8 * (size_t)i, 0xA0 + (uint64_t)i);
}

static void test_call_packs_and_decodes(void **state)
{
	struct ffactl_backend be;
	struct ffa_regs io;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	for (int i = 0; i < 18; i++)
		io.a[i] = 0x1000 + (uint64_t)i;
	io.a[0] = 0x84000063;
	fake.reply = reply_call;
	assert_int_equal(be.ops->call(&be, &io), 0);
	assert_int_equal(fake.req[1], FFACTL_IOC_CALL);
	assert_int_equal(get64(fake.last, 0), 0x84000063);
	for (int i = 1; i < 18; i++)
		assert_int_equal(get64(fake.last, 8 * (size_t)i),
				 0x1000 + (uint64_t)i);
	assert_int_equal(get32(fake.last, 144), 0);   /* flags */
	assert_int_equal(get32(fake.last, 148), 0);   /* pad */
	for (int i = 0; i < 18; i++)
		assert_int_equal(io.a[i], 0xA0 + (uint64_t)i);
	backend_close(&be);
}

static void test_call_refused(void **state)
{
	struct ffactl_backend be;
	struct ffa_regs io = { { 0x84000077 } };

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.fail_req = FFACTL_IOC_CALL;
	fake.fail_errno = EINVAL;
	/* Same status as the sim gives a refused raw call. */
	assert_int_equal(be.ops->call(&be, &io), -EPERM);
	assert_non_null(strstr(be.errmsg, "0x84000077"));
	assert_non_null(strstr(be.errmsg, "refused"));
	backend_close(&be);
}

/*
 * The driver transport: the module says which in FFACTL_IOC_VERSION (an
 * older module's zero is the own transport), refuses what it cannot do
 * with -EOPNOTSUPP, which becomes one line naming the transport, and its
 * answers through the in-tree driver are marked rebuilt.
 */
static void test_transport_reported(void **state)
{
	struct negotiated_version nv;
	struct ffactl_backend be;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	assert_int_equal(be.ops->negotiated(&be, &nv), 0);
	assert_int_equal(nv.transport, BACKEND_TRANSPORT_OWN);
	fake.transport = FFACTL_TRANSPORT_DRIVER;
	fake.negotiated = 0x10000;
	assert_int_equal(be.ops->negotiated(&be, &nv), 0);
	assert_int_equal(nv.transport, BACKEND_TRANSPORT_DRIVER);
	assert_int_equal(nv.version, 0x10000);
	assert_string_equal(backend_transport_name(nv.transport), "driver");
	backend_close(&be);
}

static void test_driver_transport_cannot(void **state)
{
	struct ffa_regs io = { { 0x84000063, 0x10001 } };
	struct mem_send_req req = { 0 };
	struct mem_send_res res;
	struct ffactl_backend be;
	uint8_t desc[80] = { 0 };

	(void)state;
	fake.transport = FFACTL_TRANSPORT_DRIVER;
	assert_int_equal(open_fake(&be), 0);
	fake.fail_req = FFACTL_IOC_CALL;
	fake.fail_errno = EOPNOTSUPP;
	assert_int_equal(be.ops->call(&be, &io), -EOPNOTSUPP);
	assert_non_null(strstr(be.errmsg, "driver transport cannot"));
	assert_non_null(strstr(be.errmsg, "FFA_VERSION belongs to the "
				"in-tree FF-A driver"));
	assert_null(strchr(be.errmsg, '\n'));

	fake.fail_req = FFACTL_IOC_MEM_SEND;
	req.fid = 0x84000071;
	req.desc = desc;
	req.desc_len = sizeof(desc);
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EOPNOTSUPP);
	assert_non_null(strstr(be.errmsg, "driver transport cannot send"));
	assert_non_null(strstr(be.errmsg, "no donate"));
	backend_close(&be);
}

static void reply_reclaim_ok(unsigned long req, uint8_t *a)
{
	if (req == FFACTL_IOC_MEM_RECLAIM)
		put64(a, 16, 0x84000061);       /* regs[0] */
}

static void test_driver_transport_rebuilt(void **state)
{
	struct mem_reclaim_res res;
	struct ffactl_backend be;

	(void)state;
	fake.reply = reply_reclaim_ok;
	assert_int_equal(open_fake(&be), 0);
	assert_int_equal(be.ops->mem_reclaim(&be, 5, 0, false, &res), 0);
	assert_false(be.rebuilt);
	backend_close(&be);
	fake.transport = FFACTL_TRANSPORT_DRIVER;
	assert_int_equal(open_fake(&be), 0);
	assert_int_equal(be.ops->mem_reclaim(&be, 5, 0, false, &res), 0);
	assert_true(be.rebuilt);
	assert_int_equal(res.regs.a[0], 0x84000061);
	backend_close(&be);
}

static void test_call_not_permitted(void **state)
{
	struct ffactl_backend be;
	struct ffa_regs io = { { 0x84000063 } };

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.fail_req = FFACTL_IOC_CALL;
	fake.fail_errno = EPERM;
	assert_int_equal(be.ops->call(&be, &io), -EPERM);
	assert_non_null(strstr(be.errmsg, "CAP_SYS_RAWIO"));
	backend_close(&be);
}

/* --- FFACTL_IOC_MEM_SEND ------------------------------------------------ */

static uint8_t send_desc[100];

static void reply_send(unsigned long req, uint8_t *a)
{
	assert_int_equal(req, FFACTL_IOC_MEM_SEND);
	put32(a, 44, 2);                        /* fragments */
	put64(a, 48, 0x84000061);               /* regs[0]: FFA_SUCCESS */
	put64(a, 48 + 16, 2);                   /* a2: handle low */
	put64(a, 48 + 24, 0x10000);             /* a3: handle high */
	put64(a, 112, 0x1000000000002ull);      /* handle */
}

static void test_mem_send_packs_and_decodes(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req = {
		.fid = 0xC4000073, .desc = send_desc,
		.desc_len = sizeof(send_desc), .cons_off = 48,
		.cons_count = 2, .pages = 3, .addr_mode = MEM_ADDR_FILL,
		.fill = true, .fill_pattern = 0xdeadbeef, .frag_len = 64,
	};
	struct mem_send_res res;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_send;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
	assert_int_equal(get32(fake.last, 0), 0xC4000073);   /* fid */
	assert_int_equal(get32(fake.last, 4), 1);            /* flags: FILL */
	assert_int_equal(get64(fake.last, 8), (uintptr_t)send_desc);
	assert_int_equal(get32(fake.last, 16), 100);         /* desc_len */
	assert_int_equal(get32(fake.last, 20), 48);          /* cons_off */
	assert_int_equal(get32(fake.last, 24), 2);           /* cons_count */
	assert_int_equal(get32(fake.last, 28), 3);           /* pages */
	assert_int_equal(get32(fake.last, 32), 0);           /* addr_mode */
	assert_int_equal(get32(fake.last, 36), 0xdeadbeef);  /* pattern */
	assert_int_equal(get32(fake.last, 40), 64);          /* frag_len */
	assert_int_equal(get64(fake.last, 120), 0);          /* reserved */
	assert_int_equal(get64(fake.last, 128), 0);
	assert_int_equal(res.fragments, 2);
	assert_int_equal(res.handle, 0x1000000000002ull);
	assert_int_equal(res.regs.a[0], 0x84000061);
	assert_int_equal(res.regs.a[2], 2);
	assert_int_equal(res.regs.a[3], 0x10000);
	assert_int_equal(res.regs.a[8], 0);  /* only a0..a7 come back */
	backend_close(&be);
}

static void test_mem_send_as_is_no_fill(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req = {
		.fid = 0x84000072, .desc = send_desc, .desc_len = 40,
		.addr_mode = MEM_ADDR_AS_IS,
	};
	struct mem_send_res res;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_send;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
	assert_int_equal(get32(fake.last, 4), 0);            /* no FILL */
	assert_int_equal(get32(fake.last, 32), 1);           /* AS_IS */
	backend_close(&be);
}

static void test_mem_send_bounds(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req = {
		.fid = 0x84000073, .desc = send_desc,
		.desc_len = FFACTL_MAX_DESC + 1,
	};
	struct mem_send_res res;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -E2BIG);
	req.desc_len = 40;
	req.pages = FFACTL_MAX_PAGES + 1;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -E2BIG);
	assert_non_null(strstr(be.errmsg, "pages"));
	/* Refused before reaching the module. */
	assert_int_equal(fake.nreq, 1);
	backend_close(&be);
}

static void test_mem_send_errors(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req = {
		.fid = 0x84000073, .desc = send_desc, .desc_len = 40,
		.pages = 1, .cons_off = 32, .cons_count = 1,
	};
	struct mem_send_res res;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.fail_req = FFACTL_IOC_MEM_SEND;
	fake.fail_errno = ENXIO;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -ENXIO);
	assert_non_null(strstr(be.errmsg, "RX/TX"));
	fake.fail_errno = EINVAL;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EINVAL);
	assert_non_null(strstr(be.errmsg, "refused"));
	backend_close(&be);
}

/* --- FFACTL_IOC_MEM_RECLAIM --------------------------------------------- */

static int reclaim_error;

static void reply_reclaim(unsigned long req, uint8_t *a)
{
	assert_int_equal(req, FFACTL_IOC_MEM_RECLAIM);
	if (reclaim_error) {
		put64(a, 16, 0x84000060);                 /* FFA_ERROR */
		put64(a, 16 + 16, (uint32_t)reclaim_error);
		put32(a, 88, 4);                          /* pages, kept */
		return;
	}
	put64(a, 16, 0x84000061);                         /* FFA_SUCCESS */
	put32(a, 80, 1);                                  /* verified */
	put32(a, 84, 1);                                  /* zeroed */
	put32(a, 88, 4);                                  /* pages */
	put32(a, 92, 4);                                  /* pages_freed */
	put32(a, 96, 0x5a5a5a5b);                         /* first_word */
}

static void test_reclaim_packs_like_the_seed(void **state)
{
	struct ffactl_backend be;
	struct mem_reclaim_res res;

	(void)state;
	reclaim_error = 0;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_reclaim;
	assert_int_equal(be.ops->mem_reclaim(&be, 0x1000000000002ull, 1,
					     true, &res), 0);
	assert_int_equal(get32(fake.last, 0), 2);         /* a1: low */
	assert_int_equal(get32(fake.last, 4), 0x10000);   /* a2: high */
	assert_int_equal(get32(fake.last, 8), 1);         /* a3: flags */
	assert_int_equal(get32(fake.last, 12), 1);        /* VERIFY_ZERO */
	assert_int_equal(get64(fake.last, 96), 0);        /* first_word, pad */
	assert_int_equal(get64(fake.last, 104), 0);       /* reserved */
	assert_int_equal(res.regs.a[0], 0x84000061);
	assert_true(res.verified);
	assert_true(res.zeroed);
	assert_int_equal(res.pages, 4);
	assert_int_equal(res.pages_freed, 4);
	/* The module did not say it reads the first word: not believed. */
	assert_false(res.word_read);
	backend_close(&be);
}

/* A module with FFACTL_VERSION_F_FIRST_WORD: the word read back. */
static void test_reclaim_first_word(void **state)
{
	struct ffactl_backend be;
	struct mem_reclaim_res res;

	(void)state;
	reclaim_error = 0;
	fake.flags |= FFACTL_VERSION_F_FIRST_WORD;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_reclaim;
	assert_int_equal(be.ops->mem_reclaim(&be, 0xffffffc0ull, 0, true,
					     &res), 0);
	assert_true(res.word_read);
	assert_int_equal(res.first_word, 0x5a5a5a5b);
	/* Without VERIFY_ZERO nothing was read. */
	assert_int_equal(be.ops->mem_reclaim(&be, 0xffffffc0ull, 0, false,
					     &res), 0);
	assert_int_equal(get32(fake.last, 12), 0);
	backend_close(&be);
}

static void test_reclaim_error_keeps_pages(void **state)
{
	struct ffactl_backend be;
	struct mem_reclaim_res res;

	(void)state;
	reclaim_error = -6;  /* DENIED */
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_reclaim;
	/* MBZ flag bits go through untouched (negative tests). */
	assert_int_equal(be.ops->mem_reclaim(&be, 0xffffffff00000001ull,
					     0x80000004, false, &res), 0);
	assert_int_equal(get32(fake.last, 0), 1);
	assert_int_equal(get32(fake.last, 4), 0xffffffff);
	assert_int_equal(get32(fake.last, 8), 0x80000004);
	assert_int_equal(get32(fake.last, 12), 0);        /* no verify */
	/* The FF-A error is in the registers, not in the return value. */
	assert_int_equal(res.regs.a[0], 0x84000060);
	assert_int_equal((int32_t)res.regs.a[2], -6);
	assert_false(res.verified);
	assert_int_equal(res.pages, 4);
	assert_int_equal(res.pages_freed, 0);
	backend_close(&be);
}

/* --- FFACTL_IOC_PARTITION_INFO ------------------------------------------ */

static void reply_partitions(unsigned long req, uint8_t *a)
{
	uint8_t *user = (uint8_t *)(uintptr_t)get64(a, 24);

	assert_int_equal(req, FFACTL_IOC_PARTITION_INFO);
	for (int i = 0; i < 24; i++)
		user[i] = (uint8_t)(0x30 + i);
	put32(a, 36, 24);                     /* len */
	put64(a, 40, 0x84000061);             /* a0 */
	put64(a, 40 + 16, 3);                 /* a2: count */
	put64(a, 40 + 24, 8);                 /* a3: size */
}

static void test_partition_info(void **state)
{
	static const uint32_t uuid[4] = { 0x11, 0x22, 0x33, 0x44 };
	struct ffactl_backend be;
	struct ffa_regs out;
	uint8_t buf[64] = { 0 };
	size_t len = 99;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_partitions;
	assert_int_equal(be.ops->partition_info(&be, uuid, 0, &out, buf,
						sizeof(buf), &len), 0);
	assert_int_equal(get32(fake.last, 0), 0x11);
	assert_int_equal(get32(fake.last, 12), 0x44);
	assert_int_equal(get32(fake.last, 16), 0);        /* flags */
	assert_int_equal(get32(fake.last, 20), 0);        /* pad */
	assert_int_equal(get64(fake.last, 24), (uintptr_t)buf);
	assert_int_equal(get32(fake.last, 32), 64);       /* buf_size */
	assert_int_equal(len, 24);
	assert_int_equal(buf[0], 0x30);
	assert_int_equal(buf[23], 0x30 + 23);
	assert_int_equal(buf[24], 0);
	assert_int_equal(out.a[0], 0x84000061);
	assert_int_equal(out.a[2], 3);
	assert_int_equal(out.a[3], 8);
	backend_close(&be);
}

/* --- FFACTL_IOC_HANDLES ------------------------------------------------- */

static void reply_handles(unsigned long req, uint8_t *a)
{
	uint8_t *e = (uint8_t *)(uintptr_t)get64(a, 0);
	uint32_t cap = get32(a, 8);

	assert_int_equal(req, FFACTL_IOC_HANDLES);
	if (cap >= 1) {
		put64(e, 0, 0x1000000000002ull);
		put32(e, 8, 0x73);
		put32(e, 12, 4);
		put32(e, 16, 2);              /* stuck */
		put32(e, 20, 1);
		put16(e, 24, 0x8001);
	}
	put32(a, 12, 2);                      /* count: two exist */
}

static void test_handles(void **state)
{
	struct ffactl_backend be;
	struct handle_info list[1];
	size_t n = 0;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_handles;
	assert_int_equal(be.ops->handles(&be, NULL, 0, &n), 0);
	assert_int_equal(get64(fake.last, 0), 0);         /* list_ptr */
	assert_int_equal(get32(fake.last, 8), 0);         /* capacity */
	assert_int_equal(get32(fake.last, 16), 32);       /* entry_size */
	assert_int_equal(n, 2);

	memset(list, 0xff, sizeof(list));
	assert_int_equal(be.ops->handles(&be, list, 1, &n), 0);
	assert_int_not_equal(get64(fake.last, 0), 0);
	assert_int_equal(get32(fake.last, 8), 1);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].handle, 0x1000000000002ull);
	assert_int_equal(list[0].fn_num, 0x73);
	assert_int_equal(list[0].pages, 4);
	assert_int_equal(list[0].state, HANDLE_STUCK);
	assert_int_equal(list[0].receiver_count, 1);
	assert_int_equal(list[0].receivers[0], 0x8001);
	assert_int_equal(list[0].receivers[1], 0);
	backend_close(&be);
}

/* --- FFACTL_SEND_REUSE ------------------------------------------------- */

/* The module holds 0x1000000000005 (2 pages, owned) and 0x...6 (stuck). */
static void reply_reuse(unsigned long req, uint8_t *a)
{
	if (req == FFACTL_IOC_HANDLES) {
		uint8_t *e = (uint8_t *)(uintptr_t)get64(a, 0);
		uint32_t cap = get32(a, 8);

		for (uint32_t i = 0; i < 2 && i < cap; i++) {
			put64(e + 32 * i, 0, 0x1000000000005ull + i);
			put32(e + 32 * i, 8, 0x72);
			put32(e + 32 * i, 12, 2);
			put32(e + 32 * i, 16, i ? 2 : 0);
		}
		put32(a, 12, 2);
		return;
	}
	assert_int_equal(req, FFACTL_IOC_MEM_SEND);
	put64(a, 48, 0x84000060);               /* FFA_ERROR */
	put64(a, 48 + 16, (uint32_t)-6);        /* DENIED */
}

static void test_mem_send_reuse(void **state)
{
	struct ffactl_backend be;
	struct mem_send_req req = {
		.fid = 0x84000073, .desc = send_desc, .desc_len = 100,
		.cons_off = 48, .cons_count = 2, .pages = 2,
		.addr_mode = MEM_ADDR_FILL, .reuse = true,
		.reuse_handle = 0x1000000000005ull,
	};
	struct mem_send_res res;
	unsigned int n;

	(void)state;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_reuse;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
	assert_int_equal(fake.req[fake.nreq - 1], FFACTL_IOC_MEM_SEND);
	assert_int_equal(get32(fake.last, 4), 2);            /* REUSE */
	assert_int_equal(get32(fake.last, 28), 2);           /* pages */
	assert_int_equal(get64(fake.last, 120), 0x1000000000005ull);
	assert_int_equal(get64(fake.last, 128), 0);          /* reserved */
	assert_int_equal(res.regs.a[0], 0x84000060);

	/* Checked against the module's list first: nothing sent. */
	n = fake.nreq;
	req.pages = 3;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -ERANGE);
	assert_non_null(strstr(be.errmsg, "holds 2 pages"));
	req.pages = 1;
	req.reuse_handle = 0x1000000000006ull;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -ESRCH);
	assert_non_null(strstr(be.errmsg, "stuck"));
	req.reuse_handle = 0x99;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -ESRCH);
	req.reuse_handle = 0x1000000000005ull;
	req.fill = true;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EINVAL);
	for (unsigned int i = n; i < fake.nreq; i++)
		assert_int_not_equal(fake.req[i], FFACTL_IOC_MEM_SEND);

	/* An older module refuses the flag: said so, in one line. */
	req.fill = false;
	fake.fail_req = FFACTL_IOC_MEM_SEND;
	fake.fail_errno = EINVAL;
	assert_int_equal(be.ops->mem_send(&be, &req, &res), -EOPNOTSUPP);
	assert_non_null(strstr(be.errmsg, "predates"));
	assert_non_null(strstr(be.errmsg, "FFACTL_SEND_REUSE"));
	backend_close(&be);
}

/* --- FFACTL_IOC_BENCH --------------------------------------------------- */

static unsigned int bench_calls;

static void reply_bench(unsigned long req, uint8_t *a)
{
	if (req == FFACTL_IOC_CALL) {
		bench_calls++;
		put64(a, 0, 0x10002);
		return;
	}
	assert_int_equal(req, FFACTL_IOC_BENCH);
	assert_int_equal(get64(a, 0), 0x84000063);
	assert_int_equal(get64(a, 8), 0x10001);
	assert_int_equal(get32(a, 144), 5);               /* iterations */
	assert_int_equal(get32(a, 148), 0);               /* flags */
	put64(a, 0, 0x10002);
	put64(a, 152, 5000);                              /* total_ns */
	put64(a, 160, 700);
	put64(a, 168, 1900);
}

static void test_bench(void **state)
{
	struct ffactl_backend be;
	struct ffa_regs in = { { 0x84000063, 0x10001 } };
	struct ioctl_bridge_bench_res res;

	(void)state;
	bench_calls = 0;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_bench;
	assert_int_equal(ioctl_bridge_bench(&be, &in, 5, &res), 0);
	assert_int_equal(bench_calls, 5);
	assert_int_equal(fake.req[fake.nreq - 1], FFACTL_IOC_BENCH);
	assert_int_equal(res.iterations, 5);
	assert_int_equal(res.kernel_ns, 5000);
	assert_int_equal(res.kernel_min_ns, 700);
	assert_int_equal(res.kernel_max_ns, 1900);
	assert_int_equal(res.regs.a[0], 0x10002);
	assert_int_equal(ioctl_bridge_bench(&be, &in, 0, &res), -EINVAL);
	backend_close(&be);
}

/* --- FFACTL_IOC_CALL_BATCH ---------------------------------------------- */

static unsigned int batch_ioctls, batch_entries;
static uint32_t batch_done_override;

/*
 * struct ffactl_call_batch, by hand: calls_ptr u64 @0, count u32 @8,
 * flags u32 @12, done u32 @16, pad u32 @20, reserved u64[2] @24. Each
 * entry is a struct ffactl_call: regs u64[18] @0, flags @144, pad @148.
 */
static void reply_batch(unsigned long req, uint8_t *a)
{
	uint8_t *calls;
	uint32_t n, i;

	assert_int_equal(req, FFACTL_IOC_CALL_BATCH);
	calls = (uint8_t *)(uintptr_t)get64(a, 0);
	n = get32(a, 8);
	assert_int_equal(get32(a, 12), 0);
	assert_int_equal(get32(a, 16), 0);
	assert_int_equal(get32(a, 20), 0);
	assert_int_equal(get64(a, 24), 0);
	assert_int_equal(get64(a, 32), 0);
	for (i = 0; i < n; i++) {
		uint8_t *c = calls + 152 * i;

		assert_int_equal(get32(c, 144), 0);
		assert_int_equal(get32(c, 148), 0);
		/* Answer: a0 = SUCCESS, a2 = the caller's a1 + 1. */
		put64(c, 16, get64(c, 8) + 1);
		put64(c, 0, 0x84000061);
	}
	batch_ioctls++;
	batch_entries += n;
	put32(a, 16, batch_done_override ? batch_done_override : n);
}

static void test_call_batch(void **state)
{
	struct ffactl_backend be;
	struct ffa_regs io[3];
	uint64_t ns;
	int i;

	(void)state;
	assert_int_equal(FFACTL_IOC_CALL_BATCH, 0xC028FA07u);     /* 40 */
	assert_int_equal(sizeof(struct ffactl_call_batch), 40);
	batch_ioctls = batch_entries = batch_done_override = 0;
	assert_int_equal(open_fake(&be), 0);
	fake.reply = reply_batch;
	memset(io, 0, sizeof(io));
	for (i = 0; i < 3; i++) {
		io[i].a[0] = 0x84000064;
		io[i].a[1] = 100 + i;
	}
	assert_int_equal(ioctl_bridge_call_batch(&be, io, 3), 0);
	assert_int_equal(batch_ioctls, 1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(io[i].a[0], 0x84000061);
		assert_int_equal(io[i].a[2], 101 + i);
	}
	/* 2500 calls, 1000 a batch: three ioctls. */
	assert_int_equal(ioctl_bridge_bench_batch(&be, io, 2500, 1000, &ns),
			 0);
	assert_int_equal(batch_ioctls, 4);
	assert_int_equal(batch_entries, 2503);
	/* Sizes the module refuses are refused here first. */
	assert_int_equal(ioctl_bridge_call_batch(&be, io, 0), -EINVAL);
	assert_int_equal(ioctl_bridge_bench_batch(&be, io, 10, 4097, &ns),
			 -EINVAL);
	assert_int_equal(batch_ioctls, 4);
	/* A module that made fewer calls than asked is an error. */
	batch_done_override = 2;
	assert_int_equal(ioctl_bridge_call_batch(&be, io, 3), -EIO);
	assert_non_null(strstr(be.errmsg, "2 of 3"));
	batch_done_override = 0;
	/* An older module: its own message. */
	fake.fail_req = FFACTL_IOC_CALL_BATCH;
	fake.fail_errno = ENOTTY;
	assert_int_equal(ioctl_bridge_call_batch(&be, io, 3), -ENOTTY);
	assert_non_null(strstr(be.errmsg, "predates"));
	fake.fail_errno = EINVAL;
	assert_int_equal(ioctl_bridge_call_batch(&be, io, 3), -EPERM);
	fake.fail_req = 0;
	backend_close(&be);
}

/* QEMU user mode answers ioctls it does not know with ENOSYS. */
static void test_version_enosys(void **state)
{
	struct ffactl_backend be;

	(void)state;
	fake.fail_req = FFACTL_IOC_VERSION;
	fake.fail_errno = ENOSYS;
	assert_int_equal(open_fake(&be), -ENOTTY);
	assert_non_null(strstr(be.errmsg, "not the ffactl module"));
	assert_non_null(strstr(be.errmsg, "QEMU user mode"));
	fake.fail_req = 0;
}

static void test_close_closes_fd(void **state)
{
	struct ffactl_backend be;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	(void)state;
	assert_true(fd >= 0);
	memset(&be, 0, sizeof(be));
	assert_int_equal(ioctl_bridge_open_fd(&be, fd, "/dev/fake",
					      fake_ioctl), 0);
	assert_true(fd_is_open(fd));
	backend_close(&be);
	assert_false(fd_is_open(fd));
	assert_null(ioctl_bridge_version(&be));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_present_but_not_the_module),
		cmocka_unit_test(test_not_a_device),
		cmocka_unit_test(test_ioctl_numbers),
		cmocka_unit_test_setup(test_open_reads_version, setup),
		cmocka_unit_test_setup(test_negotiated_version, setup),
		cmocka_unit_test_setup(test_abi_mismatch, setup),
		cmocka_unit_test_setup(test_version_not_permitted, setup),
		cmocka_unit_test_setup(test_version_unknown_request, setup),
		cmocka_unit_test_setup(test_call_packs_and_decodes, setup),
		cmocka_unit_test_setup(test_call_refused, setup),
		cmocka_unit_test_setup(test_call_not_permitted, setup),
		cmocka_unit_test_setup(test_transport_reported, setup),
		cmocka_unit_test_setup(test_driver_transport_cannot, setup),
		cmocka_unit_test_setup(test_driver_transport_rebuilt, setup),
		cmocka_unit_test_setup(test_mem_send_packs_and_decodes, setup),
		cmocka_unit_test_setup(test_mem_send_as_is_no_fill, setup),
		cmocka_unit_test_setup(test_mem_send_bounds, setup),
		cmocka_unit_test_setup(test_mem_send_errors, setup),
		cmocka_unit_test_setup(test_reclaim_packs_like_the_seed, setup),
		cmocka_unit_test_setup(test_reclaim_error_keeps_pages, setup),
		cmocka_unit_test_setup(test_reclaim_first_word, setup),
		cmocka_unit_test_setup(test_partition_info, setup),
		cmocka_unit_test_setup(test_handles, setup),
		cmocka_unit_test_setup(test_mem_send_reuse, setup),
		cmocka_unit_test_setup(test_bench, setup),
		cmocka_unit_test_setup(test_call_batch, setup),
		cmocka_unit_test_setup(test_version_enosys, setup),
		cmocka_unit_test_setup(test_close_closes_fd, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
