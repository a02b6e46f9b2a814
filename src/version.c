// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl --version: the tool's version (meson.build's, the one place it is
 * written) and the uapi ABI it was built with; then the loaded module's
 * version (its MODULE_VERSION, from sysfs: the ioctl ABI does not carry
 * it) and the ABI it speaks (FFACTL_IOC_VERSION, when /dev/ffactl can be
 * opened). A bug report then names both sides; nothing else is called.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "uapi/ffactl.h"
#include "version.h"

#define MODULE_SYSFS	"/sys/module/ffactl"
#define MODULE_DEVICE	"/dev/ffactl"

/* The module's ABI version in @buf, or why it could not be read. */
static void module_abi(char *buf, size_t size)
{
	struct ffactl_version v;
	int fd;

	fd = open(MODULE_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(buf, size, "uapi ABI unknown: %s: %s", MODULE_DEVICE,
			 strerror(errno));
		return;
	}
	memset(&v, 0, sizeof(v));
	if (ioctl(fd, FFACTL_IOC_VERSION, &v) < 0)
		snprintf(buf, size, "uapi ABI unknown: %s: %s", MODULE_DEVICE,
			 strerror(errno));
	else
		snprintf(buf, size, "uapi ABI %u", v.abi_version);
	close(fd);
}

void version_print(FILE *stream, struct argp_state *state)
{
	char ver[64] = "", abi[128];
	FILE *f;

	(void)state;
	fprintf(stream, "ffactl %s (uapi ABI %d)\n", FFACTL_VERSION,
		FFACTL_ABI_VERSION);
	if (access(MODULE_SYSFS, F_OK)) {
		fprintf(stream, "module ffactl: not loaded\n");
		return;
	}
	f = fopen(MODULE_SYSFS "/version", "r");
	if (f) {
		if (!fgets(ver, sizeof(ver), f))
			ver[0] = '\0';
		fclose(f);
		ver[strcspn(ver, "\n")] = '\0';
	}
	module_abi(abi, sizeof(abi));
	if (ver[0])
		fprintf(stream, "module ffactl %s (%s)\n", ver, abi);
	else
		fprintf(stream, "module ffactl: version not reported (%s)\n",
			abi);
}
