/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one place that prints results. Handlers build a json-c object (the
 * result, with "schema": 1); out_result() renders it as JSON, or as text
 * through the renderer registered for its "command". Errors likewise.
 */
#ifndef FFACTL_OUTPUT_H
#define FFACTL_OUTPUT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "ffa/ffa.h"
#include "result.h"

struct out {
	bool json;
	bool quiet;
	int verbose;
	bool trace;	/* --trace or -vv: every FF-A call of an operation */
	FILE *out;	/* results */
	FILE *err;	/* errors, and -v register dumps in text mode */
	/* What a command did that outlives it (a handle made), for a
	 * result that cannot be written (out_write_failed()). */
	char effect[160];
};

#define OUT_SCHEMA 1

/* A new result object for @command: {"schema":1,"command":...,"ok":true}. */
json_object *out_new(const char *command);

/* Adds "regs": ["0x..", ...] (a0..a(n-1)) to @obj. */
void out_add_regs(json_object *obj, const struct ffa_regs *r, int n);
/* A u64 as a "0x..." string (jq and JavaScript lose precision on 2^53+). */
json_object *out_hex(uint64_t v);

/*
 * Renders @res and frees it: text now; JSON at out_finish(), when "ok"
 * and "exit_status" can be set from the exit status.
 */
void out_result(const struct out *o, json_object *res);

/*
 * JSON mode: prints the invocation's one object with "ok" (status 0) and
 * "exit_status" set from @status. Called once, as the process ends.
 */
void out_finish(const struct out *o, int status);

/*
 * out_finish() with the status an error already recorded, for a process
 * that exits while parsing (usage errors): nothing if none is held.
 */
void out_finish_held(const struct out *o);

/* An ABI name for JSON: null when unknown ("unknown ABI", "?", NULL). */
json_object *out_abi(const char *name);

/* -v: the raw registers of one call, on stderr (text) or nowhere (JSON,
 * where every result carries "regs"). */
void out_regs(const struct out *o, const char *what, const struct ffa_regs *r,
	      int n);
/*
 * --trace: one FF-A call (@what, or the ABI @in's a0 names) with the
 * registers passed and answered, and a @note (may be NULL); on stderr in
 * text mode, in the result's "calls" array in JSON mode.
 */
void out_trace(const struct out *o, const char *what, const struct ffa_regs *in,
	       const struct ffa_regs *out, const char *note);

/* -v: a note in text mode ("sim: zeroed 2 pages"). */
void out_note(const struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Something the user should know although nothing failed (an option
 * capped): "ffactl: <command>: <message>" on stderr in text mode, unless
 * --quiet; JSON results carry the same fact as a field.
 */
void out_warn(const struct out *o, const char *command, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The result could not be written to standard output (@err: the errno):
 * said on stderr in every mode, with @effect (what already happened, e.g.
 * "the share happened: handle 0x...") when not empty.
 */
void out_write_failed(const struct out *o, const char *command, int err,
		      const char *effect);

/* The "error" object of a classified failure: abi, code, name, ... */
json_object *out_error_json(const struct result_status *st);

/*
 * An FF-A level failure: "ffactl: <ABI>: <NAME>: <message>" on stderr, or a
 * JSON error object with abi, code, name, message, regs on stdout.
 */
void out_ffa_error(const struct out *o, const char *command,
		   const struct result_status *st, const struct ffa_regs *r);

/*
 * A tool or backend failure (no FF-A answer): "ffactl: <message>" on stderr,
 * or a JSON error object with origin and exit status.
 */
void out_error(const struct out *o, const char *command, const char *origin,
	       int status, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif /* FFACTL_OUTPUT_H */
