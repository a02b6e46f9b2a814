# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# What the QEMU runners share (tests/qemu/run-system-test, the EL2
# responder; tests/tfa/run-tfa-test, TF-A): host packages, the Debian arm64
# kernel and headers, the module, a static aarch64 ffactl, the initramfs,
# the board's DTB, running QEMU and judging its console. Sourced; the caller
# sets `prog` (the name in messages) and `repo` (the source tree) first.
# Functions report through q_* variables, and exit 1 (0 never) on errors.
# shellcheck disable=SC2154  # repo, prog: the caller's
# shellcheck disable=SC2034  # q_*: read by the caller

qdir=$repo/tests/qemu
export DEBIAN_FRONTEND=noninteractive
q_sudo=
[ "$(id -u)" -eq 0 ] || q_sudo=sudo

q_log() { echo "$prog: $*" >&2; }
q_die() { q_log "FAIL: $*"; exit 1; }

# ---- host packages, only what is missing --------------------------------

q_need=()
# q_want TEST-COMMAND... -- PACKAGE: PACKAGE is needed if the test fails.
q_want() {
	local pkg=${*: -1}
	set -- "${@:1:$#-2}"
	"$@" >/dev/null 2>&1 || q_need+=("$pkg")
}

# What every runner needs: QEMU, the cross compiler, the kernel's host build
# tools, Meson for the static ffactl, the arm64 json-c it links.
q_want_common() {
	q_want command -v qemu-system-aarch64 -- qemu-system-arm
	q_want command -v aarch64-linux-gnu-gcc -- gcc-aarch64-linux-gnu
	q_want command -v fdtput -- device-tree-compiler
	q_want command -v cpio -- cpio
	q_want command -v make -- make
	q_want command -v meson -- meson
	q_want command -v ninja -- ninja-build
	q_want command -v pkg-config -- pkg-config
	q_want test -d /usr/lib/linux-kbuild-6.1 -- linux-kbuild-6.1
	q_arm64_ok=1
	dpkg --print-foreign-architectures | grep -qx arm64 || q_arm64_ok=0
	if [ $q_arm64_ok = 1 ]; then
		q_want test -f /usr/lib/aarch64-linux-gnu/libjson-c.a -- \
			libjson-c-dev:arm64
	fi
}

# Installs what q_want found missing; exit 77 (skip) without apt.
q_install_wanted() {
	[ ${#q_need[@]} -gt 0 ] || [ "${q_arm64_ok:-1}" = 0 ] || return 0
	if ! command -v apt-get >/dev/null; then
		q_log "SKIP: missing ${q_need[*]} and no apt-get"
		exit 77
	fi
	if [ "${q_arm64_ok:-1}" = 0 ]; then
		q_log "adding the arm64 architecture to dpkg"
		$q_sudo dpkg --add-architecture arm64
		q_need+=(libjson-c-dev:arm64)
	fi
	q_log "installing ${q_need[*]}"
	$q_sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
	$q_sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "${q_need[@]}" >&2
}

# ---- Debian arm64 kernel, headers, busybox; module; static ffactl -------

# q_fetch_debs DIR: sets FFACTL_KIMAGE, FFACTL_BUSYBOX, FFACTL_KVER...
q_fetch_debs() {
	eval "$("$repo/scripts/fetch-arm64-debs" --out "$1")"
	: "${FFACTL_KIMAGE:?}" "${FFACTL_BUSYBOX:?}" "${FFACTL_KVER:?}"
}

# q_build_kmod DIR: sets q_kmod_ko (empty when there is no build-kmod).
q_build_kmod() {
	q_kmod_ko=
	if [ ! -x "$repo/scripts/build-kmod" ]; then
		q_log "no scripts/build-kmod yet: the guest runs without the module"
		return 0
	fi
	q_log "building the module"
	q_kmod_ko=$("$repo/scripts/build-kmod" --out "$1" | tail -n1) ||
		q_die "scripts/build-kmod failed"
	[ -f "$q_kmod_ko" ] || q_die "scripts/build-kmod left no ffactl.ko"
}

# q_build_ffactl DIR: a static aarch64 ffactl in DIR/build-aarch64; sets
# q_ffactl.
q_build_ffactl() {
	local xbuild=$1/build-aarch64 file_out
	q_log "cross-building a static ffactl"
	if [ ! -f "$xbuild/build.ninja" ]; then
		meson setup "$xbuild" "$repo" \
			--cross-file "$qdir/aarch64-linux-gnu.ini" \
			-Dtests=false -Dbuildtype=release -Ddefault_library=static \
			-Dprefer_static=true -Dc_link_args=-static >&2
	fi
	ninja -C "$xbuild" ffactl >&2
	file_out=$(file -b "$xbuild/ffactl" 2>/dev/null || true)
	case $file_out in
	*ARM*aarch64*static*|"") ;;
	*) q_die "ffactl is not a static aarch64 binary: $file_out" ;;
	esac
	q_ffactl=$xbuild/ffactl
}

# q_build_helpers DIR NAME...: tests/qemu/initramfs/NAME.c -> DIR/NAME.
q_build_helpers() {
	local dir=$1 t
	shift
	for t in "$@"; do
		aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
			-I"$repo/include" -o "$dir/$t" "$qdir/initramfs/$t.c" -pthread
	done
}

# ---- initramfs ----------------------------------------------------------

# q_pack_initramfs DIR GUEST_SCRIPT [BINARY...]: a busybox initramfs whose
# /init (tests/qemu/initramfs/init) runs GUEST_SCRIPT as /guest-tests.sh,
# with its helpers (tests/qemu/guest-lib.sh) as /guest-lib.sh, ffactl, the
# module and the BINARYs in /bin, and the tree q_overlay (if set: what a
# packaged ffactl loads, tests/qemu/packaged-ffactl) laid over it; writes
# DIR/initramfs.cpio, sets q_initrd_size. Needs q_ffactl, q_kmod_ko.
q_pack_initramfs() {
	local dir=$1 script=$2 ird=$1/initramfs
	shift 2
	q_log "building the initramfs"
	rm -rf "$ird"
	mkdir -p "$ird"/{bin,dev,proc,sys,tmp,lib/modules,etc}
	cp "$FFACTL_BUSYBOX" "$ird/bin/busybox"
	cp "$qdir/initramfs/init" "$ird/init"
	cp "$script" "$ird/guest-tests.sh"
	cp "$qdir/guest-lib.sh" "$ird/guest-lib.sh"
	cp "$q_ffactl" "$ird/bin/ffactl"
	[ $# -eq 0 ] || cp "$@" "$ird/bin/"
	[ -z "$q_kmod_ko" ] || cp "$q_kmod_ko" "$ird/lib/modules/ffactl.ko"
	[ -z "${q_overlay:-}" ] || cp -a "$q_overlay/." "$ird/"
	printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:1000:1000:nobody:/:/bin/sh\n' \
		>"$ird/etc/passwd"
	chmod 755 "$ird/init" "$ird/guest-tests.sh"
	(cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
		>"$dir/initramfs.cpio"
	q_initrd_size=$(stat -c %s "$dir/initramfs.cpio")
}

# ---- DTB ----------------------------------------------------------------

# q_make_dtb DIR BOOTARGS INITRD_ADDR MEMRESERVE QEMU-ARGS...: dumps the
# board's DTB with exactly the QEMU-ARGS of the real run (the -bios
# included: with firmware the virt board has an ACPI GED where it otherwise
# has a PL061, and a DTB naming the absent PL061 makes the kernel take an
# external abort probing it), adds MEMRESERVE ("BASE SIZE", or empty) as
# /memreserve/, and sets /chosen bootargs and the initramfs's extent
# (QEMU only does that itself with -initrd, not with -bios). Writes
# DIR/patched.dtb.
q_make_dtb() {
	local dir=$1 bootargs=$2 initrd=$3 memreserve=$4 machine=
	local -a args=()
	shift 4
	# The machine's -M value, to add dumpdtb to it.
	while [ $# -gt 0 ]; do
		if [ "$1" = -M ]; then
			machine=$2
			shift 2
		else
			args+=("$1")
			shift
		fi
	done
	q_log "patching the board's DTB"
	rm -f "$dir/virt.dtb"
	qemu-system-aarch64 -M "$machine,dumpdtb=$dir/virt.dtb" "${args[@]}" \
		>/dev/null 2>&1 || true
	[ -s "$dir/virt.dtb" ] || q_die "qemu did not dump its DTB"
	{
		echo "/dts-v1/;"
		[ -z "$memreserve" ] || echo "/memreserve/ $memreserve;"
		dtc -q -I dtb -O dts "$dir/virt.dtb" | sed '/^\/dts-v1\/;/d'
	} >"$dir/patched.dts"
	dtc -q -I dts -O dtb -o "$dir/patched.dtb" "$dir/patched.dts"
	fdtput -t s "$dir/patched.dtb" /chosen bootargs "$bootargs"
	fdtput -t x "$dir/patched.dtb" /chosen linux,initrd-start \
		"$(printf '%x' $((initrd)))"
	fdtput -t x "$dir/patched.dtb" /chosen linux,initrd-end \
		"$(printf '%x' $((initrd + q_initrd_size)))"
}

# q_check_kernel_fits KERNEL_ADDR INITRD_ADDR: the Image header (arm64
# booting.rst) says how much room the kernel needs from its load address.
q_check_kernel_fits() {
	local img_size
	img_size=$(od -An -t u8 -j 16 -N 8 "$FFACTL_KIMAGE" | tr -d ' ')
	[ $(($1 + img_size)) -le $(($2)) ] ||
		q_die "kernel image ($img_size bytes) overlaps the initramfs"
}

# ---- run and judge -------------------------------------------------------

# q_run_qemu CONSOLE TIMEOUT QEMU-ARGS...: runs QEMU under timeout with the
# console in CONSOLE (and, without carriage returns, CONSOLE.txt); sets
# q_qrc (QEMU's or timeout's status) and q_ms (wall clock, ms).
q_run_qemu() {
	local console=$1 tmo=$2 t0 t1
	shift 2
	t0=$(date +%s%N)
	set +e
	timeout --foreground -k 5 "$tmo" qemu-system-aarch64 "$@" \
		</dev/null >"$console" 2>&1
	q_qrc=$?
	set -e
	t1=$(date +%s%N)
	tr -d '\r' <"$console" >"$console.txt"
	q_ms=$(((t1 - t0) / 1000000))
}

# A kernel complaint in the kernel's own format: printk's "[ seconds]"
# prefix, then the marker. Firmware sharing the UART prints its own
# "WARNING:"/"ERROR:" lines without that prefix.
Q_KERNEL_COMPLAINT='\[ *[0-9]+\.[0-9]+\] (.* )?(BUG:|WARNING:|Oops|Kernel panic|Unable to handle kernel|Internal error:|Call trace:)'

# q_judge CONSOLE_TXT TIMEOUT FATAL_RE [FILE...]: the run passed iff the
# guest powered off in time, printed its end marker, no kernel complaint
# and no FATAL_RE (the firmware's own fatal messages) appear in
# CONSOLE_TXT or the FILEs, and every TAP case is ok with the plan complete.
# Prints the guest's TAP lines (for the reader and Meson's log); sets
# q_fail (0/1) and q_nok (cases ok).
q_judge() {
	local txt=$1 tmo=$2 fatal=$3 plan nnot
	shift 3
	q_fail=0
	q_bad() { q_log "FAIL: $*"; q_fail=1; }
	if [ "$q_qrc" -eq 124 ] || [ "$q_qrc" -eq 137 ]; then
		q_bad "TIMEOUT: the guest did not power off within ${tmo}s"
	fi
	grep -q '^FFACTL-QEMU-END$' "$txt" ||
		q_bad "no end marker (FFACTL-QEMU-END) on the console"
	if grep -nE "$Q_KERNEL_COMPLAINT" "$txt" >&2; then
		q_bad "the kernel complained (lines above)"
	fi
	if grep -nE "$fatal" "$txt" "$@" >&2; then
		q_bad "the firmware reported a fatal error (lines above)"
	fi
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$txt" | tail -n1)
	q_nok=$(grep -cE '^ok [0-9]+ ' "$txt" || true)
	nnot=$(grep -cE '^not ok [0-9]+ ' "$txt" || true)
	[ -n "$plan" ] || q_bad "no TAP plan line"
	[ "$nnot" -eq 0 ] || q_bad "$nnot TAP case(s) not ok"
	[ -z "$plan" ] || [ $((q_nok + nnot)) -eq "$plan" ] ||
		q_bad "TAP plan says $plan, ran $((q_nok + nnot))"
	grep -E '^(TAP version|1\.\.|ok |not ok |#|ffactl-guest:|ffactl-el2:)' \
		"$txt" || true
}

# ---- Linux's own FF-A driver, as a module ---------------------------------

# q_build_arm_ffa DIR: builds drivers/firmware/arm_ffa from Debian's
# linux-source-6.1 (the same Debian version as the arm64 headers; fetched
# with apt-get download into DIR/debs, never installed) as one external
# module, ffa-module.ko, against the same headers as ffactl.ko. The Debian
# kernel has CONFIG_ARM_FFA_TRANSPORT unset, so its Kbuild defines what
# that config would (else arm_ffa.h's and common.h's stubs clash: DESIGN
# §11). Cached: the source tree in DIR/arm_ffa/src, the module beside it,
# rebuilt only when missing. Sets q_arm_ffa_ko. Needs q_fetch_debs first.
q_build_arm_ffa() {
	local dir=$1 bdir=$1/arm_ffa ver deb logf
	q_arm_ffa_ko=$bdir/ffa-module.ko
	if [ -f "$q_arm_ffa_ko" ] && [ "$bdir/Kbuild" -nt "$repo/tests/qemu/lib.sh" ]; then
		q_log "in-tree FF-A driver: cached $q_arm_ffa_ko"
		return 0
	fi
	ver=$(dpkg-deb -f "$(compgen -G "$dir/debs/linux-headers-$FFACTL_KVER-common_*.deb" |
		head -n1)" Version) || q_die "no linux-headers-$FFACTL_KVER-common .deb in $dir/debs"
	deb=$(compgen -G "$dir/debs/linux-source-6.1_${ver}_all.deb" | head -n1 || true)
	if [ -z "$deb" ]; then
		q_log "downloading linux-source-6.1 $ver (the in-tree FF-A driver's source)"
		(cd "$dir/debs" && apt-get download "linux-source-6.1=$ver" >&2) ||
			q_die "apt-get download linux-source-6.1=$ver failed"
		deb=$(compgen -G "$dir/debs/linux-source-6.1_${ver}_all.deb" | head -n1)
	fi
	if [ ! -f "$bdir/src/driver.c" ]; then
		q_log "unpacking drivers/firmware/arm_ffa from $(basename "$deb")"
		rm -rf "$bdir/src"
		mkdir -p "$bdir/src"
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO ./usr/src/linux-source-6.1.tar.xz |
			tar -xJ -C "$bdir/src" --strip-components=4 \
				linux-source-6.1/drivers/firmware/arm_ffa ||
			q_die "no drivers/firmware/arm_ffa in $deb"
	fi
	cp "$bdir"/src/{bus.c,driver.c,smccc.c,common.h} "$bdir/"
	cat >"$bdir/Kbuild" <<'KBUILD'
# The in-tree FF-A driver (drivers/firmware/arm_ffa) as one module, named
# as upstream names it.
obj-m := ffa-module.o
ffa-module-y := bus.o driver.o smccc.o
ccflags-y := -DCONFIG_ARM_FFA_TRANSPORT_MODULE=1 -DCONFIG_ARM_FFA_SMCCC=1
KBUILD
	logf=$bdir/build.log
	q_log "building the in-tree FF-A driver as ffa-module.ko"
	make -C "$FFACTL_KHEADERS" -f "$FFACTL_KCOMMON/Makefile" M="$bdir" \
		ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- modules \
		>"$logf" 2>&1 || { cat "$logf" >&2; q_die "ffa-module build failed"; }
	[ -f "$q_arm_ffa_ko" ] || q_die "no $q_arm_ffa_ko after the build"
}
