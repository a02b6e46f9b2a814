/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to src/sim_image.c and src/sim_state.c (and their tests): the
 * state file's format, format 2.
 *
 * The file is an image of the state, little-endian host layout (it never
 * leaves the machine), in 4 KiB pages:
 *   page 0: struct sim_hdr at 0, struct ffa_model_state at SIM_MS_OFF;
 *   then, each starting on a page: the model's regions[region_cap],
 *   ranges[range_cap] (free ones on the model's free list), the fragment
 *   buffer[frag_cap], the sim's records[rec_cap] and page patterns
 *   [pat_cap] (u32).
 * Capacities, not counts, fix the layout, so an operation changes a few
 * pages in place and a commit writes only those (sim_state.c); the handle
 * index and the range tree are derived data, rebuilt in memory on load.
 *
 * Checksums: hdr_csum covers page 0 (with hdr_csum read as 0), and
 * payload_csum is the sum of page_hash(i, page i) over every later page,
 * so a commit updates it from the pages it changes alone.
 */
#ifndef FFACTL_SIM_IMAGE_H
#define FFACTL_SIM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "sim_state.h"

#define SIM_MAGIC "FFACTLSM"
#define SIM_FORMAT 2u
#define SIM_PG 4096u
#define SIM_MS_OFF 256u

/* Bounds that keep a hostile file from exhausting memory. */
#define SIM_MAX_FILE (1ull << 31)
#define SIM_MAX_COUNT (1u << 26)

/* sim_hdr.flags */
#define SIM_HDR_RECS_BY_HANDLE 1u /* handles increase with record index */

struct sim_hdr {
	char magic[8];
	uint32_t format;
	uint32_t hdr_size;    /* sizeof(struct sim_hdr) */
	uint32_t state_size;  /* sizeof(struct ffa_model_state) */
	uint32_t region_size;
	uint32_t range_size;
	uint32_t rec_size;
	/* The layout. */
	uint32_t region_cap;
	uint32_t range_cap;
	uint32_t frag_cap;
	uint32_t rec_cap;
	uint32_t pat_cap;
	/* The sim's own counts (the model's are in its state). */
	uint32_t rec_n;
	uint32_t pat_n;
	uint32_t dead_n;
	uint32_t flags;
	uint32_t reserved;
	uint64_t next_pa;
	uint64_t seq;         /* commit number: changes with every save */
	uint64_t file_len;
	uint64_t payload_csum;
	uint64_t hdr_csum;
};

/* Byte offsets of each section, and the whole length. */
struct sim_layout {
	size_t regions, ranges, frag, recs, pat, len;
};

/* 0, or -1 if the capacities in @h do not fit SIM_MAX_FILE. */
int sim_layout_of(const struct sim_hdr *h, struct sim_layout *l);

/* A 64-bit checksum of @n bytes (fast: four interleaved FNV-1a lanes). */
uint64_t sim_csum64(uint64_t seed, const void *p, size_t n);
/* The hash of page @i whose bytes are @page; position counts. */
uint64_t sim_page_hash(size_t i, const uint8_t *page);
/* The checksum of page 0 of @img, hdr_csum read as 0. */
uint64_t sim_hdr_csum(const uint8_t *img);
/* The sum of page hashes over pages 1.. of a @len-byte image. */
uint64_t sim_payload_csum(const uint8_t *img, size_t len);

/*
 * Writes @st's header and model state into page 0 of its image, with
 * commit number @seq, @payload_csum and hdr_csum over the result.
 */
void sim_image_seal(struct sim_state *st, uint64_t seq,
		    uint64_t payload_csum);

/*
 * Takes @img (@len bytes, heap or mapping; @st owns it from here) as the
 * state: checks header, layout and checksums, points the model and the
 * records into it, rebuilds the derived index and tree, and checks that
 * what it holds is consistent. 0; -EINVAL with *@why; or -ENOMEM. On
 * failure the image is not released: the caller still owns it.
 */
int sim_image_attach(struct sim_state *st, uint8_t *img, size_t len,
		     bool mapped, const char **why, char *whybuf,
		     size_t whycap);

/* A new, empty state that owns no image; NULL when out of memory. */
struct sim_state *sim_state_new(void);

/*
 * Repoints @st at @img, a mapping of the file just written from its image
 * (same bytes), and releases the image it had.
 */
void sim_image_rebase(struct sim_state *st, uint8_t *img, bool mapped);

/* Releases @st's image (unmaps or frees) and forgets it. */
void sim_image_release(struct sim_state *st);

#endif /* FFACTL_SIM_IMAGE_H */
