// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl explore: an operation as the ffactl command line that does the
 * same, so a shrunk divergence can be pasted into a shell. A send's handle
 * goes into $h<i> (i the operation's number); a handle of a send that
 * failed, or none at all, is the unknown handle the run used.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explore.h"
#include "ffa/desc.h"
#include "model.h"
#include "smoke.h"

#define UNKNOWN_HANDLE "0xdead0000beef"
#define UNKNOWN_ID 0x8ffeu

static void cat(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cat(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

static const char *fn_cmd(uint32_t fn)
{
	return fn == FFA_MEM_SHARE ? "share" :
	       fn == FFA_MEM_LEND ? "lend" : "donate";
}

static void send_line(const struct xop *op, uint32_t i, uint16_t self,
		      uint16_t part, const char *global, char *buf,
		      size_t cap)
{
	uint16_t ids[2] = { part, 0 };
	uint32_t n = 1;

	switch (op->recv) {
	case XR_SELF:
		ids[0] = self;
		break;
	case XR_UNKNOWN:
		ids[0] = UNKNOWN_ID;
		break;
	case XR_PART_TWICE:
		ids[1] = part;
		n = 2;
		break;
	case XR_PART_UNKNOWN:
		ids[1] = UNKNOWN_ID;
		n = 2;
		break;
	default:
		break;
	}
	cat(buf, cap, "h%u=$(ffactl %s%s --to 0x%04x", i, global,
	    fn_cmd(op->fn), ids[0]);
	if (n == 2)
		cat(buf, cap, ",0x%04x", ids[1]);
	if (op->addr == XA_OVERLAP)
		cat(buf, cap, " --addr 0x7fff0000 --addr 0x7fff0000");
	else if (op->addr == XA_UNALIGNED)
		cat(buf, cap, " --addr 0x7fff0800");
	else if (op->pages != 1)
		cat(buf, cap, " --pages %u", op->pages);
	if (op->addr == XA_PAGES)
		cat(buf, cap, " --fill 0xa5a5a5a5");
	if (op->smc64)
		cat(buf, cap, " --smc64");
	if (op->perm != XOP_DEFAULT)
		cat(buf, cap, " --perm 0x%x", op->perm);
	if (op->attrs != XOP_DEFAULT)
		cat(buf, cap, " --attrs 0x%x", op->attrs);
	if (op->flags)
		cat(buf, cap, " --flags 0x%x", op->flags);
	if (op->desc_version != XOP_DEFAULT)
		cat(buf, cap, " --desc-version %u.%u",
		    FFA_VERSION_MAJOR(op->desc_version),
		    FFA_VERSION_MINOR(op->desc_version));
	if (op->frag_len)
		cat(buf, cap, " --frag-len %u", op->frag_len);
	if (op->other_sender)
		cat(buf, cap, " --sender 0x%04x", (uint16_t)(self ^ 1u));
	if (op->tag)
		cat(buf, cap, " --tag %llu", (unsigned long long)op->tag);
	cat(buf, cap, ")");
}

/* How a command line names the handle @op refers to. */
static void handle_word(const struct xop *op, const bool *made, char *w,
			size_t cap)
{
	if (op->href == XH_UNKNOWN || !made[op->ref])
		snprintf(w, cap, UNKNOWN_HANDLE);
	else if (op->href == XH_FLIP63)
		snprintf(w, cap, "$(printf 0x%%x $((h%u ^ (1 << 63))))",
			 op->ref);
	else
		snprintf(w, cap, "$h%u", op->ref);
}

void explore_command(const struct xop *ops, uint32_t i, const bool *made,
		     uint16_t self, uint16_t part, uint32_t proto,
		     const char *uuid, const char *global, char *buf,
		     size_t cap)
{
	const struct xop *op = &ops[i];
	char h[64];

	buf[0] = '\0';
	switch (op->kind) {
	case XOP_SEND:
		send_line(op, i, self, part, global, buf, cap);
		return;
	case XOP_RECLAIM:
		handle_word(op, made, h, sizeof(h));
		cat(buf, cap, "ffactl %sreclaim %s", global, h);
		if (op->rflags)
			cat(buf, cap, " --flags 0x%x", op->rflags);
		return;
	case XOP_BORROW:
		handle_word(op, made, h, sizeof(h));
		if (proto == SMOKE_PROTO_TSP) {
			cat(buf, cap, "ffactl %smsg --to 0x%04x --smc64 %u %s",
			    global, part, op->cmd, h);
			return;
		}
		cat(buf, cap, "h=%s; ffactl %smsg --to 0x%04x %u "
		    "$((h & 0xffffffff)) $((h >> 32)) 0x%x", h, global, part,
		    op->cmd, op->arg);
		return;
	case XOP_VERSION:
		cat(buf, cap, "ffactl %sversion --negotiate %u.%u", global,
		    FFA_VERSION_MAJOR(op->version),
		    FFA_VERSION_MINOR(op->version));
		return;
	case XOP_FEATURES:
		cat(buf, cap, "ffactl %sfeatures 0x%08x", global, op->fid);
		return;
	case XOP_PARTITIONS:
		cat(buf, cap, "ffactl %spartitions%s%s", global,
		    op->which ? " " : "",
		    op->which == 1 ? uuid :
		    op->which == 2 ? "ffac7100-7e57-4d1e-a5a1-0000deadbeef" :
				     "");
		return;
	default:
		cat(buf, cap, "ffactl %smsg --to 0x%04x %u 0x1234", global,
		    part, proto == SMOKE_PROTO_TSP ? FFA_TSP_CMD_ECHO :
						     FFA_SP_CMD_ECHO);
		return;
	}
}
