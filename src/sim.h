/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sim backend's own commands (ffactl sim reset|status) and its state
 * file. The state file: $FFACTL_SIM_STATE, else
 * $XDG_RUNTIME_DIR/ffactl/sim.state, else /tmp/ffactl-$UID/sim.state.
 */
#ifndef FFACTL_SIM_H
#define FFACTL_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"

/* Writes the default state path into @buf; returns 0 or -ENAMETOOLONG. */
int sim_state_path(char *buf, size_t cap);

struct sim_status {
	char path[4096];
	uint32_t profile;        /* enum ffa_model_profile */
	uint32_t live_handles;
	uint64_t next_handle;
	uint32_t rxtx_mapped;
	uint32_t rx_owned;
	uint64_t zeroed_pages;   /* pages zeroed on reclaim, ever */
	uint32_t partition_count;
	uint32_t layout;         /* enum ffa_model_layout */
	uint32_t negotiated;     /* FF-A version negotiated, 0 = none yet */
};

/*
 * Starts the state over with @profile and the partition table @layout
 * (enum ffa_model_layout). @path NULL = default.
 */
int sim_reset(const char *path, uint32_t profile, uint32_t layout, char *err,
	      size_t errcap);

/*
 * sim_reset(), and "the module" then asks FFA_VERSION(@ffa_version) at
 * load instead of its default 1.1, as the kernel module's ffa_version
 * parameter makes it (`sim reset --negotiate`). @ffa_version must be 1.x;
 * 0 = the default.
 */
int sim_reset_version(const char *path, uint32_t profile, uint32_t layout,
		      uint32_t ffa_version, char *err, size_t errcap);

/* Reads the state without changing it. */
int sim_status(const char *path, struct sim_status *st, char *err,
	       size_t errcap);

/*
 * Opens a sim backend whose state lives in this process only, never in a
 * file: a fresh SPMC of @profile listing @layout's partitions, negotiated
 * (@ffa_version, a 1.x; 0: the module's default, 1.1) and with its RX/TX
 * pair mapped, as the module at load. The explorer's reference. 0 or a
 * negative errno with be->errmsg set.
 */
int sim_backend_open_memory(struct ffactl_backend *be, uint32_t profile,
			    uint32_t layout, uint32_t ffa_version);

/*
 * Whether the in-memory sim @be (sim_backend_open_memory()) would answer a
 * send now with a guess: its profile's SPMC reads memory nobody wrote
 * (ffa_model_send_undetermined()). False for any other backend.
 */
bool sim_backend_send_undetermined(struct ffactl_backend *be);

/*
 * A private copy of the state at @src (NULL = default; a missing file is a
 * fresh state) in a new directory of this user's under $TMPDIR (else
 * /tmp), for a run that must not share its state (ffactl smoke): its path
 * into @dst. The copy has the same profile, partitions, negotiated version,
 * handles and armed faults; @src is only read.
 */
int sim_state_snapshot(const char *src, char *dst, size_t cap, char *err,
		       size_t errcap);

/* Removes a snapshot: its state, lock, journal and directory. */
void sim_state_snapshot_remove(const char *dst);

struct mem_send_req;
struct mem_send_res;

/*
 * @n sends of @req on the open sim backend @be under one lock, load and
 * save, each with fresh pages (to set up many live handles at once, as
 * `ffactl bench` does). Stops at the first refusal; @res holds the last
 * answer. 0 or a negative errno with be->errmsg set.
 */
int sim_send_many(struct ffactl_backend *be, const struct mem_send_req *req,
		  uint32_t n, struct mem_send_res *res);

#endif /* FFACTL_SIM_H */
