/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What tests/unit/test_sim.c, test_sim_state.c and test_sim_image.c share: a
 * state file in a fresh temporary directory per test, reading and writing
 * whole files, opening the sim, and building and sending a share
 * descriptor. Static inline, so a test that does not use a
 * helper does not warn about it.
 */
#ifndef FFACTL_TEST_SIM_FIXTURE_H
#define FFACTL_TEST_SIM_FIXTURE_H

#define SHARE32 FFA_FN_SMC32(FFA_MEM_SHARE)
#define LEND32 FFA_FN_SMC32(FFA_MEM_LEND)
#define ERROR32 FFA_FN_SMC32(FFA_ERROR)
#define SUCCESS32 FFA_FN_SMC32(FFA_SUCCESS)

struct fixture {
	char dir[64];
	char path[128];
};

static inline int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ffactl-unit.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sim.state", f->dir);
	setenv("FFACTL_SIM_STATE", f->path, 1);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	unsetenv("FFACTL_SIM_STATE");
	free(f);
	return 0;
}

/* A whole file, into a new buffer (one byte more, so never malloc(0)). */
static inline uint8_t *read_file(const char *path, size_t *len)
{
	struct stat sb;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &sb), 0);
	buf = malloc((size_t)sb.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, (size_t)sb.st_size), sb.st_size);
	close(fd);
	*len = (size_t)sb.st_size;
	return buf;
}

static inline void write_file(const char *path, const uint8_t *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

static inline void open_sim(struct ffactl_backend *be)
{
	struct backend_opts o = { 0 };

	memset(be, 0, sizeof(*be));
	assert_int_equal(sim_backend_open(be, &o), 0);
	assert_non_null(be->ops);
}

static inline void close_sim(struct ffactl_backend *be)
{
	be->ops->close(be);
}

/*
 * A v1.1 share descriptor for @to with @n one-page constituents, addresses
 * left 0 for the backend to fill. Layout by hand from DEN0077 §10.11:
 * 48-byte header, one 16-byte EMAD, the composite at 64, constituents
 * from 80.
 */
#define CONS_OFF(nrecv) (48u + 16u * (nrecv) + 16u)

static inline uint32_t build_desc(uint16_t to, uint32_t n, uint8_t *buf,
				  size_t cap)
{
	struct ffa_constituent *cons = calloc(n ? n : 1, sizeof(*cons));
	struct ffa_mem_region r;
	size_t len;
	uint32_t i;

	assert_non_null(cons);
	for (i = 0; i < n; i++)
		cons[i].page_count = 1;
	memset(&r, 0, sizeof(r));
	r.version = FFA_VERSION_1_1;
	r.sender = FFA_MODEL_NWD_ID;
	r.attributes = FFA_ATTR_NORMAL_WB_INNER;
	r.receiver_count = 1;
	r.receivers[0].receiver = to;
	r.receivers[0].perm = FFA_PERM_RW;
	len = ffa_desc_encode(&r, cons, n, buf, cap);
	free(cons);
	assert_int_equal(len, CONS_OFF(1) + 16u * n);
	return (uint32_t)len;
}

/* A share of @n pages to the test partition, its descriptor in @d. */
static inline void share_req(struct mem_send_req *req, uint32_t n,
			     uint8_t *d, size_t cap)
{
	memset(req, 0, sizeof(*req));
	req->fid = SHARE32;
	req->desc = d;
	req->desc_len = build_desc(FFA_MODEL_TEST_SP_ID, n, d, cap);
	req->cons_off = CONS_OFF(1);
	req->cons_count = n;
	req->pages = n;
	req->addr_mode = MEM_ADDR_FILL;
}

static inline int share(struct ffactl_backend *be, uint32_t n,
			uint32_t pattern, uint32_t frag_len,
			struct mem_send_res *res)
{
	static uint8_t d[1u << 16];
	struct mem_send_req req;

	share_req(&req, n, d, sizeof(d));
	req.fill = pattern != 0;
	req.fill_pattern = pattern;
	req.frag_len = frag_len;
	return be->ops->mem_send(be, &req, res);
}

static inline uint64_t share_ok(struct ffactl_backend *be, uint32_t n,
				uint32_t pattern)
{
	struct mem_send_res res;

	assert_int_equal(share(be, n, pattern, 0, &res), 0);
	assert_int_equal(res.regs.a[0], SUCCESS32);
	assert_int_not_equal(res.handle, 0);
	assert_int_equal(res.handle,
			 ffa_handle_join(res.regs.a[2], res.regs.a[3]));
	return res.handle;
}

static inline size_t list_handles(struct ffactl_backend *be,
				  struct handle_info *l, size_t cap)
{
	size_t n = 0;

	assert_int_equal(be->ops->handles(be, l, cap, &n), 0);
	return n;
}

#endif /* FFACTL_TEST_SIM_FIXTURE_H */
