# bash completion for ffactl                              -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later

_ffactl()
{
	local cur prev words cword
	_init_completion || return

	local commands="version id features partitions msg share lend donate
		reclaim handles sp call decode sim smoke bench"
	local global="--backend --device --state --json --verbose --trace
		--quiet --help"
	local abis="version features rx_release rxtx_map rxtx_unmap
		partition_info_get id_get msg_send_direct_req mem_donate
		mem_lend mem_share mem_retrieve_req mem_relinquish mem_reclaim
		mem_frag_rx mem_frag_tx spm_id_get msg_send_direct_req2"

	local cmd0="" w
	for w in "${words[@]:1:cword-1}"; do
		[[ $w == smoke || $w == sim ]] && cmd0=$w
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
		[[ $cmd0 == smoke ]] && profiles="auto $profiles"
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
		COMPREPLY=($(compgen -W "rw ro rw-nx ro-nx rwx rx" -- "$cur"))
		return
		;;
	--abi)
		COMPREPLY=($(compgen -W "$abis" -- "$cur"))
		return
		;;
	--error)
		COMPREPLY=($(compgen -W "NOT_SUPPORTED INVALID_PARAMETERS
			NO_MEMORY BUSY INTERRUPTED DENIED RETRY ABORTED NO_DATA
			NOT_READY" -- "$cur"))
		return
		;;
	--to | --pages | --tag | --flags | --sender | --fill | --frag-len | \
		--impdef | --caller | --desc | --filter | --a0 | --count)
		return
		;;
	esac

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

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts=""
	case $cmd in
	share | lend | donate)
		opts="--to --pages --attrs --perm --smc64 --desc-version --impdef
			--tag --flags --sender --fill --frag-len --dry-run"
		;;
	version) opts="--negotiate" ;;
	reclaim) opts="--zero --time-slice --flags --all" ;;
	handles) opts="--stuck" ;;
	msg) opts="--to --smc64 --req2 --uuid" ;;
	decode) opts="--abi --desc --desc-version --caller --profile" ;;
	smoke) opts="--filter --list --profile --partition --tap --in-place" ;;
	bench)
		opts="--quick --runs"
		[[ $cur != -* ]] && COMPREPLY=($(compgen -W \
			"startup ioctl sim-ops sim-procs desc" -- "$cur")) &&
			return
		;;
	sp)
		opts="--to"
		[[ $cur != -* ]] && COMPREPLY=($(compgen -W \
			"retrieve write checksum relinquish" -- "$cur")) && return
		;;
	sim)
		opts="--profile --partitions --abi --error --a0 --count --clear"
		[[ $cur != -* ]] &&
			COMPREPLY=($(compgen -W "reset status fault" -- "$cur")) &&
			return
		;;
	features | call)
		[[ $cur != -* ]] &&
			COMPREPLY=($(compgen -W "$abis" -- "$cur")) && return
		;;
	esac
	COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
} &&
	complete -F _ffactl ffactl
