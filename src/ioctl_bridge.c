// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dev backend: /dev/ffactl, served by the ffactl kernel module (kmod/).
 *
 * The module and its ioctl ABI are not written yet (the kernel bridge is the
 * next piece of work), so this backend only tells the user what it found.
 * It never falls back to the sim: a CI smoke script must not pass against a
 * simulation without asking for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

#define DEFAULT_DEVICE "/dev/ffactl"

int ioctl_bridge_open(struct ffactl_backend *be, const struct backend_opts *o)
{
	const char *path = o->device ? o->device : DEFAULT_DEVICE;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int err = errno;

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
	close(fd);
	snprintf(be->errmsg, sizeof(be->errmsg),
		 "%s: this ffactl build cannot talk to the kernel module yet "
		 "(the ioctl bridge is not implemented); use --backend sim",
		 path);
	return -ENOTTY;
}
