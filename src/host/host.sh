# shellcheck shell=sh
# ecs-http-chaos host script (ADRs 0002, 0003, 0070-0073), run by SSM after P='<base64>'.
# SSM may SIGKILL its process group at any line: no trap works here; what must outlive it
# lives in containers (proxy, reaper) and the kernel. Stdout: JSON lines only.
export LC_ALL=C
umask 077
set -u
T=$(printf '\t')
N='
'
L=io.ecs-http-chaos
IN_IMAGE=/opt/ecs-http-chaos/dist/host/host.sh
LEAD=3 READY=30 LOCKWAIT=60 MARGIN=10
SD=${ECS_HTTP_CHAOS_STATE_DIR:-/var/lib/ecs-http-chaos}
ED=${ECS_HOST_DATA_DIR:-/var/lib/ecs}
REAPER=${ECS_HTTP_CHAOS_REAPER:-0}
inst='' mode='' cid='' img='' install='' drain='' grace='' recs='' locked='' plan='' px=''
armed='' stopped='' dirty='' left='' nsmap='' bad=0

say() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }
dk() { docker "$@" </dev/null; }
now() { date +%s; }
nap() { sleep 0.2 2>/dev/null || sleep 1; }
hex() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }
id64() { hex "$1" && [ ${#1} -eq 64 ]; }
esc() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
bool() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }
show() { if [ ${#1} -gt 60 ]; then printf "'%.60s...' (%s chars)" "$1" ${#1}; else printf "'%s'" "$1"; fi; }
err() { # task step reason
  printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' "$inst" "$1" "$2" "$(esc "$3")"
  say "$2${1:+ ($1)}: $3"
}
finish() {
  [ -z "$locked" ] || rm -rf "$lock"
  case $mode in inject | revert | status)
    printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' "$inst" "$mode" "$(bool "$1")" ;;
  esac
  # A reaper whose revert is clean removes itself: the last thing it does.
  [ "$REAPER$1$mode" != 10revert ] || dk rm -f "ehc-reaper-$cid" >/dev/null 2>&1
  exit "$1"
}
reject() {
  err '' validate "payload rejected, nothing was done: $1"
  finish 2
}

# ---- ADR 0002's field rules as case patterns; RT is the rule's text --------------------
uint() { case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac && [ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
name() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }
low() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }
iid() {
  case $1 in i-*) set -- "${1#i-}" 8 17 ;; mi-*) set -- "${1#mi-}" 17 17 ;; *) return 1 ;; esac
  hex "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}
region() { # [a-z]{2,4}(-[a-z]{2,4})?-<direction>-[0-9]{1,2}
  case $1 in '' | *[!a-z0-9-]* | *--* | -* | *-) return 1 ;; esac
  case ${1##*-} in [0-9] | [0-9][0-9]) set -- "${1%-*}" ;; *) return 1 ;; esac
  case ${1##*-} in central | north | south | east | west | northeast | northwest | southeast | southwest) ;; *) return 1 ;; esac
  case $1 in *-*) set -- "${1%-*}" ;; *) return 1 ;; esac
  case $1 in *-*) low "${1%-*}" && low "${1#*-}" ;; *) low "$1" ;; esac
}
taskid() { # 32 hex digits or a UUID
  case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
  hex "$1" && [ ${#1} -eq 32 ]
}
arn_cluster() { # task ARN -> its cluster on stdout
  case $1 in arn:aws*:ecs:*:*:task/*/*) ac=${1#arn:aws} ;; *) return 1 ;; esac
  case ${ac%%:*} in *[!a-z-]*) return 1 ;; esac
  ac=${ac#*:}
  case $ac in ecs:*) ac=${ac#ecs:} ;; *) return 1 ;; esac
  region "${ac%%:*}" || return
  ac=${ac#*:}
  case $ac in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) ac=${ac#*:task/} ;; *) return 1 ;; esac
  name "${ac%%/*}" && taskid "${ac#*/}" && printf '%s' "${ac%%/*}"
}
ok() { # rule value
  v=$2
  case $1 in
    format) RT=ehc1 && [ "$v" = ehc1 ] ;;
    mode) RT='inject|revert|status' && case $v in inject | revert | status) ;; *) false ;; esac ;;
    chaos_id) RT='[a-z0-9-]{1,64}' && case $v in '' | *[!a-z0-9-]*) false ;; *) [ ${#v} -le 64 ] ;; esac ;;
    lib_image) RT='[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}' &&
      case $v in [A-Za-z0-9]*) case $v in *[!A-Za-z0-9._/:@-]*) false ;; *) [ ${#v} -le 255 ] ;; esac ;; *) false ;; esac ;;
    install_dependencies) RT='true|false' && case $v in true | false) ;; *) false ;; esac ;;
    drain_seconds) RT=0-60 && uint "$v" 0 60 ;;
    grace_seconds) RT=0-3600 && uint "$v" 0 3600 ;;
    instance_id) RT='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}' && iid "$v" ;;
    cluster_name | container_name) RT='[A-Za-z0-9_-]{1,255}' && name "$v" ;;
    task_ARN) RT='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>' && arn_cluster "$v" >/dev/null ;;
    docker_runtime_id) RT='[0-9a-f]{64} or -' && { [ "$v" = - ] || id64 "$v"; } ;;
    network_mode) RT='bridge|awsvpc' && case $v in bridge | awsvpc) ;; *) false ;; esac ;;
    target_port | proxy_port) RT=1-65535 && uint "$v" 1 65535 ;;
    reset_timeout_ms) RT=0-86400000 && uint "$v" 0 86400000 ;;
    interface) RT='auto or [A-Za-z0-9_.-]{1,15}' &&
      case $v in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#v} -le 15 ] ;; esac ;;
    toxicity) RT=0-100 && uint "$v" 0 100 ;;
    deadline) RT='epoch ms, 13 digits, no leading 0' && case $v in '' | 0* | *[!0-9]*) false ;; *) [ ${#v} -eq 13 ] ;; esac ;;
  esac
}
fields() { # where line rule...
  fw=$1 fl=$2
  shift 2
  fr=$*
  fn=$(($(printf '%s' "$fl" | tr -cd '\t' | wc -c) + 1))
  [ "$fn" -eq $# ] || reject "$fw has $fn fields, not $#"
  case $T$fl$T in *"$T$T"*) reject "$fw has an empty field" ;; esac
  set -f
  IFS=$T
  # shellcheck disable=SC2086 # split into the fields
  set -- $fl
  unset IFS
  set +f
  for f in $fr; do
    ok "$f" "$1" || reject "$fw: $(echo "$f" | tr _ ' ') is $(show "$1"); rule: $RT"
    shift
  done
}
rec() {
  IFS=$T read -r R_I R_C R_A R_N R_R _ R_TP R_PP R_RT R_IF R_TX R_D <<E
$1
E
}

# Every field of every line is checked before anything acts; this host's lines are kept.
read_payload() {
  case ${P-} in
    '') reject "P is empty; the command must begin with P='<base64>'" ;;
    *[!A-Za-z0-9+/=]*) reject 'P holds characters outside the base64 alphabet' ;;
  esac
  if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then reject 'P is not valid base64'; fi
  x=0
  while IFS= read -r line; do
    x=$((x + 1))
    [ $x -le 5000 ] || reject 'over 5000 lines'
    if [ $x -eq 1 ]; then
      fields header "$line" format mode chaos_id lib_image install_dependencies drain_seconds grace_seconds
      IFS=$T read -r _ mode cid img install drain grace <<E
$line
E
      continue
    fi
    fields "target line $((x - 1))" "$line" instance_id cluster_name task_ARN container_name \
      docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
    rec "$line"
    [ "$R_TP" != "$R_PP" ] || reject "target line $((x - 1)): proxy port equals target port"
    [ "$(arn_cluster "$R_A")" = "$R_C" ] || reject "target line $((x - 1)): the task ARN names another cluster"
    [ "$R_I" != "$inst" ] || recs=$recs$line$N
  done <<E
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
E
}

# AWS_SSM_INSTANCE_ID, which the SSM agent exports; else IMDSv2.
resolve_instance() {
  if [ -n "${AWS_SSM_INSTANCE_ID-}" ]; then
    iid "$AWS_SSM_INSTANCE_ID" && inst=$AWS_SSM_INSTANCE_ID && return
    err '' validate "AWS_SSM_INSTANCE_ID $(show "$AWS_SSM_INSTANCE_ID") is not an instance id"
    exit 2
  fi
  m=${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}
  case ${m%/} in *[!A-Za-z0-9.:/-]*) m='' ;; http://* | https://*) m=${m%/} ;; *) m='' ;; esac
  if [ -n "$m" ] && command -v curl >/dev/null 2>&1; then
    t=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$m/latest/api/token" 2>/dev/null)
    case $t in '' | *[!A-Za-z0-9_=+/-]*) ;; *)
      t=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $t" "$m/latest/meta-data/instance-id" 2>/dev/null) &&
        iid "$t" && inst=$t && return ;;
    esac
  fi
  err '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${m:-no valid endpoint}; needs curl) gave no instance id"
  exit 1
}
abs_path() { # variable value
  case $2 in /*[!A-Za-z0-9_./-]* | [!/]* | '') reject "$1 $(show "$2") must be an absolute path of [A-Za-z0-9_./-]" ;; esac
}

# ---- docker, state directory, per-chaos-id lock ---------------------------------------
need_docker() {
  if ! command -v docker >/dev/null 2>&1; then
    err '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
    return 1
  fi
  o=$(dk version --format '{{.Server.Version}}' 2>&1) && return
  err '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $o"
  return 1
}
state() {
  mkdir -p "$SD" && chmod 700 "$SD" || return
  # A tombstone matters only until its deadline: a week is plenty.
  find "$SD/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 -exec rm -f {} + 2>/dev/null
  return 0
}
tomb() { printf '%s/tombstone-%s' "$SD" "$cid"; }
born() { # pid -> its start time (field 22 of /proc/<pid>/stat)
  b=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${b##*') '}" | cut -d' ' -f20
}
# The lock names its holder (pid, start time); a holder that is gone left a stale lock.
stale() {
  owner=$(cat "$lock/owner" 2>/dev/null) || owner=''
  if [ -z "$owner" ]; then
    blank=$((${blank:-0} + 1))
    [ $blank -ge 5 ] || return 1
  elif [ "$(born "${owner%% *}")" = "$(echo "$owner" | cut -d' ' -f2)" ]; then
    return 1
  fi
  say "removing the stale lock $lock (its holder ${owner:-?} is gone)"
  mv "$lock" "$lock.$$" 2>/dev/null || return
  if [ "$(cat "$lock.$$/owner" 2>/dev/null)" = "$owner" ]; then rm -rf "$lock.$$"; else mv "$lock.$$" "$lock"; fi
  blank=0
}
take_lock() {
  z=$(($(now) + LOCKWAIT))
  until mkdir "$lock" 2>/dev/null; do
    stale && continue
    [ "$(now)" -lt $z ] || return
    sleep 1
  done
  locked=1
  echo "$$ $(born $$) $(now)" >"$lock/owner"
}
# Revert waits (bounded) for an inject of its chaos id that still runs.
wait_inject() {
  z=$(($(now) + LOCKWAIT))
  while [ -d "$lock" ]; do
    stale && continue
    [ "$(now)" -lt $z ] || { say "an inject still holds $lock; reverting anyway (the tombstone stops it)" && return; }
    sleep 1
  done
}
tombstoned() { # task
  [ -e "$(tomb)" ] || return 1
  err "${1-}" tombstone "chaos id $cid was already reverted on this host ($(cat "$(tomb)")): refusing a late inject"
}

# ---- a target's container and the owner of its network namespace (ADR 0072) ------------
facts() { # container -> F_ID F_UP F_STATE F_NET F_ARN F_NAME
  F_ID=''
  IFS='|' read -r F_ID F_UP F_STATE F_NET F_ARN F_NAME <<E
$(dk inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
E
  id64 "$F_ID"
}
by_labels() { # -> C: the running container with the target's ECS labels, else the newest
  bl=$(dk ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$R_A" \
    --filter "label=com.amazonaws.ecs.container-name=$R_N" --format '{{.ID}} {{.State}}' 2>&1) || { why="docker ps: $bl" && return 1; }
  C=$(printf '%s\n' "$bl" | grep ' running$' | cut -d' ' -f1)
  case $C in *"$N"*) why="several running containers carry the ECS labels of $R_N of $R_A" && return 1 ;; esac
  C=${C:-$(printf '%s\n' "$bl" | head -n 1 | cut -d' ' -f1)}
  [ -n "$C" ] || why="no container $R_N of $R_A on this host (no ECS metadata file $meta, no container with its ECS labels)"
  [ -n "$C" ]
}
# R_* -> C (container) C_UP C_STATE O (namespace owner) O_UP; else step and why.
locate() {
  C='' step=find-container why=''
  meta=$ED/data/metadata/$R_C/${R_A##*/}/$R_N/ecs-container-metadata.json
  if [ "$R_R" != - ]; then
    facts "$R_R" || { why="no container $R_R (the runtime id ECS reported for $R_N of $R_A) on this host" && return 1; }
  else
    [ ! -f "$meta" ] || C=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$meta" | head -n 1)
    if [ -z "$C" ] || ! facts "$C"; then
      if ! by_labels || ! facts "$C"; then
        why=${why:-"$C vanished"}
        return 1
      fi
    fi
  fi
  C=$F_ID C_UP=$F_UP C_STATE=$F_STATE O=$F_ID O_UP=$F_UP
  [ "$F_ARN|$F_NAME" = "$R_A|$R_N" ] || { why="container $C is not $R_N of $R_A: its ECS labels say $(show "$F_NAME") of $(show "$F_ARN")" && return 1; }
  case $F_NET in container:*)
    facts "${F_NET#container:}" || { why="$R_N of $R_A joins the network of ${F_NET#container:}, which is not on this host" && return 1; }
    O=$F_ID O_UP=$F_UP ;;
  esac
  [ "$F_NET" != host ] && return
  step=network-mode why="$R_N of $R_A uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
  return 1
}

# ---- inject (ADR 0070) ------------------------------------------------------------------
last_deadline() { printf '%s' "$recs" | cut -f12 | sort -n | tail -n 1; }
started() { printf '%s' "$px" | awk -F "$T" -v f="$1" '$3 == 1 { print $f }'; }
pull() {
  g=${img%%/*} e=''
  case $g in "$img") g='' ;; *.dkr.ecr.*.amazonaws.com | *.dkr.ecr.*.amazonaws.com.cn) e=1 ;; esac
  if [ -n "$e" ] && command -v aws >/dev/null 2>&1; then
    r=${g#*.dkr.ecr.} && r=${r%%.*}
    # A throw-away client config: the ECR token is not left on the host.
    c=$(mktemp -d) || return
    o=$(aws ecr get-login-password --region "$r" 2>/dev/null </dev/null | DOCKER_CONFIG=$c docker login --username AWS --password-stdin "$g" 2>&1) &&
      o=$(DOCKER_CONFIG=$c docker pull "$img" 2>&1 </dev/null)
    e=$?
    rm -rf "$c"
  else
    o=$(dk pull "$img" 2>&1)
    e=$?
  fi
  [ $e -ne 0 ] || return 0
  err '' image "INSTALL_DEPENDENCIES=true but pulling LIB_IMAGE $img failed: $(printf '%s\n' "$o" | tail -n 3)"
  return 1
}
ensure_image() {
  dk image inspect "$img" >/dev/null 2>&1 && return
  [ "$install" = false ] || { pull && return; } || return
  err '' image "LIB_IMAGE $img is not on this host and INSTALL_DEPENDENCIES=false: pull it first (docker pull $img) or set INSTALL_DEPENDENCIES=true"
  return 1
}
# Every target is checked before anything starts: deadline, container, network mode.
plan_targets() {
  y=0
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    rec "$line"
    if [ $((R_D / 1000 - $(now))) -lt $LEAD ]; then
      err "$R_A" deadline "deadline $R_D is $((R_D / 1000 - $(now)))s away: too near to start a fault (${LEAD}s at least)"
    elif ! locate; then
      err "$R_A" "$step" "$why"
    elif [ "$C_UP$O_UP" != truetrue ]; then
      err "$R_A" find-container "container $R_N of $R_A ($C) is not running (status $C_STATE; its namespace owner $O running: $O_UP)"
    else
      plan=$plan$O$T$line$N
      continue
    fi
    y=1
  done <<E
$recs
E
  return $y
}

# The dead-man switch outside the SSM process group: a container of LIB_IMAGE running this
# same script in revert mode at the latest deadline + grace (ADR 0071).
start_reaper() {
  n=ehc-reaper-$cid
  o=$(dk inspect --type container --format '{{.State.Running}}' "$n" 2>/dev/null)
  [ "$o" != true ] || { say "$n is already armed" && return; }
  [ -z "$o" ] || dk rm -f "$n" >/dev/null 2>&1
  s=${DOCKER_HOST:-unix:///var/run/docker.sock}
  case $s in unix:///*) s=${s#unix://} ;; *) s='' ;; esac
  case $s in *[!A-Za-z0-9_./-]*) s='' ;; esac
  if [ -z "$s" ] || [ ! -S "$s" ]; then
    err '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(show "${DOCKER_HOST-}") names none"
    return 1
  fi
  e=''
  [ ! -d "$ED" ] || e=type=bind,source=$ED,target=$ED,readonly
  o=$(dk run -d --name "$n" --restart on-failure:5 --pid host --network none --user 0 --cap-drop ALL \
    --security-opt no-new-privileges --memory 128m --pids-limit 128 --log-driver json-file --log-opt max-size=1m \
    --label "$L.chaos-id=$cid" --label "$L.role=reaper" --label "$L.deadline=$(last_deadline)" \
    --mount "type=bind,source=$s,target=/var/run/docker.sock" --mount "type=bind,source=$SD,target=$SD" \
    ${e:+--mount} ${e:+"$e"} -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$SD" \
    -e "ECS_HOST_DATA_DIR=$ED" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$inst" \
    -e "P=$(printf 'ehc1\trevert\t%s\t%s\t%s\t%s\t%s\n%s' "$cid" "$img" "$install" "$drain" "$grace" "$recs" | base64 | tr -d '\n')" \
    --entrypoint sh "$img" "$IN_IMAGE" 2>&1)
  if ! id64 "$(printf '%s' "$o" | tail -n 1)"; then
    dk rm -f "$n" >/dev/null 2>&1
    err '' reaper "could not start the reaper: $o"
    return 1
  fi
  armed=1 z=$(($(now) + READY))
  until dk logs "$n" 2>&1 | grep -q 'reaper armed'; do
    if [ "$(dk inspect --format '{{.State.Status}}' "$n" 2>/dev/null)" != running ] || [ "$(now)" -ge $z ]; then
      err '' reaper "the reaper did not arm (is $img an ecs-http-chaos image with $IN_IMAGE?): $(dk logs --tail 5 "$n" 2>&1)"
      return 1
    fi
    nap
  done
}
start_proxy() { # owner: one proxy container in that network namespace, for R_*
  n=ehc-proxy-$cid-$(printf '%.12s' "$1")
  o=$(dk inspect --type container --format '{{.Id}} {{.State.Running}}' "$n" 2>/dev/null)
  case $o in
    *' true') say "reusing $n, started by an earlier inject of $cid" && px=$px$1$T${o%% *}${T}0$N && return ;;
    ?*) dk rm -f "$n" >/dev/null 2>&1 ;;
  esac
  ! tombstoned "$R_A" || return
  [ $((R_D / 1000 - $(now))) -ge $LEAD ] || { err "$R_A" deadline "deadline $R_D came too near while starting" && return 1; }
  b=''
  [ "$R_PP" -ge 1024 ] || b=NET_BIND_SERVICE
  o=$(dk run -d --name "$n" --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN \
    --cap-add NET_RAW ${b:+--cap-add} ${b:+"$b"} --security-opt no-new-privileges --read-only \
    --tmpfs /run:size=1m --tmpfs /tmp:size=16m --restart on-failure:3 --log-driver json-file \
    --log-opt max-size=5m --log-opt max-file=2 --memory 256m --cpus 0.5 --pids-limit 256 \
    --stop-timeout $((drain + MARGIN)) --label "$L.chaos-id=$cid" --label "$L.role=proxy" \
    --label "$L.task-arn=$R_A" --label "$L.container=$R_N" --label "$L.namespace=$1" --label "$L.deadline=$R_D" \
    "$img" proxy --id "$cid" --target-port "$R_TP" --proxy-port "$R_PP" --reset-timeout-ms "$R_RT" \
    --interface "$R_IF" --toxicity "$R_TX" --until "$R_D" --drain-s "$drain" 2>&1)
  id64 "$(printf '%s' "$o" | tail -n 1)" && px=$px$1$T$(printf '%s' "$o" | tail -n 1)${T}1$N && return
  dk rm -f "$n" >/dev/null 2>&1
  err "$R_A" start-proxy "docker run of the proxy in the network namespace of $1 failed: $o"
  return 1
}
# One proxy per network namespace: targets sharing one (awsvpc) share its proxy.
start_proxies() {
  seen=''
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    rec "${line#*"$T"}"
    own=${line%%"$T"*} k="$R_TP $R_PP $R_RT $R_IF $R_TX $R_D"
    f=$(printf '%s' "$seen" | grep "^$own " | head -n 1)
    if [ -z "$f" ]; then
      seen=$seen"$own $k"$N
      start_proxy "$own" || return
    elif [ "$f" != "$own $k" ]; then
      err "$R_A" start-proxy "$R_N shares its network namespace with a target asking for other proxy settings ($k vs ${f#* }): one proxy per namespace"
      return 1
    fi
  done <<E
$plan
E
}
complaint() { # proxy -> its last error line
  dk logs --tail 40 "$1" 2>&1 >/dev/null | grep -i error | tail -n 1 | grep . || dk logs --tail 3 "$1" 2>&1 | tr '\n' ' '
}
fail_ns() { # owner step reason: an error line for every target in that namespace
  printf '%s' "$plan" | while IFS=$T read -r o _ _ a _; do [ "$o" != "$1" ] || err "$a" "$2" "$3"; done
}
wait_ready() {
  z=$(($(now) + READY))
  d=$(($(last_deadline) / 1000))
  [ $d -ge $z ] || z=$d
  w=$(printf '%s' "$px" | cut -f1,2 | tr '\t' =)
  while [ -n "$w" ]; do
    u=''
    for q in $w; do
      dk logs "${q#*=}" 2>/dev/null | grep -q '^{"event":"ready"' && continue
      s=$(dk inspect --format '{{.State.Status}} {{.RestartCount}}' "${q#*=}" 2>/dev/null)
      [ "$s" = 'running 0' ] || { fail_ns "${q%%=*}" wait-ready "proxy ${q#*=} ended before ready (${s:-gone}): $(complaint "${q#*=}")" && return 1; }
      u="$u $q"
    done
    w=$u
    [ -n "$w" ] || return 0
    if [ "$(now)" -ge $z ]; then
      for q in $w; do fail_ns "${q%%=*}" wait-ready "proxy ${q#*=} not ready within ${READY}s: $(complaint "${q#*=}")"; done
      return 1
    fi
    nap
  done
}
# `cleanup --id` inside the namespace: our tagged rules only, never a flush.
clean_ns() { # owner -> 0 when nothing tagged with the chaos id is left there
  # Its owner gone, the namespace is gone with every rule in it.
  [ "$(dk inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
  dk image inspect "$img" >/dev/null 2>&1 || { why="LIB_IMAGE $img is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
  o=$(dk run --rm --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW \
    --security-opt no-new-privileges --label "$L.chaos-id=$cid" --label "$L.role=cleanup" \
    "$img" cleanup --id "$cid" 2>&1)
  case $(printf '%s\n' "$o" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
  why="cleanup --id $cid in the namespace of $1 did not end clean: $(printf '%s\n' "$o" | tail -n 3 | tr '\n' ' ')"
  return 1
}
undo() {
  u=$(started 2)
  if [ -n "$u" ]; then
    # shellcheck disable=SC2086 # one id per word
    dk stop -t $((drain + MARGIN)) $u >/dev/null 2>&1
    # shellcheck disable=SC2086
    dk rm -f $u >/dev/null 2>&1
    for u in $(started 1); do clean_ns "$u" || { say "undo: $why" && dirty="$dirty $u"; }; done
  fi
  # The reaper stays while proxies of an earlier inject of this chaos id run, and while a
  # namespace is not proven clean: it is then the only thing left to retry the cleanup.
  [ -z "$armed" ] || [ -n "$dirty" ] || printf '%s' "$px" | grep -q "${T}0\$" || dk rm -f "ehc-reaper-$cid" >/dev/null 2>&1
  say 'removed what this inject started'
  finish 1
}
inject() {
  [ -n "$recs" ] || { err '' validate "no target line names instance $inst: nothing to inject here" && finish 1; }
  need_docker || finish 1
  state || { err '' lock "cannot create the state directory $SD" && finish 1; }
  ! tombstoned || finish 1
  take_lock || { err '' lock "another inject of $cid has held $lock (${owner:-?}) for over ${LOCKWAIT}s" && finish 1; }
  if tombstoned || ! plan_targets || ! ensure_image; then finish 1; fi
  start_reaper || undo
  start_proxies || undo
  wait_ready || undo
  ! tombstoned || undo
  printf '%s' "$plan" | while IFS= read -r line; do
    rec "${line#*"$T"}"
    printf '{"event":"ready","instance":"%s","task":"%s","container":"%s","namespace":"%s","proxy":"%s","deadline":%s}\n' \
      "$inst" "$R_A" "$R_N" "${line%%"$T"*}" "$(printf '%s' "$px" | grep "^${line%%"$T"*}$T" | head -n 1 | cut -f2)" "$R_D"
  done
  finish 0
}

# ---- revert and status (ADR 0070): target lines name what to report ----------------------
ours() { # id|state|role|namespace|task|container of every container of the chaos id
  dk ps -a --no-trunc --filter "label=$L.chaos-id=$cid" \
    --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
where() { # -> ns: the namespace owner of R_*, or none
  ns=none
  ! locate || ns=$O
}
proxy_of() { # list: the proxy serving R_*, by its namespace when found, else by its labels
  printf '%s\n' "$1" | awk -F '|' -v n="$ns" -v t="$R_A" -v c="$R_N" '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
reaper_wait() { # until the latest deadline + grace; `docker rm -f` disarms it
  z=$(($(last_deadline) / 1000 + grace))
  say "reaper armed: revert of $cid at epoch $z"
  while [ "$(now)" -lt $z ]; do
    s=$((z - $(now)))
    [ $s -le 30 ] || s=30
    sleep $s
  done
}
stop_proxies() { # list -> stopped: its proxy lines, each with |final counters
  v=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
  [ -n "$v" ] || return 0
  # SIGTERM: each proxy ends its window itself (resets disarmed, drain, rules removed).
  # shellcheck disable=SC2086 # one id per word
  o=$(dk stop -t $((drain + MARGIN)) $v 2>&1) || say "docker stop: $o"
  for q in $v; do
    # After an unclean end docker restarts the proxy past its deadline, and that incarnation
    # only cleans up and prints zero counters: the window's own line is the one that counts.
    g=$(dk logs "$q" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
    s=$(printf '%s\n' "$g" | grep -v '"reason":"deadline-passed"' | tail -n 1)
    [ -n "$s" ] || s=$(printf '%s\n' "$g" | tail -n 1)
    stopped=$stopped$(printf '%s\n' "$1" | grep "^$q|")"|${s:-null}"$N
  done
  # shellcheck disable=SC2086 # what is still there after this shows in $left
  dk rm -f $v >/dev/null 2>&1
}
clean_all() { # -> dirty: the namespaces cleanup did not prove clean; nsmap: task|container|ns
  nsmap=$(printf '%s' "$recs" | while IFS= read -r line; do rec "$line" && locate && echo "$R_A|$R_N|$O"; done)
  a=$(printf '%s' "$stopped" | cut -d'|' -f4)$N$(printf '%s' "$nsmap" | cut -d'|' -f3)
  for q in $(printf '%s\n' "$a" | sort -u); do
    id64 "$q" || continue
    if [ -z "$stopped" ] && ! dk image inspect "$img" >/dev/null 2>&1; then
      say "no proxy of $cid ran here and $img is absent: nothing of ours can be in $q"
    elif ! clean_ns "$q"; then
      dirty="$dirty $q"
      err '' cleanup "$why"
    fi
  done
}
revert() {
  [ "$REAPER" = 0 ] || reaper_wait
  s=revert
  [ "$REAPER" = 0 ] || s=reaper
  if ! state || ! echo "reverted at $(now) by $s" >"$(tomb)"; then
    err '' tombstone "cannot write $(tomb): a late inject of $cid would not be refused"
    bad=1
  fi
  [ "$REAPER" = 0 ] || [ ! -w "$SD" ] || exec >>"$SD/reaped-$cid.log"
  need_docker || finish 1
  wait_inject
  o=$(ours 2>&1) || { err '' stop-proxy "docker ps: $o" && finish 1; }
  stop_proxies "$o"
  clean_all
  # The reaper goes last, once the rest is proven gone; it never removes itself here.
  [ -n "$dirty" ] || [ $bad = 1 ] || [ "$REAPER" = 1 ] || dk rm -f "ehc-reaper-$cid" >/dev/null 2>&1
  left=$(ours 2>/dev/null | awk -F '|' -v r="$REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
  [ -z "$left" ] || { err '' cleanup "still present after revert: $left" && bad=1; }
  printf '%s' "$recs" | while IFS= read -r line; do
    # The namespace clean_all found: no second docker lookup per target.
    rec "$line" && ns=$(printf '%s\n' "$nsmap" | awk -F '|' -v t="$R_A" -v c="$R_N" '$1 == t && $2 == c { print $3; exit }')
    ns=${ns:-none}
    s=$(proxy_of "$stopped")
    c=0
    case " $dirty " in *" $ns "*) c=1 ;; esac
    [ -z "$left" ] || c=1
    printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' \
      "$inst" "$R_A" "$(printf '%s' "${s:-||||||null}" | cut -d'|' -f7)" "$(bool $c)"
  done
  [ -z "$dirty$left" ] && [ $bad = 0 ]
  finish $?
}
# ADR 0140: restarts, exit code, OOM, and when the host looked ("at", s).
status() {
  need_docker || finish 1
  list=$(ours 2>&1) || { err '' docker "docker ps: $list" && finish 1; }
  printf '%s' "$recs" | while IFS= read -r line; do
    rec "$line" && where
    q=$(proxy_of "$list")
    case $(printf '%s' "$q" | cut -d'|' -f2) in running) s=running ;; '') s=absent ;; *) s=exited ;; esac
    d=''
    [ -z "$q" ] || d=$(dk inspect --type container --format '"proxy":"{{.Id}}","restarts":{{.RestartCount}},"exitCode":{{.State.ExitCode}},"oomKilled":{{.State.OOMKilled}},"finishedAt":"{{.State.FinishedAt}}",' "${q%%|*}" 2>/dev/null)
    case $d in *[!A-Za-z0-9_\":,.+-]*) d='' ;; esac
    printf '{"event":"status","instance":"%s","task":"%s","container":"%s","state":"%s",%s"at":%s}\n' "$inst" "$R_A" "$R_N" "$s" "$d" "$(now)"
  done
  finish 0
}

resolve_instance
read_payload
abs_path ECS_HTTP_CHAOS_STATE_DIR "$SD"
abs_path ECS_HOST_DATA_DIR "$ED"
case $REAPER$mode in 0* | 1revert) ;; *) reject "ECS_HTTP_CHAOS_REAPER $(show "$REAPER") must be 0, or 1 in revert mode" ;; esac
lock=$SD/lock-$cid
say "$mode of chaos id $cid on $inst: $(printf '%s' "$recs" | grep -c .) target(s) here"
"$mode"
