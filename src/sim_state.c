// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sim backend's state file: where it lives, the lock that serialises
 * invocations, and getting a state (sim_image.c) from it and back. The
 * backend ops that act on a loaded state are in sim.c.
 *
 * Loading maps the file (sim_image.h has its format) privately: the
 * state's storage is the file's pages, read only as an operation touches
 * them; a second, shared read-only mapping shows the file as it is.
 * Saving compares the two page by page and commits only the pages that
 * differ, through <path>.journal:
 *   1. the journal (page list, base and new commit numbers, checksum, the
 *      new pages) is written over the previous one and fdatasync'd;
 *   2. the pages are written into the file in place and fdatasync'd;
 *   3. the journal's magic is cleared.
 * Both files keep their size, so neither fdatasync has metadata to write.
 * Whoever takes the lock next finds a journal whose magic is set: if it is
 * whole and the file is at its base or new commit, its pages are written
 * (again: that is idempotent); otherwise it never got to step 2, and it is
 * dropped. A process killed at any point leaves the old state or the new.
 *
 * A state that outgrew its file, or a fresh one, lives in a heap image
 * and is written whole: <path>.tmp.<pid>, fsync, rename; then mapped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"
#include "sim_image.h"
#include "sim_state.h"

#define SIM_JMAGIC "FFACTLJ2"

/*
 * Journal header, at the start of its first page; the page numbers of the
 * pages that follow fill the rest of that page, so one journal holds at
 * most SIM_JMAX pages (a commit dirtying more writes the file whole).
 */
struct sim_jhdr {
	char magic[8];
	uint32_t n_pages;
	uint32_t reserved;
	uint64_t base_seq;
	uint64_t new_seq;
	uint64_t file_len;
	uint64_t csum;       /* over the header page (csum as 0) and pages */
};

#define SIM_JMAX ((SIM_PG - sizeof(struct sim_jhdr)) / sizeof(uint32_t))

/* ---- small helpers ---------------------------------------------------- */

static void seterr(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (!err || !cap)
		return;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

/* Puts @prefix before the message in @err ("sim state lock " ...). */
static void prefix_err(char *err, size_t cap, const char *prefix)
{
	char tmp[512];

	if (!err || !cap || !err[0])
		return;
	snprintf(tmp, sizeof(tmp), "%s", err);
	seterr(err, cap, "%s%s", prefix, tmp);
}

static int pwrite_all(int fd, const void *p, size_t n, off_t off)
{
	const uint8_t *b = p;
	ssize_t w;

	while (n) {
		w = pwrite(fd, b, n, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		if (w == 0)
			return -EIO;
		b += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

static int pread_all(int fd, void *p, size_t n, off_t off)
{
	uint8_t *b = p;
	ssize_t r;

	while (n) {
		r = pread(fd, b, n, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ENODATA;
		b += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

static void side_path(char *out, size_t cap, const char *path,
		      const char *suffix)
{
	snprintf(out, cap, "%s%s", path, suffix);
}

/* ---- opening files someone hostile may share the directory with -------- */

static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISLNK(m))
		return "a symbolic link";
	return "not a file";
}

/*
 * Is @sb a file we may read and write state through: a regular file of
 * ours with one name? Anything else was planted, or is not ours to
 * overwrite (a device node, another user's file, a hard link to one).
 */
static int check_owned(const char *name, const struct stat *sb, char *err,
		       size_t cap)
{
	if (!S_ISREG(sb->st_mode)) {
		seterr(err, cap, "%s: not a regular file (%s): refused", name,
		       file_kind(sb->st_mode));
		return -EINVAL;
	}
	if (sb->st_uid != geteuid()) {
		seterr(err, cap, "%s: owned by uid %u, not by this user: "
		       "refused", name, (unsigned int)sb->st_uid);
		return -EINVAL;
	}
	if (sb->st_nlink > 1) {
		seterr(err, cap, "%s: has %u links: refused", name,
		       (unsigned int)sb->st_nlink);
		return -EINVAL;
	}
	return 0;
}

/*
 * open(2) for the state, journal and lock files: never through a symbolic
 * link (O_NOFOLLOW), never blocking on a FIFO (O_NONBLOCK, cleared after),
 * and only a regular file of ours with one name (check_owned()). Returns
 * the fd, or -errno with @err saying why; -ENOENT (no file, and no
 * O_CREAT) and -EACCES/-EROFS leave @err alone, for callers that go on.
 */
static int open_owned(const char *name, int flags, mode_t mode, char *err,
		      size_t cap)
{
	struct stat sb;
	int fd, ret;

	fd = open(name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
	if (fd < 0) {
		ret = -errno;
		if (ret == -ELOOP)
			seterr(err, cap, "%s: a symbolic link: refused", name);
		else if (ret != -ENOENT && ret != -EACCES && ret != -EROFS)
			seterr(err, cap, "%s: %s", name, strerror(-ret));
		return ret;
	}
	if (fstat(fd, &sb) < 0) {
		ret = -errno;
		seterr(err, cap, "%s: %s", name, strerror(-ret));
		close(fd);
		return ret;
	}
	ret = check_owned(name, &sb, err, cap);
	if (!ret && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		ret = -errno;
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/*
 * What is at @name now, without following a link: 0 if nothing or a
 * regular file of ours; else -errno with @err saying why. Checked before
 * anything is created beside it or renamed over it.
 */
static int check_existing(const char *name, char *err, size_t cap)
{
	struct stat sb;

	if (lstat(name, &sb) < 0) {
		if (errno == ENOENT)
			return 0;
		seterr(err, cap, "%s: %s", name, strerror(errno));
		return -errno;
	}
	if (S_ISLNK(sb.st_mode)) {
		seterr(err, cap, "%s: a symbolic link: refused", name);
		return -ELOOP;
	}
	return check_owned(name, &sb, err, cap);
}

/* ---- paths -------------------------------------------------------------- */

/*
 * XDG_RUNTIME_DIR is a hint from the session, not a path the user chose:
 * one that is missing, not a directory of ours, or not writable (a stale
 * value after su, a container without one) is passed over for /tmp.
 */
static bool runtime_dir_usable(const char *dir)
{
	struct stat sb;

	return dir[0] == '/' && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	       sb.st_uid == geteuid() && access(dir, W_OK | X_OK) == 0;
}

int sim_state_path(char *buf, size_t cap)
{
	const char *e = getenv("FFACTL_SIM_STATE");
	int n;

	if (e && *e)
		n = snprintf(buf, cap, "%s", e);
	else if ((e = getenv("XDG_RUNTIME_DIR")) && *e &&
		 runtime_dir_usable(e))
		n = snprintf(buf, cap, "%s/ffactl/sim.state", e);
	else
		n = snprintf(buf, cap, "/tmp/ffactl-%u/sim.state",
			     (unsigned int)getuid());
	if (n < 0 || (size_t)n >= cap)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Creates the state file's directory (one level, 0700) if it is missing.
 * Under /tmp anyone could have made it first: refuse a directory that is
 * not ours or that others can write.
 */
int sim_state_ensure_dir(const char *path, char *err, size_t cap)
{
	char dir[4096];
	char *slash;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		seterr(err, cap, "sim state directory %s: %s", dir,
		       strerror(errno));
		return -errno;
	}
	if (strncmp(dir, "/tmp/ffactl-", 12) != 0)
		return 0;
	if (lstat(dir, &st) < 0) {
		seterr(err, cap, "sim state directory %s: %s", dir,
		       strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & 022)) {
		seterr(err, cap,
		       "sim state directory %s is not a private directory of this user",
		       dir);
		return -EPERM;
	}
	return 0;
}

int sim_state_resolve_path(const char *given, char *out, size_t cap,
			   char *err, size_t errcap)
{
	int n;

	if (given && *given) {
		n = snprintf(out, cap, "%s", given);
		if (n < 0 || (size_t)n >= cap) {
			seterr(err, errcap, "sim state path too long");
			return -ENAMETOOLONG;
		}
	} else if (sim_state_path(out, cap) < 0) {
		seterr(err, errcap, "sim state path too long");
		return -ENAMETOOLONG;
	}
	/* Room for ".tmp.<pid>" and ".lock" after it. */
	if (strlen(out) + 32 >= cap) {
		seterr(err, errcap, "sim state path too long");
		return -ENAMETOOLONG;
	}
	return 0;
}

/* ---- the commit journal ------------------------------------------------- */

/* The journal's checksum: its header page with csum as 0, then its pages. */
static uint64_t journal_csum(const uint8_t *hdr_page, const uint8_t *pages,
			     uint32_t n)
{
	uint8_t page[SIM_PG];

	memcpy(page, hdr_page, SIM_PG);
	memset(page + offsetof(struct sim_jhdr, csum), 0, 8);
	return sim_csum64(sim_csum64(0, page, SIM_PG), pages,
			  (size_t)n * SIM_PG);
}

/*
 * Has <path>.journal a commit that nobody has finished or dropped? 1 or 0,
 * or -errno (a journal that is not ours) with @err set.
 */
static int journal_pending(const char *path, char *err, size_t cap)
{
	char jp[4200], magic[8];
	int fd, pending;

	side_path(jp, sizeof(jp), path, ".journal");
	fd = open_owned(jp, O_RDONLY, 0, err, cap);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0) {
		if (fd == -EACCES || fd == -EROFS)
			seterr(err, cap, "%s: %s", jp, strerror(-fd));
		return fd;
	}
	pending = pread_all(fd, magic, 8, 0) == 0 &&
		  !memcmp(magic, SIM_JMAGIC, 8);
	close(fd);
	return pending;
}

/*
 * Writes the journal's pages into the state file if the journal is whole
 * and the file is the one it was written against; 0 if applied or not
 * applicable (the commit never reached the file), or -errno.
 */
static int journal_apply(const char *path, int jfd, const uint8_t *jpage,
			 char *err, size_t cap)
{
	const uint32_t *idx = (const uint32_t *)(jpage +
						 sizeof(struct sim_jhdr));
	struct sim_jhdr jh;
	struct sim_hdr fh;
	uint8_t *pages = NULL;
	struct stat sb;
	uint32_t i;
	int fd = -1, ret = 0;

	memcpy(&jh, jpage, sizeof(jh));
	if (jh.n_pages == 0 || jh.n_pages > SIM_JMAX || jh.reserved ||
	    jh.file_len > SIM_MAX_FILE || jh.file_len % SIM_PG)
		return 0;
	pages = malloc((size_t)jh.n_pages * SIM_PG);
	if (!pages)
		return -ENOMEM;
	/* Short or failing to match: the writer died writing it. */
	if (pread_all(jfd, pages, (size_t)jh.n_pages * SIM_PG, SIM_PG) ||
	    journal_csum(jpage, pages, jh.n_pages) != jh.csum)
		goto out;
	for (i = 0; i < jh.n_pages; i++)
		if ((uint64_t)idx[i] * SIM_PG >= jh.file_len)
			goto out;
	fd = open_owned(path, O_RDWR, 0, err, cap);
	if (fd < 0) {
		if (fd == -ENOENT)
			goto out; /* reset or removed since: nothing to do */
		ret = fd;
		if (fd == -EACCES || fd == -EROFS)
			seterr(err, cap, "sim state %s: %s (finishing a commit)",
			       path, strerror(-fd));
		fd = -1;
		goto out;
	}
	/* Another file now (a whole write since), or another commit. */
	if (fstat(fd, &sb) < 0 || (uint64_t)sb.st_size != jh.file_len ||
	    pread_all(fd, &fh, sizeof(fh), 0) ||
	    (fh.seq != jh.base_seq && fh.seq != jh.new_seq))
		goto out;
	for (i = 0; i < jh.n_pages && !ret; i++)
		ret = pwrite_all(fd, pages + (size_t)i * SIM_PG, SIM_PG,
				 (off_t)idx[i] * SIM_PG);
	if (!ret && fdatasync(fd) < 0)
		ret = -errno;
	if (ret)
		seterr(err, cap, "sim state %s: %s (finishing a commit)",
		       path, strerror(-ret));
out:
	if (fd >= 0)
		close(fd);
	free(pages);
	return ret;
}

/*
 * Finishes or drops a commit left by a killed writer. Call under LOCK_EX.
 */
static int journal_recover(const char *path, char *err, size_t cap)
{
	static const char zero[8];
	uint8_t jpage[SIM_PG];
	char jp[4200];
	int jfd, ret;

	side_path(jp, sizeof(jp), path, ".journal");
	jfd = open_owned(jp, O_RDWR, 0, err, cap);
	if (jfd < 0) {
		if (jfd == -ENOENT)
			return 0;
		if (jfd == -EACCES || jfd == -EROFS)
			seterr(err, cap, "sim state journal %s: %s", jp,
			       strerror(-jfd));
		return jfd;
	}
	if (pread_all(jfd, jpage, SIM_PG, 0) ||
	    memcmp(jpage, SIM_JMAGIC, 8) != 0) {
		/* Not even a whole header page: nothing reached the file. */
		ret = 0;
	} else {
		ret = journal_apply(path, jfd, jpage, err, cap);
	}
	if (!ret)
		ret = pwrite_all(jfd, zero, sizeof(zero), 0);
	if (ret && err && cap && !err[0])
		seterr(err, cap, "sim state journal %s: %s", jp,
		       strerror(-ret));
	close(jfd);
	return ret;
}

/* ---- the lock ------------------------------------------------------------ */

static int do_flock(int fd, int op, const char *lp, char *err, size_t cap)
{
	while (flock(fd, op) < 0) {
		if (errno == EINTR)
			continue;
		seterr(err, cap, "sim state lock %s: %s", lp, strerror(errno));
		return -errno;
	}
	return 0;
}

int sim_state_lock(const char *path, int op, char *err, size_t cap)
{
	char lp[4200];
	int fd, ret;

	if (err && cap)
		err[0] = '\0';
	/* Nothing is created beside what is not a state file of ours. */
	ret = check_existing(path, err, cap);
	if (ret) {
		prefix_err(err, cap, "sim state ");
		return ret;
	}
	side_path(lp, sizeof(lp), path, ".lock");
	fd = open_owned(lp, O_RDWR | O_CREAT, 0600, err, cap);
	if (op == LOCK_SH && (fd == -EACCES || fd == -EROFS))
		fd = open_owned(lp, O_RDONLY, 0, err, cap);
	if (fd < 0) {
		if (fd == -EACCES || fd == -EROFS || fd == -ENOENT)
			seterr(err, cap, "%s: %s", lp, strerror(-fd));
		prefix_err(err, cap, "sim state lock ");
		return fd;
	}
	ret = do_flock(fd, op, lp, err, cap);
	if (!ret)
		ret = journal_pending(path, err, cap);
	if (ret == 1) {
		ret = 0;
		/*
		 * A reader must not see the file half committed: finish the
		 * commit as a writer first (flock converts in place).
		 */
		if (!(op & LOCK_EX))
			ret = do_flock(fd, LOCK_EX, lp, err, cap);
		if (!ret)
			ret = journal_recover(path, err, cap);
		if (!ret && !(op & LOCK_EX))
			ret = do_flock(fd, op, lp, err, cap);
	}
	if (ret) {
		if (err && cap && strncmp(err, "sim state", 9))
			prefix_err(err, cap, "sim state journal ");
		close(fd);
		return ret;
	}
	return fd;
}

void sim_state_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* drops the flock */
}

/* ---- load ---------------------------------------------------------------- */

/* Maps @fd (@len bytes) as @st's image; @st owns @fd from here. */
static int map_file(struct sim_state *st, int fd, size_t len,
		    const struct stat *sb, bool verify, const char **why,
		    char *whybuf, size_t whycap)
{
	uint8_t *img;
	void *view;
	int ret = 0;

	img = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (img == MAP_FAILED)
		return -errno;
	view = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (view == MAP_FAILED) {
		ret = -errno;
		munmap(img, len);
		return ret;
	}
	if (verify) {
		ret = sim_image_attach(st, img, len, true, why, whybuf,
				       whycap);
	} else {
		/* The bytes just written from st's own image. */
		sim_image_rebase(st, img, true);
	}
	if (ret < 0) {
		munmap(img, len);
		munmap(view, len);
		return ret;
	}
	if (st->fd >= 0)
		close(st->fd);
	st->fd = fd;
	st->view = view;
	st->file_dev = (uint64_t)sb->st_dev;
	st->file_ino = (uint64_t)sb->st_ino;
	return 0;
}

/* A file too short to map: read, so the parser can say what is wrong. */
static int parse_small(int fd, size_t len, const char **why)
{
	struct sim_state *st;
	uint8_t buf[SIM_PG];
	int ret;

	ret = len ? pread_all(fd, buf, len, 0) : 0;
	if (ret < 0)
		return ret;
	ret = sim_state_parse(buf, len, &st, why);
	sim_state_free(st);
	/* Under a page, no image is whole. */
	return ret < 0 ? ret : -EINVAL;
}

int sim_state_load(const char *path, struct sim_state **out, bool *fresh,
		   char *err, size_t cap)
{
	const char *why = NULL;
	struct sim_state *st;
	char whybuf[160];
	struct stat sb;
	int fd, ret;

	*out = NULL;
	if (fresh)
		*fresh = false;
	fd = open_owned(path, O_RDWR, 0, err, cap);
	if (fd == -EACCES || fd == -EROFS)
		fd = open_owned(path, O_RDONLY, 0, err, cap);
	if (fd == -ENOENT) {
		*out = sim_state_fresh(FFA_PROFILE_SPEC);
		if (!*out) {
			seterr(err, cap, "sim state: out of memory");
			return -ENOMEM;
		}
		if (fresh)
			*fresh = true;
		return 0;
	}
	if (fd < 0) {
		if (fd == -EACCES || fd == -EROFS)
			seterr(err, cap, "%s: %s", path, strerror(-fd));
		prefix_err(err, cap, "sim state ");
		return fd;
	}
	st = sim_state_new();
	if (!st) {
		close(fd);
		seterr(err, cap, "sim state: out of memory");
		return -ENOMEM;
	}
	if (fstat(fd, &sb) < 0) {
		ret = -errno;
	} else if (!S_ISREG(sb.st_mode)) {
		why = "not a regular file";
		ret = -EINVAL;
	} else if ((uint64_t)sb.st_size > SIM_MAX_FILE) {
		why = "file too large";
		ret = -EINVAL;
	} else if (sb.st_size < SIM_PG) {
		ret = parse_small(fd, (size_t)sb.st_size, &why);
	} else {
		ret = map_file(st, fd, (size_t)sb.st_size, &sb, true, &why,
			       whybuf, sizeof(whybuf));
		if (ret == 0) {
			*out = st;
			return 0;
		}
	}
	close(fd);
	sim_state_free(st);
	if (ret == -EINVAL)
		seterr(err, cap, "sim state %s: %s; run 'ffactl sim reset'",
		       path, why ? why : "invalid");
	else
		seterr(err, cap, "sim state %s: %s", path, strerror(-ret));
	return ret;
}

bool sim_state_current(const char *path, const struct sim_state *st)
{
	struct sim_hdr h;
	struct stat sb;

	/* The shared view shows the file's latest commit. */
	if (!st->mapped || !st->view || lstat(path, &sb) < 0 ||
	    (uint64_t)sb.st_dev != st->file_dev ||
	    (uint64_t)sb.st_ino != st->file_ino ||
	    (uint64_t)sb.st_size != st->img_len)
		return false;
	memcpy(&h, st->view, sizeof(h));
	return h.seq == st->seq;
}

/* ---- save ---------------------------------------------------------------- */

/* A first commit number no earlier journal can name. */
static uint64_t fresh_seq(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec) |
	       1;
}

/* Temp file, fsync, rename; then @st maps the new file. */
static int write_whole(const char *path, struct sim_state *st, char *err,
		       size_t cap)
{
	const char *why = NULL;
	char tmp[4200];
	struct stat sb;
	int fd, ret;

	sim_image_seal(st, st->seq ? st->seq + 1 : fresh_seq(),
		       sim_payload_csum(st->img, st->img_len));
	/* Never rename over what is not a state file of ours. */
	ret = check_existing(path, err, cap);
	if (ret) {
		prefix_err(err, cap, "sim state ");
		return ret;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	/* A name planted in advance is removed, never written through. */
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
			  O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		seterr(err, cap, "sim state %s: %s", tmp, strerror(errno));
		return ret;
	}
	ret = pwrite_all(fd, st->img, st->img_len, 0);
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (!ret && fstat(fd, &sb) < 0)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret) {
		seterr(err, cap, "sim state %s: %s", path, strerror(-ret));
		close(fd);
		unlink(tmp);
		return ret;
	}
	memcpy(&st->seq, st->img + offsetof(struct sim_hdr, seq), 8);
	ret = map_file(st, fd, st->img_len, &sb, false, &why, NULL, 0);
	if (ret < 0) {
		/* Saved; only the mapping failed: the next save writes whole. */
		close(fd);
		st->file_dev = st->file_ino = 0;
	}
	return 0;
}

/*
 * The pages of @st's mapped image that differ from the file, into
 * @idx[1..]; their count, or SIM_JMAX + 1 when there are too many for one
 * journal. Updates *@csum from each changed page's old and new hash.
 */
static uint32_t dirty_pages(const struct sim_state *st, uint32_t *idx,
			    uint64_t *csum)
{
	size_t i, npg = st->img_len / SIM_PG;
	uint32_t n = 1;
	const uint8_t *a, *b;

	for (i = 1; i < npg; i++) {
		a = st->img + i * SIM_PG;
		b = st->view + i * SIM_PG;
		if (!memcmp(a, b, SIM_PG))
			continue;
		if (n == SIM_JMAX)
			return SIM_JMAX + 1;
		idx[n++] = (uint32_t)i;
		*csum += sim_page_hash(i, a) - sim_page_hash(i, b);
	}
	return n;
}

/* Commits the pages @st changed through the journal (see the top). */
static int commit(const char *path, struct sim_state *st, char *err,
		  size_t cap)
{
	static const char zero[8];
	uint8_t *jbuf, *pg;
	struct sim_jhdr jh;
	struct sim_hdr old;
	uint32_t *idx, n, i;
	char jp[4200];
	int jfd, ret = 0;

	jbuf = malloc((size_t)(SIM_JMAX + 1) * SIM_PG);
	if (!jbuf) {
		seterr(err, cap, "sim state: out of memory");
		return -ENOMEM;
	}
	idx = (uint32_t *)(jbuf + sizeof(jh));
	memcpy(&old, st->view, sizeof(old));
	n = dirty_pages(st, idx, &old.payload_csum);
	if (n > SIM_JMAX) {
		free(jbuf);
		return 1;
	}
	idx[0] = 0;
	sim_image_seal(st, st->seq + 1, old.payload_csum);
	for (i = 0; i < n; i++)
		memcpy(jbuf + (size_t)(i + 1) * SIM_PG,
		       st->img + (size_t)idx[i] * SIM_PG, SIM_PG);
	memset(&jh, 0, sizeof(jh));
	memcpy(jh.magic, SIM_JMAGIC, 8);
	jh.n_pages = n;
	jh.base_seq = st->seq;
	jh.new_seq = st->seq + 1;
	jh.file_len = st->img_len;
	memset(jbuf + n * sizeof(*idx) + sizeof(jh), 0,
	       SIM_PG - sizeof(jh) - n * sizeof(*idx));
	memcpy(jbuf, &jh, sizeof(jh));
	jh.csum = journal_csum(jbuf, jbuf + SIM_PG, n);
	memcpy(jbuf, &jh, sizeof(jh));

	side_path(jp, sizeof(jp), path, ".journal");
	jfd = open_owned(jp, O_RDWR | O_CREAT, 0600, err, cap);
	if (jfd < 0) {
		ret = jfd;
		if (ret != -EACCES && ret != -EROFS && ret != -ENOENT) {
			/* Refused: @err says why; the file is untouched. */
			free(jbuf);
			prefix_err(err, cap, "sim state journal ");
			return ret;
		}
		goto out;
	}
	/* Until this is on disk, the file must not change. */
	ret = pwrite_all(jfd, jbuf, (size_t)(n + 1) * SIM_PG, 0);
	if (!ret && fdatasync(jfd) < 0)
		ret = -errno;
	for (i = 0, pg = jbuf + SIM_PG; !ret && i < n; i++, pg += SIM_PG)
		ret = pwrite_all(st->fd, pg, SIM_PG, (off_t)idx[i] * SIM_PG);
	if (!ret && fdatasync(st->fd) < 0)
		ret = -errno;
	/* Only now may the journal go: the file has it all. */
	if (!ret)
		ret = pwrite_all(jfd, zero, sizeof(zero), 0);
	close(jfd);
out:
	free(jbuf);
	if (ret) {
		seterr(err, cap, "sim state %s: %s", path, strerror(-ret));
		return ret;
	}
	st->seq++;
	return 0;
}

int sim_state_save(const char *path, struct sim_state *st, char *err,
		   size_t cap)
{
	int ret = 1;

	if (st->mapped && st->view && st->fd >= 0 &&
	    (fcntl(st->fd, F_GETFL) & O_ACCMODE) == O_RDWR &&
	    sim_state_current(path, st))
		ret = commit(path, st, err, cap);
	if (ret <= 0)
		return ret;
	return write_whole(path, st, err, cap);
}

/*
 * Removes <path>.tmp.* left by killed processes. Only called with the
 * exclusive lock held: nobody else is writing one then.
 */
void sim_state_remove_stale_tmp(const char *path)
{
	char dir[4096], prefix[512], full[4600];
	const char *base = strrchr(path, '/');
	struct dirent *de;
	size_t plen;
	DIR *d;

	if (base) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - path), path);
		if (!dir[0])
			snprintf(dir, sizeof(dir), "/");
		base++;
	} else {
		snprintf(dir, sizeof(dir), ".");
		base = path;
	}
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s.tmp.", base);
	if (plen >= sizeof(prefix))
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		snprintf(full, sizeof(full), "%s/%s", dir, de->d_name);
		unlink(full);
	}
	closedir(d);
}

/* ---- ffactl sim reset | status ----------------------------------------- */

int sim_reset(const char *path, uint32_t profile, uint32_t layout, char *err,
	      size_t errcap)
{
	return sim_reset_version(path, profile, layout, 0, err, errcap);
}

/*
 * The module's FFA_VERSION at load, with a version other than its
 * default: asked of the fresh model here, so the first open finds it
 * negotiated and only maps RX/TX (sim.c module_load()).
 */
static int reset_negotiate(struct sim_state *st, uint32_t v, char *err,
			   size_t errcap)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = v;
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, &r);
	if ((uint32_t)r.a[0] & FFA_VERSION_MBZ || st->ms.version != v) {
		seterr(err, errcap, "sim: FFA_VERSION(%u.%u) refused by the "
		       "SPMC model (a0 0x%llx)", FFA_VERSION_MAJOR(v),
		       FFA_VERSION_MINOR(v), (unsigned long long)r.a[0]);
		return -EIO;
	}
	return 0;
}

int sim_reset_version(const char *path, uint32_t profile, uint32_t layout,
		      uint32_t ffa_version, char *err, size_t errcap)
{
	struct sim_state *st;
	char p[4096];
	int lk, ret;

	if (ffa_version && (ffa_version & FFA_VERSION_MBZ ||
			    FFA_VERSION_MAJOR(ffa_version) != 1)) {
		seterr(err, errcap, "sim: the module asks for FF-A 1.x, not "
		       "%u.%u", FFA_VERSION_MAJOR(ffa_version),
		       FFA_VERSION_MINOR(ffa_version));
		return -EINVAL;
	}
	if (profile >= FFA_PROFILE_COUNT) {
		seterr(err, errcap, "unknown sim profile %u", profile);
		return -EINVAL;
	}
	if (layout >= FFA_LAYOUT_COUNT) {
		seterr(err, errcap, "unknown sim partition table %u", layout);
		return -EINVAL;
	}
	ret = sim_state_resolve_path(path, p, sizeof(p), err, errcap);
	if (!ret)
		ret = sim_state_ensure_dir(p, err, errcap);
	if (ret)
		return ret;
	lk = sim_state_lock(p, LOCK_EX, err, errcap);
	if (lk < 0)
		return lk;
	sim_state_remove_stale_tmp(p);
	/* The old file is not read: reset must work on a corrupt one. */
	st = sim_state_fresh(profile);
	if (!st) {
		sim_state_unlock(lk);
		seterr(err, errcap, "sim state: out of memory");
		return -ENOMEM;
	}
	ffa_model_set_layout(&st->ms, layout);
	ret = ffa_version ? reset_negotiate(st, ffa_version, err, errcap) : 0;
	if (!ret)
		ret = sim_state_save(p, st, err, errcap);
	sim_state_free(st);
	sim_state_unlock(lk);
	return ret;
}

int sim_status(const char *path, struct sim_status *out, char *err,
	       size_t errcap)
{
	struct sim_state *st;
	struct stat sb;
	int lk, ret;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	ret = sim_state_resolve_path(path, out->path, sizeof(out->path), err,
				     errcap);
	if (ret)
		return ret;
	if (lstat(out->path, &sb) < 0 && errno == ENOENT) {
		/* Nothing to lock yet; report what a first open would start. */
		lk = -1;
	} else {
		lk = sim_state_lock(out->path, LOCK_SH, err, errcap);
		if (lk < 0)
			return lk;
	}
	ret = sim_state_load(out->path, &st, NULL, err, errcap);
	sim_state_unlock(lk);
	if (ret < 0)
		return ret;
	out->profile = st->ms.profile;
	for (i = 0; i < st->rec_n; i++)
		out->live_handles += !(st->recs[i].flags &
				       (SIM_REC_PENDING | SIM_REC_DEAD));
	out->next_handle = st->ms.next_handle;
	out->rxtx_mapped = st->ms.rxtx_pages != 0;
	out->rx_owned = st->ms.rx_owner;
	out->zeroed_pages = st->ms.stats_zeroed_pages;
	out->partition_count = st->ms.partition_count;
	out->layout = st->ms.layout;
	out->negotiated = st->ms.version;
	sim_state_free(st);
	return 0;
}

/* ---- a private copy (ffactl smoke) -------------------------------------- */

int sim_state_snapshot(const char *src, char *dst, size_t cap, char *err,
		       size_t errcap)
{
	const char *tmpdir = getenv("TMPDIR");
	struct sim_state *st;
	char p[4096], dir[4096];
	struct stat sb;
	int lk = -1, ret, n;

	ret = sim_state_resolve_path(src, p, sizeof(p), err, errcap);
	if (ret)
		return ret;
	if (!tmpdir || tmpdir[0] != '/')
		tmpdir = "/tmp";
	n = snprintf(dir, sizeof(dir), "%s/ffactl-smoke-XXXXXX", tmpdir);
	if (n < 0 || (size_t)n + 16 >= sizeof(dir) || (size_t)n + 16 >= cap) {
		seterr(err, errcap, "sim state snapshot: TMPDIR too long");
		return -ENAMETOOLONG;
	}
	/* 0700 and a name nobody can guess. */
	if (!mkdtemp(dir)) {
		ret = -errno;
		seterr(err, errcap, "sim state snapshot %s: %s", dir,
		       strerror(errno));
		return ret;
	}
	snprintf(dst, cap, "%s/sim.state", dir);
	if (!(lstat(p, &sb) < 0 && errno == ENOENT)) {
		lk = sim_state_lock(p, LOCK_SH, err, errcap);
		if (lk < 0) {
			rmdir(dir);
			return lk;
		}
	}
	ret = sim_state_load(p, &st, NULL, err, errcap);
	if (!ret) {
		ret = sim_state_save(dst, st, err, errcap);
		sim_state_free(st);
	}
	sim_state_unlock(lk);
	if (ret)
		sim_state_snapshot_remove(dst);
	return ret;
}

void sim_state_snapshot_remove(const char *dst)
{
	static const char *const sides[] = { "", ".lock", ".journal" };
	char name[4200], *slash;

	sim_state_remove_stale_tmp(dst);
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		side_path(name, sizeof(name), dst, sides[i]);
		unlink(name);
	}
	snprintf(name, sizeof(name), "%s", dst);
	slash = strrchr(name, '/');
	if (slash && slash != name) {
		*slash = '\0';
		rmdir(name);
	}
}
