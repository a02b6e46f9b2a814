// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl's driver transport: through the in-tree FF-A driver
 * (drivers/firmware/arm_ffa, Linux 6.1's struct ffa_ops), for kernels
 * where that driver owns the endpoint's only RX/TX pair and its FF-A
 * version. Found at run time: ffa_bus_type is resolved with
 * __symbol_get(), which also pins the driver's module while we use it,
 * so ffactl.ko has no link-time dependency on it and loads where it is
 * absent.
 *
 * What goes where:
 *   share, lend      mem_ops->memory_share/lend: the driver builds the
 *                    descriptor itself (v1.0 layout in 6.1), so only a
 *                    descriptor it would build byte for byte is accepted;
 *                    receivers, permissions, flags and tag come from it
 *   reclaim          mem_ops->memory_reclaim(handle, flags): flags as given
 *   partition info   info_ops->partition_info_get(uuid)
 *   direct requests  msg_ops->sync_send_receive() on the partition's
 *                    ffa_device, found on ffa_bus_type by its ID (no
 *                    binding: the device stays free for its own driver)
 *   FEATURES, ID_GET and other register-only calls: our own conduit, as
 *                    they change nothing the driver keeps
 *   FFA_VERSION, RX_RELEASE, raw PARTITION_INFO_GET, donate: refused
 *
 * The driver's ops return a Linux errno, not registers: the answer is
 * rebuilt from it with the inverse of its ffa_linux_errmap, which is one
 * to one for NOT_SUPPORTED..ABORTED. Where one errno stands for several
 * answers (a send's -EOPNOTSUPP is also "an answer it could not read";
 * -ENXIO a failed middle fragment; a direct request's -EINVAL also "not
 * the direct response"; partition_info_get's -ENOENT an error and an
 * empty list alike) the ioctl fails with -EREMOTEIO instead of guessing,
 * and a send's pages are kept.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm_ffa.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <asm/unaligned.h>

#include "ffactl.h"

/* The in-tree driver's bus, its only data symbol we need. */
#define FFA_BUS_SYMBOL		"ffa_bus_type"

/* 6.1's ffa_memory_attributes_get(): share normal WB inner-shareable. */
#define DRV_SHARE_ATTRIBUTES	0x2F
/* 6.1's descriptor, v1.0 (DEN0077 v1.0 table 5.19-5.22). */
#define DRV_HDR_SIZE		32
#define DRV_EMAD_SIZE		16
#define DRV_COMPOSITE_SIZE	16
/* The first fragment must hold the header, EMADs and composite (-ENXIO). */
#define DRV_TX_SIZE		SZ_4K
#define DRV_MAX_RECEIVERS	((DRV_TX_SIZE - DRV_HDR_SIZE - \
				  DRV_COMPOSITE_SIZE) / DRV_EMAD_SIZE)
/* partition_info_get copies as many as the SPMC lists: RX's worth. */
#define DRV_MAX_PARTITIONS	(DRV_TX_SIZE / 8)

static struct {
	struct bus_type *bus;		/* pinned by __symbol_get */
	const struct ffa_ops *ops;	/* any device's: one table in 6.1 */
	u32 version;			/* the driver's api_version_get() */
	bool mem_native;		/* it sends memory ABIs as SMC64 */
} drv;

/* 6.1's ffa_linux_errmap, indexed by -status. */
static const int drv_errmap[] = {
	0, -EOPNOTSUPP, -EINVAL, -ENOMEM, -EBUSY, -EINTR, -EACCES, -EAGAIN,
	-ECANCELED,
};

/*
 * The FF-A status the driver turned into @ret, written into @regs as the
 * firmware answered it; -EREMOTEIO when @ret is @ambiguous (it stands for
 * more than one answer in the op that returned it) or not in the table.
 */
static int drv_rebuild_error(u64 *regs, int ret, int ambiguous,
			     const char *op)
{
	s32 i;

	if (ret != ambiguous)
		for (i = 1; i < ARRAY_SIZE(drv_errmap); i++)
			if (drv_errmap[i] == ret) {
				ffa_set_error(regs, -i);
				return 0;
			}
	pr_warn_ratelimited("driver transport: %s returned %d, which names no single FF-A answer\n",
			    op, ret);
	return -EREMOTEIO;
}

static void drv_rebuild_success(u64 *regs, u64 a2, u64 a3)
{
	memset(regs, 0, FFACTL_NREGS * sizeof(u64));
	regs[0] = FFA_SUCCESS;
	regs[2] = a2;
	regs[3] = a3;
}

static int drv_first_ops(struct device *dev, void *data)
{
	struct ffa_device *fdev = to_ffa_dev(dev);

	(*(unsigned int *)data)++;
	if (!drv.ops)
		drv.ops = fdev->ops;
	return 0;
}

/*
 * The in-tree driver is there (its module loaded, or built in) and set up:
 * its bus is registered only while it is (ffa_init() unregisters it when
 * it fails). Pins its module on success; *@ndev gets its device count.
 */
static struct bus_type *drv_get_bus(unsigned int *ndev)
{
	struct bus_type *bus = __symbol_get(FFA_BUS_SYMBOL);

	*ndev = 0;
	if (!bus)
		return NULL;
	drv.ops = NULL;
	if (bus_for_each_dev(bus, NULL, ndev, drv_first_ops) < 0) {
		__symbol_put(FFA_BUS_SYMBOL);
		return NULL;
	}
	return bus;
}

bool ffactl_driver_present(void)
{
	unsigned int n;
	struct bus_type *bus = drv_get_bus(&n);

	if (!bus)
		return false;
	__symbol_put(FFA_BUS_SYMBOL);
	drv.ops = NULL;
	return true;
}

/* What the driver's ops tell callers when it found no partition. */
static int drv_no_ops(void)
{
	tp_cannot_notice("the in-tree FF-A driver listed no partition, and 6.1 reaches its ops only through a partition's device");
	return -EOPNOTSUPP;
}

static int drv_match_vm_id(struct device *dev, const void *data)
{
	return to_ffa_dev(dev)->vm_id == *(const u16 *)data;
}

/* FFA_MSG_SEND_DIRECT_REQ through the partition's FF-A device. */
static int drv_direct_req(u64 *regs)
{
	bool smc64 = (u32)regs[0] == FFA_SMC64(FFA_NUM_MSG_SEND_DIRECT_REQ);
	u16 src = (u16)(regs[1] >> 16), dst = (u16)regs[1];
	struct ffa_send_direct_data data = {
		regs[3], regs[4], regs[5], regs[6], regs[7],
	};
	struct ffa_device *fdev;
	struct device *dev;
	int i, ret;

	if (regs[1] >> 32 || src != ffactl.id) {
		tp_cannot_notice("direct request a1 0x%llx: the in-tree driver writes its own ID 0x%04x as the sender",
				 regs[1], ffactl.id);
		return -EOPNOTSUPP;
	}
	if (regs[2]) {
		tp_cannot_notice("direct request a2 0x%llx: the in-tree driver sends 0",
				 regs[2]);
		return -EOPNOTSUPP;
	}
	dev = bus_find_device(drv.bus, NULL, &dst, drv_match_vm_id);
	if (!dev) {
		tp_cannot_notice("no FF-A device for partition 0x%04x on the FF-A bus (the in-tree driver makes one per partition it found at load)",
				 dst);
		return -EOPNOTSUPP;
	}
	fdev = to_ffa_dev(dev);
	if (fdev->mode_32bit == smc64) {
		put_device(dev);
		tp_cannot_notice("the in-tree driver sends direct requests to 0x%04x as %s (that device's mode), not %s",
				 dst, smc64 ? "SMC32" : "SMC64",
				 smc64 ? "SMC64" : "SMC32");
		return -EOPNOTSUPP;
	}
	ret = fdev->ops->msg_ops->sync_send_receive(fdev, &data);
	put_device(dev);
	if (ret)
		return drv_rebuild_error(regs, ret, -EINVAL,
					 "sync_send_receive");
	/* It checked a0 only: a1 is what a conforming response carries. */
	memset(regs, 0, FFACTL_NREGS * sizeof(u64));
	regs[0] = smc64 ? FFA_SMC64(FFA_NUM_MSG_SEND_DIRECT_RESP) :
			  FFA_SMC32(FFA_NUM_MSG_SEND_DIRECT_RESP);
	regs[1] = (u32)dst << 16 | src;
	regs[3] = data.data0;
	regs[4] = data.data1;
	regs[5] = data.data2;
	regs[6] = data.data3;
	regs[7] = data.data4;
	/* SMC32 results live in w3..w7. */
	for (i = 3; !smc64 && i <= 7; i++)
		regs[i] = (u32)regs[i];
	return 0;
}

/* The calls that would change what the in-tree driver keeps. */
static int drv_refused(const u64 *regs)
{
	if (ffactl_fid_is(regs[0], FFA_NUM_VERSION)) {
		tp_cannot_notice("FFA_VERSION belongs to the in-tree FF-A driver (it negotiated %u.%u for this endpoint; another would renegotiate behind its back)",
				 FFA_MAJOR(drv.version),
				 FFA_MINOR(drv.version));
		return -EOPNOTSUPP;
	}
	if (ffactl_fid_is(regs[0], FFA_NUM_RX_RELEASE)) {
		tp_cannot_notice("FFA_RX_RELEASE: RX belongs to the in-tree FF-A driver");
		return -EOPNOTSUPP;
	}
	if (ffactl_fid_is(regs[0], FFA_NUM_PARTITION_INFO_GET)) {
		tp_cannot_notice("FFA_PARTITION_INFO_GET: RX belongs to the in-tree FF-A driver (use the partitions command)");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int drv_call(u64 *regs)
{
	int ret = drv_refused(regs);

	if (ret)
		return ret;
	if (ffactl_fid_is(regs[0], FFA_NUM_MSG_SEND_DIRECT_REQ))
		return drv_direct_req(regs);
	ffactl_invoke(regs);
	return 0;
}

/* A loop goes straight to the conduit: not through the driver's ops. */
static int drv_loop_allowed(const u64 *regs)
{
	int ret = drv_refused(regs);

	if (ret)
		return ret;
	if (ffactl_fid_is(regs[0], FFA_NUM_MSG_SEND_DIRECT_REQ)) {
		tp_cannot_notice("direct requests go one by one through the in-tree driver's device, not in a loop");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* The first word of EMAD @i, and the header's fields, by offset. */
static const u8 *drv_emad(const u8 *d, u32 i)
{
	return d + DRV_HDR_SIZE + i * DRV_EMAD_SIZE;
}

/*
 * Whether 6.1's ffa_setup_and_transmit() would build @d byte for byte
 * from what it takes (receivers, permissions, flags, tag; one constituent
 * per page): only then does the descriptor the firmware gets say what
 * the tool asked. Addresses are still 0 here (FFACTL_ADDR_FILL).
 */
static int drv_send_check(const struct ffactl_mem_send *s, const u8 *d)
{
	u32 num = FFA_FN_NUM(s->fid), n, comp, i, want_len;
	bool smc64 = s->fid == FFA_SMC64(num);

	if (num == FFA_NUM_MEM_DONATE) {
		tp_cannot_notice("FFA_MEM_DONATE: the in-tree FF-A driver (6.1) has no donate, only memory_share, memory_lend and memory_reclaim");
		return -EOPNOTSUPP;
	}
	if (!drv.ops)
		return drv_no_ops();
	if (smc64 != drv.mem_native) {
		tp_cannot_notice("the in-tree driver sends memory ABIs as %s on this firmware (FFA_FEATURES, as its ffa_set_up_mem_ops_native_flag() asks)",
				 drv.mem_native ? "SMC64" : "SMC32");
		return -EOPNOTSUPP;
	}
	if (s->addr_mode != FFACTL_ADDR_FILL) {
		tp_cannot_notice("constituent addresses as given: the in-tree driver writes those of the pages itself");
		return -EOPNOTSUPP;
	}
	if (s->frag_len) {
		tp_cannot_notice("fragment length %u: the in-tree driver fragments at its own TX size",
				 s->frag_len);
		return -EOPNOTSUPP;
	}
	if (!IS_ENABLED(CONFIG_ARM64_4K_PAGES) ||
	    drv.version != FFA_VERSION_1_0) {
		tp_cannot_notice("the in-tree driver builds v1.0 descriptors of 4 KiB pages; here FF-A %u.%u, %lu-byte pages",
				 FFA_MAJOR(drv.version),
				 FFA_MINOR(drv.version), PAGE_SIZE);
		return -EOPNOTSUPP;
	}
	if (s->desc_len < DRV_HDR_SIZE) {
		tp_cannot_notice("a %u-byte descriptor: not the v1.0 layout the in-tree driver builds",
				 s->desc_len);
		return -EOPNOTSUPP;
	}
	n = get_unaligned_le32(d + 28);
	if (n > DRV_MAX_RECEIVERS) {
		tp_cannot_notice("%u receivers: more than fit the in-tree driver's first fragment",
				 n);
		return -EOPNOTSUPP;
	}
	comp = DRV_HDR_SIZE + n * DRV_EMAD_SIZE;
	want_len = comp + DRV_COMPOSITE_SIZE +
		   s->cons_count * FFA_CONSTITUENT_SIZE;
	if (s->desc_len != want_len ||
	    s->cons_off != comp + DRV_COMPOSITE_SIZE) {
		tp_cannot_notice("a %u-byte descriptor, constituents at %u: the in-tree driver would build %u bytes, constituents at %u (v1.0 layout, FF-A 1.0 negotiated)",
				 s->desc_len, s->cons_off, want_len,
				 comp + DRV_COMPOSITE_SIZE);
		return -EOPNOTSUPP;
	}
	if (!s->cons_count || s->cons_count != s->pages) {
		tp_cannot_notice("%u constituents for %u pages: the in-tree driver sends one per page, at least one",
				 s->cons_count, s->pages);
		return -EOPNOTSUPP;
	}
	if (get_unaligned_le16(d) != ffactl.id) {
		tp_cannot_notice("sender 0x%04x: the in-tree driver writes its own ID 0x%04x",
				 get_unaligned_le16(d), ffactl.id);
		return -EOPNOTSUPP;
	}
	if (d[2] != (num == FFA_NUM_MEM_LEND ? 0 : DRV_SHARE_ATTRIBUTES)) {
		tp_cannot_notice("memory attributes 0x%02x: the in-tree driver writes 0x%02x for %s",
				 d[2], num == FFA_NUM_MEM_LEND ? 0 :
				 DRV_SHARE_ATTRIBUTES,
				 num == FFA_NUM_MEM_LEND ? "a lend" :
				 "a share");
		return -EOPNOTSUPP;
	}
	if (d[3] || get_unaligned_le64(d + 8) ||
	    get_unaligned_le32(d + 24)) {
		tp_cannot_notice("reserved or handle fields of the header set: the in-tree driver writes 0");
		return -EOPNOTSUPP;
	}
	for (i = 0; i < n; i++) {
		const u8 *e = drv_emad(d, i);

		if (e[3] || get_unaligned_le32(e + 4) != comp ||
		    get_unaligned_le64(e + 8)) {
			tp_cannot_notice("receiver %u's flags, composite offset or reserved field: the in-tree driver writes 0, %u, 0",
					 i, comp);
			return -EOPNOTSUPP;
		}
	}
	if (get_unaligned_le32(d + comp) != s->cons_count ||
	    get_unaligned_le32(d + comp + 4) != s->cons_count ||
	    get_unaligned_le64(d + comp + 8)) {
		tp_cannot_notice("composite: the in-tree driver writes the page and constituent counts it sends (%u each) and 0",
				 s->cons_count);
		return -EOPNOTSUPP;
	}
	for (i = 0; i < s->cons_count; i++) {
		const u8 *c = d + s->cons_off + i * FFA_CONSTITUENT_SIZE;

		if (get_unaligned_le64(c) || get_unaligned_le32(c + 8) != 1 ||
		    get_unaligned_le32(c + 12)) {
			tp_cannot_notice("constituent %u: the in-tree driver writes one page at the page's address",
					 i);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int drv_mem_send(const struct ffactl_mem_send *s, const u8 *d,
			struct ffactl_handle *h, u64 *regs, u32 *fragments,
			u64 *frag_handle)
{
	struct ffa_mem_region_attributes *attrs;
	struct ffa_mem_ops_args args = { .use_txbuf = true };
	u32 n = get_unaligned_le32(d + 28), i;
	struct scatterlist *sg;
	struct sg_table sgt;
	int ret;

	attrs = kcalloc(max(n, 1U), sizeof(*attrs), GFP_KERNEL);
	if (!attrs)
		return -ENOMEM;
	ret = sg_alloc_table(&sgt, h->nr_pages, GFP_KERNEL);
	if (ret) {
		kfree(attrs);
		return ret;
	}
	for_each_sg(sgt.sgl, sg, h->nr_pages, i)
		sg_set_page(sg, h->pages[i], PAGE_SIZE, 0);
	for (i = 0; i < n; i++) {
		attrs[i].receiver = get_unaligned_le16(drv_emad(d, i));
		attrs[i].attrs = drv_emad(d, i)[2];
	}
	args.nattrs = n;
	args.flags = get_unaligned_le32(d + 4);
	args.tag = get_unaligned_le64(d + 16);
	args.sg = sgt.sgl;
	args.attrs = attrs;
	if (FFA_FN_NUM(s->fid) == FFA_NUM_MEM_LEND)
		ret = drv.ops->mem_ops->memory_lend(&args);
	else
		ret = drv.ops->mem_ops->memory_share(&args);
	sg_free_table(&sgt);
	kfree(attrs);

	/* 6.1 fills its TX and sends whenever it is full. */
	*fragments = DIV_ROUND_UP(s->desc_len, DRV_TX_SIZE);
	if (!ret) {
		drv_rebuild_success(regs, (u32)args.g_handle,
				    args.g_handle >> 32);
		return 0;
	}
	/* A middle fragment refused, or an answer it could not read. */
	if (args.g_handle)
		*frag_handle = args.g_handle;
	if (ret == -ENXIO)
		pr_warn_ratelimited("driver transport: a fragment of the send failed (-ENXIO)\n");
	return drv_rebuild_error(regs, ret, -EOPNOTSUPP,
				 FFA_FN_NUM(s->fid) == FFA_NUM_MEM_LEND ?
				 "memory_lend" : "memory_share");
}

static int drv_reclaim(u64 handle, u32 flags, u64 *regs)
{
	int ret;

	if (!drv.ops)
		return drv_no_ops();
	ret = drv.ops->mem_ops->memory_reclaim(handle, flags);
	if (!ret) {
		drv_rebuild_success(regs, 0, 0);
		return 0;
	}
	return drv_rebuild_error(regs, ret, 0, "memory_reclaim");
}

static bool drv_unwritten(const struct ffa_partition_info *e)
{
	return !memchr_inv(e, 0xFF, 8);
}

/*
 * 6.1's partition_info_get() copies every descriptor the SPMC lists but
 * returns 0, not how many: they are counted by what it wrote over a fill
 * of 0xff bytes (no SPMC lists ID 0xffff with 65535 contexts and every
 * property bit). Under FF-A 1.0 a descriptor is 8 bytes (DEN0077 v1.0
 * table 8.25) and a3 is reserved; from 1.1 on, 24 with the UUID.
 */
static int drv_partition_info(const struct ffactl_partition_info *p,
			      u64 *regs, u8 *buf, u32 cap, u32 *len)
{
	struct ffa_partition_info *all;
	u32 count = 0, size = drv.version == FFA_VERSION_1_0 ? 8 : 24, i;
	char uuid[UUID_STRING_LEN + 1];
	int ret;

	BUILD_BUG_ON(sizeof(*all) != 24);
	*len = 0;
	if (p->flags) {
		tp_cannot_notice("partition query flags 0x%x: the in-tree driver's partition_info_get takes a UUID only",
				 p->flags);
		return -EOPNOTSUPP;
	}
	if (!drv.ops)
		return drv_no_ops();
	/* The words as a1..a4 carry them: the UUID's bytes, little endian. */
	snprintf(uuid, sizeof(uuid), "%pUb", p->uuid);
	all = kmalloc_array(DRV_MAX_PARTITIONS, sizeof(*all), GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	memset(all, 0xFF, DRV_MAX_PARTITIONS * sizeof(*all));
	ret = drv.ops->info_ops->partition_info_get(uuid, all);
	if (ret) {
		kfree(all);
		return drv_rebuild_error(regs, ret, -ENOENT,
					 "partition_info_get");
	}
	while (count < DRV_MAX_PARTITIONS && !drv_unwritten(&all[count]))
		count++;
	for (i = 0; i < count && *len + size <= cap; i++) {
		memcpy(buf + *len, &all[i], size);
		*len += size;
	}
	kfree(all);
	drv_rebuild_success(regs, count, size == 8 ? 0 : size);
	return 0;
}

/* The in-tree driver mapped the endpoint's one pair: never touch it. */
static int drv_rxtx_probe(struct ffactl_rxtx_probe *p)
{
	tp_cannot_notice("RX/TX probe %u: the in-tree FF-A driver owns this endpoint's RX/TX pair; unmapping it would break the driver",
			 p->kind);
	return -EOPNOTSUPP;
}

static int drv_features_ok(u32 fid)
{
	u64 regs[FFACTL_NREGS];

	ffactl_call5(regs, FFA_SMC32(FFA_NUM_FEATURES), fid, 0, 0, 0);
	return ffa_is_success(regs[0]);
}

static int drv_init(void)
{
	u64 regs[FFACTL_NREGS];
	unsigned int ndev;

	drv.bus = drv_get_bus(&ndev);
	if (!drv.bus) {
		pr_err("transport=driver: the in-tree FF-A driver is not there (no %s, or its init failed): load it first (modprobe ffa-module), or use transport=own\n",
		       FFA_BUS_SYMBOL);
		return -ENODEV;
	}
	ffactl.flags |= FFACTL_VERSION_F_INTREE_FFA;
	if (drv.ops)
		drv.version = drv.ops->info_ops->api_version_get();
	ffactl.version_negotiated = drv.version;

	/* Register-only, so harmless behind the driver's back. */
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_ID_GET), 0, 0, 0, 0);
	if (!ffa_is_success(regs[0])) {
		pr_err("FFA_ID_GET failed: a0 0x%llx, a2 %d\n", regs[0],
		       ffa_error_code(regs));
		__symbol_put(FFA_BUS_SYMBOL);
		return -ENODEV;
	}
	ffactl.id = (u16)regs[2];
	drv.mem_native = drv_features_ok(FFA_SMC64(FFA_NUM_MEM_LEND)) ||
			 drv_features_ok(FFA_SMC64(FFA_NUM_MEM_SHARE));
	if (drv.mem_native)
		ffactl.flags |= FFACTL_VERSION_F_MEM_SMC64;
	pr_info("transport driver: the in-tree FF-A driver negotiated FF-A %u.%u, endpoint ID 0x%04x, %u partition device(s), memory ABIs as %s; conduit %s for register-only calls\n",
		FFA_MAJOR(drv.version), FFA_MINOR(drv.version), ffactl.id,
		ndev, drv.mem_native ? "SMC64" : "SMC32",
		ffactl.hvc ? "hvc" : "smc");
	if (!drv.ops)
		pr_warn("no partition device: memory and partition commands are unavailable\n");
	return 0;
}

static void drv_exit(void)
{
	drv.ops = NULL;
	__symbol_put(FFA_BUS_SYMBOL);
	drv.bus = NULL;
}

const struct ffactl_transport ffactl_transport_driver = {
	.name = "driver",
	.id = FFACTL_TRANSPORT_DRIVER,
	.init = drv_init,
	.exit = drv_exit,
	.call = drv_call,
	.loop_allowed = drv_loop_allowed,
	.send_check = drv_send_check,
	.mem_send = drv_mem_send,
	.reclaim = drv_reclaim,
	.partition_info = drv_partition_info,
	.rxtx_probe = drv_rxtx_probe,
};
