// SPDX-License-Identifier: BSD-3-Clause
/*
 * ioctl_probe: what the ffactl tool cannot do on purpose, for the QEMU
 * system test's guest.
 *
 *   ioctl_probe garbage      malformed ioctls: each must fail with the
 *                            errno the uapi header promises, and leave the
 *                            module's handle list as it was
 *   ioctl_probe bench N      FFA_VERSION N times through FFACTL_IOC_CALL,
 *                            then N times in the module (FFACTL_IOC_BENCH)
 *
 * Output: "# " comment lines for the TAP stream; exit 0 when every check
 * held, 1 otherwise, 3 when /dev/ffactl cannot be opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "uapi/ffactl.h"

#define FFA_VERSION_32		0x84000063u
#define FFA_MEM_SHARE_32	0x84000073u
#define FFA_MEM_RECLAIM_32	0x84000077u
#define FFA_RXTX_MAP_64		0xC4000066u
#define FFA_VERSION_1_2		0x10002u

static int fd = -1;
static int failures;
/* FFA_VERSION asks with this: the negotiated one, so nothing changes. */
static uint32_t asked = FFA_VERSION_1_2;

/* One malformed request: it must fail, with one of the errnos allowed. */
static void expect(const char *what, unsigned long cmd, void *arg, int e1,
		   int e2)
{
	int rc = ioctl(fd, cmd, arg);
	int err = errno;

	if (rc == 0) {
		printf("# FAIL %s: accepted\n", what);
		failures++;
	} else if (err != e1 && err != e2) {
		printf("# FAIL %s: errno %d (%s), want %s\n", what, err,
		       strerror(err), strerror(e1));
		failures++;
	} else {
		printf("# ok %s: %s\n", what, strerror(err));
	}
}

static int handle_count(void)
{
	struct ffactl_handles h;

	memset(&h, 0, sizeof(h));
	h.entry_size = sizeof(struct ffactl_handle_entry);
	if (ioctl(fd, FFACTL_IOC_HANDLES, &h)) {
		printf("# FAIL FFACTL_IOC_HANDLES: %s\n", strerror(errno));
		failures++;
		return -1;
	}
	return (int)h.count;
}

static void call_init(struct ffactl_call *c, uint32_t fid)
{
	memset(c, 0, sizeof(*c));
	c->regs[0] = fid;
	c->regs[1] = asked;
}

static void send_init(struct ffactl_mem_send *s, uint8_t *desc)
{
	memset(s, 0, sizeof(*s));
	s->fid = FFA_MEM_SHARE_32;
	s->desc_ptr = (uintptr_t)desc;
	s->desc_len = 256;
	s->cons_off = 96;
	s->cons_count = 1;
	s->pages = 1;
	s->addr_mode = FFACTL_ADDR_FILL;
}

static int garbage(void)
{
	static uint8_t desc[256];
	struct ffactl_call c;
	struct ffactl_mem_send s;
	struct ffactl_mem_reclaim r;
	struct ffactl_partition_info p;
	struct ffactl_handles h;
	struct ffactl_bench b;
	char big[512];
	int before = handle_count();

	/* Unknown commands, wrong magic, wrong sizes: -ENOTTY. */
	memset(big, 0, sizeof(big));
	expect("unknown command number", _IOWR(FFACTL_IOC_MAGIC, 0x7f,
	       struct ffactl_call), big, ENOTTY, ENOTTY);
	expect("wrong magic", _IOWR('x', 0x01, struct ffactl_call), big,
	       ENOTTY, ENOTTY);
	expect("CALL with a short size", _IOC(_IOC_READ | _IOC_WRITE,
	       FFACTL_IOC_MAGIC, 0x01, 8), big, ENOTTY, EINVAL);
	expect("CALL with a long size", _IOC(_IOC_READ | _IOC_WRITE,
	       FFACTL_IOC_MAGIC, 0x01, sizeof(big)), big, ENOTTY, EINVAL);
	expect("CALL without the write direction", _IOC(_IOC_READ,
	       FFACTL_IOC_MAGIC, 0x01, sizeof(struct ffactl_call)), big,
	       ENOTTY, EINVAL);
	expect("CALL with a NULL argument", FFACTL_IOC_CALL, NULL, EFAULT,
	       EFAULT);

	/* Register calls: FF-A IDs only, and not the memory ABIs. */
	call_init(&c, FFA_VERSION_32);
	c.flags = 1;
	expect("CALL flags set", FFACTL_IOC_CALL, &c, EINVAL, EINVAL);
	call_init(&c, FFA_VERSION_32);
	c.pad = 1;
	expect("CALL pad set", FFACTL_IOC_CALL, &c, EINVAL, EINVAL);
	call_init(&c, 0x84000008u);	/* PSCI SYSTEM_OFF */
	expect("CALL of PSCI SYSTEM_OFF", FFACTL_IOC_CALL, &c, EINVAL,
	       EINVAL);
	call_init(&c, 0x84000050u);
	expect("CALL below the FF-A range", FFACTL_IOC_CALL, &c, EINVAL,
	       EINVAL);
	call_init(&c, FFA_VERSION_32);
	c.regs[0] = 0x100000000ull | FFA_VERSION_32;
	expect("CALL with junk above a0's 32 bits", FFACTL_IOC_CALL, &c,
	       EINVAL, EINVAL);
	call_init(&c, FFA_MEM_RECLAIM_32);
	expect("CALL of FFA_MEM_RECLAIM", FFACTL_IOC_CALL, &c, EINVAL,
	       EINVAL);
	call_init(&c, FFA_MEM_SHARE_32);
	expect("CALL of FFA_MEM_SHARE", FFACTL_IOC_CALL, &c, EINVAL, EINVAL);
	call_init(&c, FFA_RXTX_MAP_64);
	expect("CALL of FFA_RXTX_MAP_64", FFACTL_IOC_CALL, &c, EINVAL,
	       EINVAL);

	/* Memory send: every bounds check. */
	send_init(&s, desc);
	s.reserved[0] = 1;
	expect("MEM_SEND reserved set", FFACTL_IOC_MEM_SEND, &s, EINVAL,
	       EINVAL);
	send_init(&s, desc);
	s.flags = 1u << 7;
	expect("MEM_SEND unknown flag", FFACTL_IOC_MEM_SEND, &s, EINVAL,
	       EINVAL);
	send_init(&s, desc);
	s.fid = FFA_VERSION_32;
	expect("MEM_SEND with a non-memory fid", FFACTL_IOC_MEM_SEND, &s,
	       EINVAL, EINVAL);
	send_init(&s, desc);
	s.fid = FFA_MEM_RECLAIM_32;
	expect("MEM_SEND with FFA_MEM_RECLAIM", FFACTL_IOC_MEM_SEND, &s,
	       EINVAL, EINVAL);
	send_init(&s, desc);
	s.desc_len = 0;
	expect("MEM_SEND empty descriptor", FFACTL_IOC_MEM_SEND, &s, EINVAL,
	       EINVAL);
	send_init(&s, desc);
	s.desc_len = FFACTL_MAX_DESC + 1;
	expect("MEM_SEND descriptor too long", FFACTL_IOC_MEM_SEND, &s,
	       EINVAL, EINVAL);
	send_init(&s, desc);
	s.pages = FFACTL_MAX_PAGES + 1;
	s.cons_count = 1;
	expect("MEM_SEND too many pages", FFACTL_IOC_MEM_SEND, &s, EINVAL,
	       EINVAL);
	send_init(&s, desc);
	s.cons_off = 248;
	expect("MEM_SEND constituents past the end", FFACTL_IOC_MEM_SEND, &s,
	       EINVAL, EINVAL);
	send_init(&s, desc);
	s.cons_off = 0xfffffff8u;
	expect("MEM_SEND constituent offset overflowing",
	       FFACTL_IOC_MEM_SEND, &s, EINVAL, EINVAL);
	send_init(&s, desc);
	s.cons_count = 2;
	expect("MEM_SEND more constituents than pages", FFACTL_IOC_MEM_SEND,
	       &s, EINVAL, EINVAL);
	send_init(&s, desc);
	s.cons_count = 0x10000001u;
	s.pages = 4;
	expect("MEM_SEND constituent count overflowing",
	       FFACTL_IOC_MEM_SEND, &s, EINVAL, EINVAL);
	send_init(&s, desc);
	s.addr_mode = 7;
	expect("MEM_SEND unknown address mode", FFACTL_IOC_MEM_SEND, &s,
	       EINVAL, EINVAL);
	send_init(&s, desc);
	s.desc_ptr = 0;
	expect("MEM_SEND NULL descriptor", FFACTL_IOC_MEM_SEND, &s, EFAULT,
	       EINVAL);
	/* FFACTL_SEND_REUSE: only the pages of a handle the module holds. */
	send_init(&s, desc);
	s.reuse_handle = 0x1234;
	expect("MEM_SEND reuse_handle without FFACTL_SEND_REUSE",
	       FFACTL_IOC_MEM_SEND, &s, EINVAL, EINVAL);
	send_init(&s, desc);
	s.flags = FFACTL_SEND_REUSE;
	s.reuse_handle = 0x1234;
	expect("MEM_SEND reusing a handle the module does not hold",
	       FFACTL_IOC_MEM_SEND, &s, EINVAL, EINVAL);
	send_init(&s, desc);
	s.flags = FFACTL_SEND_REUSE;
	s.pages = 0;
	s.cons_count = 0;
	expect("MEM_SEND reusing no pages", FFACTL_IOC_MEM_SEND, &s, EINVAL,
	       EINVAL);
	send_init(&s, desc);
	s.flags = FFACTL_SEND_REUSE | FFACTL_SEND_FILL;
	expect("MEM_SEND filling reused pages", FFACTL_IOC_MEM_SEND, &s,
	       EINVAL, EINVAL);

	/* Reclaim, partition info, handles, bench: reserved fields. */
	memset(&r, 0, sizeof(r));
	r.request = 1u << 4;
	expect("MEM_RECLAIM unknown request bit", FFACTL_IOC_MEM_RECLAIM, &r,
	       EINVAL, EINVAL);
	memset(&r, 0, sizeof(r));
	r.reserved = 1;
	expect("MEM_RECLAIM reserved set", FFACTL_IOC_MEM_RECLAIM, &r,
	       EINVAL, EINVAL);
	memset(&r, 0, sizeof(r));
	r.first_word = 1;
	expect("MEM_RECLAIM first_word set on input", FFACTL_IOC_MEM_RECLAIM,
	       &r, EINVAL, EINVAL);
	memset(&p, 0, sizeof(p));
	p.pad = 1;
	expect("PARTITION_INFO pad set", FFACTL_IOC_PARTITION_INFO, &p,
	       EINVAL, EINVAL);
	memset(&p, 0, sizeof(p));
	p.reserved[0] = 1;
	expect("PARTITION_INFO reserved set", FFACTL_IOC_PARTITION_INFO, &p,
	       EINVAL, EINVAL);
	memset(&h, 0, sizeof(h));
	h.entry_size = 16;
	expect("HANDLES wrong entry size", FFACTL_IOC_HANDLES, &h, EINVAL,
	       EINVAL);
	memset(&h, 0, sizeof(h));
	h.entry_size = sizeof(struct ffactl_handle_entry);
	h.pad = 1;
	expect("HANDLES pad set", FFACTL_IOC_HANDLES, &h, EINVAL, EINVAL);
	memset(&b, 0, sizeof(b));
	b.regs[0] = FFA_VERSION_32;
	expect("BENCH zero iterations", FFACTL_IOC_BENCH, &b, EINVAL, EINVAL);
	b.iterations = FFACTL_MAX_BENCH + 1;
	expect("BENCH too many iterations", FFACTL_IOC_BENCH, &b, EINVAL,
	       EINVAL);
	b.iterations = 1;
	b.regs[0] = FFA_MEM_RECLAIM_32;
	expect("BENCH of FFA_MEM_RECLAIM", FFACTL_IOC_BENCH, &b, EINVAL,
	       EINVAL);

	if (handle_count() != before) {
		printf("# FAIL the handle list changed: %d -> %d\n", before,
		       handle_count());
		failures++;
	}
	printf("# %d garbage check(s) failed\n", failures);
	return failures ? 1 : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int bench(unsigned long n)
{
	struct ffactl_version v;
	struct ffactl_call c;
	struct ffactl_bench b;
	uint64_t t0, t1;
	unsigned long i;
	double ioctl_ns, kern_ns;

	/*
	 * FFA_VERSION is per endpoint and the last caller wins: ask with the
	 * version the module says is negotiated, or measuring renegotiates.
	 */
	memset(&v, 0, sizeof(v));
	if (ioctl(fd, FFACTL_IOC_VERSION, &v)) {
		printf("# FAIL FFACTL_IOC_VERSION: %s\n", strerror(errno));
		return 1;
	}
	if (v.ffa_version_negotiated)
		asked = v.ffa_version_negotiated;
	if (n < 1 || n > FFACTL_MAX_BENCH) {
		fprintf(stderr, "ioctl_probe: bench: 1..%u iterations\n",
			FFACTL_MAX_BENCH);
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		call_init(&c, FFA_VERSION_32);
		if (ioctl(fd, FFACTL_IOC_CALL, &c)) {
			printf("# FAIL FFACTL_IOC_CALL: %s\n", strerror(errno));
			return 1;
		}
	}
	t1 = now_ns();
	if ((uint32_t)c.regs[0] != FFA_VERSION_1_2) {
		printf("# FAIL FFA_VERSION answered 0x%llx\n",
		       (unsigned long long)c.regs[0]);
		return 1;
	}
	ioctl_ns = (double)(t1 - t0) / (double)n;

	memset(&b, 0, sizeof(b));
	b.regs[0] = FFA_VERSION_32;
	b.regs[1] = asked;
	b.iterations = (uint32_t)n;
	if (ioctl(fd, FFACTL_IOC_BENCH, &b)) {
		printf("# FAIL FFACTL_IOC_BENCH: %s\n", strerror(errno));
		return 1;
	}
	kern_ns = (double)b.total_ns / (double)n;
	printf("# FFA_VERSION x %lu: ioctl %.0f ns/call, kernel loop %.0f "
	       "ns/call (min %llu, max %llu), ioctl/kernel %.1fx\n", n,
	       ioctl_ns, kern_ns, (unsigned long long)b.min_ns,
	       (unsigned long long)b.max_ns,
	       kern_ns > 0 ? ioctl_ns / kern_ns : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dev = getenv("FFACTL_DEVICE");

	if (argc < 2) {
		fprintf(stderr, "usage: ioctl_probe garbage | bench N\n");
		return 2;
	}
	fd = open(dev ? dev : "/dev/ffactl", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("ioctl_probe: /dev/ffactl");
		return 3;
	}
	if (!strcmp(argv[1], "garbage"))
		return garbage();
	if (!strcmp(argv[1], "bench") && argc == 3)
		return bench(strtoul(argv[2], NULL, 0));
	fprintf(stderr, "usage: ioctl_probe garbage | bench N\n");
	return 2;
}
