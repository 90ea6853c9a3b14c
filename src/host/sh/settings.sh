# shellcheck shell=sh disable=SC2034,SC2154
# The host script's settings and run state (ADRs 0002, 0003, 0070-0073).
#
# SSM's AWS-RunShellScript runs the built script as root right after the line
# P='<base64>', and may SIGKILL its whole process group at any line. No trap can be relied
# on: whatever must outlive the script lives in containers (the proxies, the reaper) and in
# the kernel. Stdout carries JSON lines only (output.sh); stderr is for people.
#
# No errexit: every failure is handled where it happens and becomes a JSON error line and
# a summary (finish). errexit would end the script without either, and is off anyway in
# the functions called from `if` and `||`, which is most of them. nounset stays on.
# Variables are global (POSIX sh has no `local`): each function names what it sets.
export LC_ALL=C
umask 077
set -o nounset

TAB=$(printf '\t')
NEWLINE='
'
LABEL=io.ecs-http-chaos
# The modes this build runs: the revert's build (host-revert.sh) leaves out inject and
# status, so a revert command carries about twice the targets (ADR 0223). The build
# rewrites this line; main refuses a mode that is not in it.
SCRIPT_MODES='inject revert status'
# The reaper runs the image's copy of this script (ADR 0071).
SCRIPT_IN_IMAGE=/opt/ecs-http-chaos/dist/host/host.sh
# A target whose deadline is nearer than this is not started.
MIN_LEAD_SECONDS=3
# How long a proxy, or the reaper, has to say it is ready.
READY_TIMEOUT_SECONDS=30
# How long an inject waits for another inject's lock, and a revert for that inject.
LOCK_WAIT_SECONDS=60
# `docker stop` gives a proxy its drain plus this margin to end its window itself.
STOP_MARGIN_SECONDS=10

STATE_DIR=${ECS_HTTP_CHAOS_STATE_DIR:-/var/lib/ecs-http-chaos}
ECS_DATA_DIR=${ECS_HOST_DATA_DIR:-/var/lib/ecs}
# 1 in the reaper container only: it waits for the deadline, then reverts.
IS_REAPER=${ECS_HTTP_CHAOS_REAPER:-0}

# This host, and the payload header (payload.sh).
host_instance='' mode='' chaos_id='' lib_image='' install_dependencies='' pull_policy=''
drain_seconds='' grace_seconds='' header_tail=''
# The target lines that name this host, each ending in a newline.
host_targets=''
lock_dir='' lock_held='' lock_owner='' unowned_lock_looks=0
# inject: "<namespace owner> TAB <target line>" per target it can start.
planned=''
# inject: "<namespace owner> TAB <proxy id> TAB <1: started now, 0: reused>" per proxy.
proxies=''
reaper_armed=''
# revert: "<id>|<state>|<role>|<namespace>|<task>|<container>|<stopped line>" per proxy.
stopped_proxies=''
# Namespace owners a cleanup did not prove clean, each after a space.
dirty_namespaces=''
# revert: containers of the chaos id still there at its end.
leftovers=''
# revert: "<task>|<container>|<namespace owner>" per target it found.
namespace_map=''
# revert: 1 once something failed that leaves no other trace in its exit code.
revert_failed=0
