// SPDX-License-Identifier: BSD-3-Clause
/*
 * runas UID CMD [ARGS...]: drop to an unprivileged user (and its group, and
 * no supplementary groups) and run CMD. The guest's busybox has no su, and
 * the non-root case needs exactly this.
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	gid_t gid;
	uid_t uid;

	if (argc < 3) {
		fprintf(stderr, "usage: runas UID CMD [ARGS...]\n");
		return 2;
	}
	uid = (uid_t)strtoul(argv[1], NULL, 0);
	gid = (gid_t)uid;
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) {
		perror("runas");
		return 4;
	}
	execvp(argv[2], argv + 2);
	perror("runas: exec");
	return 127;
}
