/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ffactl --version (src/version.c). */
#ifndef FFACTL_VERSION_H
#define FFACTL_VERSION_H

#include <argp.h>
#include <stdio.h>

/* argp_program_version_hook: the tool's version, then the module's. */
void version_print(FILE *stream, struct argp_state *state);

#endif /* FFACTL_VERSION_H */
