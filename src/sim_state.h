/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the sim backend (src/sim.c, src/sim_state.c): the in-memory
 * state that one operation loads, changes and saves, and the state file it
 * comes from. Nothing outside the sim includes this; the public side is
 * src/sim.h.
 */
#ifndef FFACTL_SIM_STATE_H
#define FFACTL_SIM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ffa/ffa.h"
#include "model.h"

/* Simulated normal-world memory: RX/TX at fixed fake physical addresses. */
#define SIM_TX_PA 0x80000000ull
#define SIM_RX_PA 0x80001000ull
#define SIM_BUF_SIZE FFA_PAGE_SIZE
/* Lent pages start above 4 GiB so they never collide with RX/TX. */
#define SIM_PAGE_BASE 0x100000000ull

/* Bounds that keep a hostile file or request from exhausting memory. */
#define SIM_MAX_PAGES (1u << 20)      /* per transaction: 4 GiB */
#define SIM_MAX_DESC (16u << 20)

/* Record flags. */
#define SIM_REC_PENDING 1u /* pages allocated, SPMC has not answered yet */
#define SIM_REC_STUCK 2u   /* a reclaim failed, or an unreadable answer:
			    * pages kept, as the kernel module does */
#define SIM_REC_DEAD 4u    /* reclaimed: a tombstone until the next
			    * compaction (dropping it in place would move
			    * every later record, and dirty every page) */
#define SIM_REC_BORROWED 8u /* a reuse send the SPMC accepted: no pages of
			     * its own (@pages 0), @reserved of another
			     * record's; the sim keeps no link to them, so
			     * it cannot read them back at reclaim */

/* What the kernel module would remember about one handle. */
struct sim_rec {
	uint64_t handle;
	uint64_t base_pa;     /* pages are contiguous fake PAs */
	uint32_t pages;
	uint32_t fn_num;
	uint32_t pat_off;     /* index of the first page's pattern */
	uint32_t receiver_count;
	uint16_t receivers[FFA_MODEL_MAX_RECEIVERS];
	uint32_t flags;
	uint32_t reserved;
};

/*
 * One loaded state: lives from load to save, under the lock. host.ctx
 * points back here; the backend sets host.map/fill/checksum before it
 * calls the model.
 *
 * What persists (the model's regions, ranges and fragment buffer, the
 * records and the page patterns) lives in one image laid out as the file
 * is (sim_image.h): a private mapping of the file, so saving writes only
 * the pages an operation changed, or a heap copy for a fresh state or one
 * that outgrew its file. The handle index and the range tree are derived,
 * rebuilt on load, and kept on the heap.
 */
struct sim_state {
	struct ffa_model_state ms;
	struct ffa_model_host host;
	uint64_t next_pa;
	struct sim_rec *recs; /* sorted by base_pa, in the image */
	uint32_t rec_n, rec_cap;
	uint32_t dead_n;      /* SIM_REC_DEAD records among rec_n */
	bool recs_by_handle;  /* handles increase with the index: bsearch */
	uint32_t *pat;        /* pattern of each page, in record order */
	uint32_t pat_n, pat_cap;
	/* The image and where it came from. */
	uint8_t *img;
	size_t img_len;
	bool mapped;          /* img is a private mapping of the file */
	int fd;               /* that file, open while mapped; else -1 */
	const uint8_t *view;  /* shared read-only mapping: the file as is */
	uint64_t seq;         /* the file's commit number, 0 = no file */
	uint64_t file_dev, file_ino;
	uint8_t tx[SIM_BUF_SIZE];
	uint8_t rx[SIM_BUF_SIZE];
};

/* ---- the file ------------------------------------------------------------ */

/*
 * @given, or the default path (sim_state_path()) if NULL or empty, into
 * @out. Leaves room for the ".lock" and ".tmp.<pid>" names next to it.
 */
int sim_state_resolve_path(const char *given, char *out, size_t cap,
			   char *err, size_t errcap);

/* Creates the file's directory (one level, 0700) if missing. */
int sim_state_ensure_dir(const char *path, char *err, size_t errcap);

/*
 * Takes <path>.lock with flock @op (LOCK_SH/LOCK_EX); fd or -errno. A
 * commit journal left by a killed writer is applied (or, if incomplete,
 * dropped) before it returns, so a holder always sees a whole state.
 */
int sim_state_lock(const char *path, int op, char *err, size_t errcap);
/* Drops a lock from sim_state_lock(); a negative @fd is ignored. */
void sim_state_unlock(int fd);

/* Removes <path>.tmp.* left by killed writers; call under LOCK_EX. */
void sim_state_remove_stale_tmp(const char *path);

/*
 * Loads @path into *@out (call under a lock). A missing file is a fresh
 * spec-profile state and sets *@fresh (may be NULL). Never writes.
 */
int sim_state_load(const char *path, struct sim_state **out, bool *fresh,
		   char *err, size_t errcap);

/*
 * Is the file at @path still the one @st was loaded from or saved to?
 * Reads only its header (call under the lock): same file, same commit
 * number means the same state, so reusing @st is exact.
 */
bool sim_state_current(const char *path, const struct sim_state *st);

/*
 * Writes @st to @path atomically. A state mapped from @path commits only
 * the pages it changed, through <path>.journal (written and fsynced
 * before the file is touched); any other state is written whole: temp
 * file, fsync, rename. Afterwards @st is a mapping of the file.
 */
int sim_state_save(const char *path, struct sim_state *st, char *err,
		   size_t errcap);

/*
 * Parses a whole file image. 0 and *@out, or -EINVAL with *@why saying
 * what is wrong (valid until the next call in this thread), or -ENOMEM.
 * Safe on any input: nothing is allocated beyond what @len bytes of
 * payload justify, up to the SIM_MAX_* bounds.
 */
int sim_state_parse(const uint8_t *buf, size_t len, struct sim_state **out,
		    const char **why);

/* ---- the in-memory state ------------------------------------------------- */

/* A fresh state: what a missing file or `ffactl sim reset` means. */
struct sim_state *sim_state_fresh(uint32_t profile);
void sim_state_free(struct sim_state *st);

/*
 * Makes room for @regions more model regions, @ranges more ranges and a
 * fragment buffer of @frag bytes. 0 or -ENOMEM.
 */
int sim_state_reserve(struct sim_state *st, uint32_t regions,
		      uint32_t ranges, uint32_t frag);

/* The live (not pending) record of @handle, or NULL. */
struct sim_rec *sim_rec_by_handle(struct sim_state *st, uint64_t handle);

/*
 * Allocates @pages fresh pages reading as @pattern, as a pending record at
 * the end; NULL when out of memory or addresses.
 */
struct sim_rec *sim_rec_alloc(struct sim_state *st, uint32_t pages,
			      uint32_t pattern);

/*
 * Frees a record's pages and drops it, keeping the rest in order and in
 * place: the last one goes, any other becomes a tombstone.
 */
void sim_rec_drop(struct sim_state *st, struct sim_rec *r);

/* Gives a pending record its handle: it is live from now on. */
void sim_rec_set_handle(struct sim_state *st, struct sim_rec *r,
			uint64_t handle);

/* The pattern word of page @pa, or NULL if the sim does not own it. */
uint32_t *sim_page_pattern(struct sim_state *st, uint64_t pa);

#endif /* FFACTL_SIM_STATE_H */
