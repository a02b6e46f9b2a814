// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"

int backend_open(struct ffactl_backend *be, const char *name,
		 const struct backend_opts *opts)
{
	memset(be, 0, sizeof(*be));
	/* Set before opening, so the sim's opening calls are traced too. */
	be->trace = opts ? opts->trace : NULL;
	be->trace_arg = opts ? opts->trace_arg : NULL;
	if (!strcmp(name, "dev"))
		return ioctl_bridge_open(be, opts);
	if (!strcmp(name, "sim"))
		return sim_backend_open(be, opts);
	snprintf(be->errmsg, sizeof(be->errmsg),
		 "unknown backend '%s' (use dev or sim)", name);
	return -EINVAL;
}

const char *backend_transport_name(uint32_t transport)
{
	switch (transport) {
	case BACKEND_TRANSPORT_OWN:
		return "own";
	case BACKEND_TRANSPORT_DRIVER:
		return "driver";
	default:
		return NULL;
	}
}

void backend_close(struct ffactl_backend *be)
{
	if (be->ops && be->ops->close)
		be->ops->close(be);
	be->ops = NULL;
	be->priv = NULL;
}
