# bash completion for ffactl                              -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later

# ABI names as ffactl reads them (parse_fid): lower case or FFA_ upper case,
# with _32/_64 for the ABIs that have an SMC64 form.
_ffactl_abis()
{
	local plain="version features rx_release rxtx_unmap partition_info_get
		id_get mem_retrieve_req mem_relinquish mem_reclaim mem_frag_rx
		mem_frag_tx spm_id_get"
	local both="rxtx_map msg_send_direct_req mem_donate mem_lend mem_share"
	local only64="msg_send_direct_req2 partition_info_get_regs"
	local a
	for a in $plain $both; do
		printf '%s\n' "$a" "FFA_${a^^}"
	done
	for a in $both; do
		printf '%s\n' "${a}_32" "${a}_64" "FFA_${a^^}_32" "FFA_${a^^}_64"
	done
	for a in $only64; do
		printf '%s\n' "${a}_64" "FFA_${a^^}_64"
	done
}

# What `ffactl call` accepts: register-only ABIs (it refuses the memory
# and RX/TX ones, which need the TX buffer or own pages).
_ffactl_call_abis()
{
	_ffactl_abis | grep -Evi 'mem_|rxtx'
}

# The global options on the command line (backend, device, state), so that
# completions asking ffactl ask the same backend.
_ffactl_globals()
{
	local i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--backend | -b | --device | --state)
			printf '%s\n' "${words[i]}" "${words[i + 1]}"
			((i++))
			;;
		--backend=* | --device=* | --state=*)
			printf '%s\n' "${words[i]}"
			;;
		esac
	done
}

_ffactl()
{
	local cur prev words cword split
	_init_completion -s || return

	local commands="version id features partitions msg share lend donate
		reclaim handles sp call decode sim smoke explore bench"
	local global="--backend --device --state --json --verbose --trace
		--quiet --help"

	local cmd="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--backend | -b | --device | --state) ((i++)) ;;
		-*) ;;
		*)
			cmd=${words[i]}
			break
			;;
		esac
	done

	case $prev in
	--backend | -b)
		COMPREPLY=($(compgen -W "dev sim" -- "$cur"))
		return
		;;
	--device | --state)
		_filedir
		return
		;;
	--desc-version | --negotiate)
		COMPREPLY=($(compgen -W "1.0 1.1 1.2" -- "$cur"))
		return
		;;
	--profile)
		local profiles="spec tfa-el3 optee"
		[[ $cmd == smoke || $cmd == explore ]] &&
			profiles="auto $profiles"
		COMPREPLY=($(compgen -W "$profiles" -- "$cur"))
		return
		;;
	--partitions)
		COMPREPLY=($(compgen -W "test optee tsp" -- "$cur"))
		return
		;;
	--attrs)
		COMPREPLY=($(compgen -W "normal-wb normal-wb-outer normal-nc
			device" -- "$cur"))
		return
		;;
	--perm)
		if [[ $cmd == sp ]]; then
			COMPREPLY=($(compgen -W "ro rw none" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "rw ro rw-nx ro-nx rwx rx" -- "$cur"))
		fi
		return
		;;
	--type)
		COMPREPLY=($(compgen -W "share lend donate any" -- "$cur"))
		return
		;;
	--abi)
		COMPREPLY=($(compgen -W "$(_ffactl_abis)" -- "$cur"))
		return
		;;
	--abis)
		local list="mem_share mem_lend mem_donate mem_reclaim
			msg_send_direct_req version features partition_info_get
			memory"
		# A comma-separated list: complete the name after the last comma.
		local done_part=""
		[[ $cur == *,* ]] && done_part=${cur%,*},
		COMPREPLY=($(compgen -P "$done_part" -W "$list" -- "${cur##*,}"))
		return
		;;
	--error)
		COMPREPLY=($(compgen -W "NOT_SUPPORTED INVALID_PARAMETERS
			NO_MEMORY BUSY INTERRUPTED DENIED RETRY ABORTED NO_DATA
			NOT_READY" -- "$cur"))
		return
		;;
	--pages-of)
		# The handles the backend holds, as for reclaim.
		local g
		mapfile -t g < <(_ffactl_globals)
		COMPREPLY=($(compgen -W "$(ffactl "${g[@]}" handles \
			2>/dev/null | awk '/^0x/ { print $1 }')" -- "$cur"))
		return
		;;
	--filter)
		# The suite's case names, from ffactl itself.
		COMPREPLY=($(compgen -W "$(ffactl smoke --list 2>/dev/null |
			awk '{ print $1 }')" -- "$cur"))
		return
		;;
	--to | --pages | --tag | --flags | --sender | --fill | --frag-len | \
		--impdef | --caller | --desc | --a0 | --count | --uuid | \
		--partition | --runs | --seed | --ops | --time | --addr)
		return
		;;
	esac
	# An option given as --opt=value that takes no value listed above.
	[[ $split == true ]] && return

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	# Words after the command that are not options or their values.
	local nargs=0 j
	for ((j = i + 1; j < cword; j++)); do
		case ${words[j]} in
		--backend | -b | --device | --state | --to | --pages | --tag | \
			--flags | --sender | --fill | --frag-len | --impdef | \
			--caller | --desc | --a0 | --count | --uuid | \
			--partition | --runs | --abi | --error | --filter | \
			--seed | --ops | --time | --addr | --abis | \
			--profile | --partitions | --attrs | --perm | \
			--desc-version | --negotiate | --pages-of) ((j++)) ;;
		-*) ;;
		*) ((nargs++)) ;;
		esac
	done

	local opts=""
	case $cmd in
	share | lend | donate)
		opts="--to --pages --attrs --perm --smc64 --smc32 --desc-version --impdef
			--tag --flags --sender --fill --frag-len --addr --dry-run
			--pages-of"
		;;
	version) opts="--negotiate" ;;
	reclaim)
		opts="--zero --time-slice --flags --all"
		# The handles the backend holds, from `ffactl handles`.
		if [[ $cur != -* && $nargs -eq 0 ]]; then
			local g
			mapfile -t g < <(_ffactl_globals)
			COMPREPLY=($(compgen -W "$(ffactl "${g[@]}" handles \
				2>/dev/null | awk '/^0x/ { print $1 }')" -- "$cur"))
			return
		fi
		;;
	handles) opts="--stuck" ;;
	partitions) opts="--regs" ;;
	msg) opts="--to --smc64 --smc32 --req2 --uuid" ;;
	decode) opts="--abi --desc --desc-version --caller --profile" ;;
	smoke) opts="--filter --list --conformance --profile --partition --tap --in-place" ;;
	explore)
		opts="--seed --ops --time --profile --abis --partition --keep-going
			--list"
		;;
	bench)
		opts="--quick --runs"
		[[ $cur != -* ]] && COMPREPLY=($(compgen -W \
			"startup ioctl sim-ops sim-procs desc explore" -- "$cur")) &&
			return
		;;
	sp)
		opts="--to --perm --x --nx --type --tag --sender --device-memory
			--attr --zero --flags --endpoints --input"
		[[ $cur != -* && $nargs -eq 0 ]] && COMPREPLY=($(compgen -W \
			"retrieve write checksum relinquish features" -- "$cur")) &&
			return
		;;
	sim)
		opts="--profile --partitions --negotiate --abi --error --a0 --count
			--clear"
		[[ $cur != -* && $nargs -eq 0 ]] &&
			COMPREPLY=($(compgen -W "reset status fault" -- "$cur")) &&
			return
		;;
	features)
		[[ $cur != -* && $nargs -eq 0 ]] &&
			COMPREPLY=($(compgen -W "$(_ffactl_abis)" -- "$cur")) &&
			return
		;;
	call)
		if [[ $cur != -* && $nargs -eq 0 ]]; then
			COMPREPLY=($(compgen -W "$(_ffactl_call_abis)" -- "$cur"))
			return
		fi
		;;
	esac
	COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
} &&
	complete -F _ffactl ffactl
