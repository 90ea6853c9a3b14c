# shellcheck shell=sh # ecs-http-chaos host script, built from src/host/sh by make host-script
export LC_ALL=C
umask 077
set -o nounset
TAB=$(printf '\t')
NEWLINE='
'
LABEL=io.ecs-http-chaos
SCRIPT_IN_IMAGE=/opt/ecs-http-chaos/dist/host/host.sh
MIN_LEAD_SECONDS=3
READY_TIMEOUT_SECONDS=30
LOCK_WAIT_SECONDS=60
STOP_MARGIN_SECONDS=10
STATE_DIR=${ECS_HTTP_CHAOS_STATE_DIR:-/var/lib/ecs-http-chaos}
ECS_DATA_DIR=${ECS_HOST_DATA_DIR:-/var/lib/ecs}
IS_REAPER=${ECS_HTTP_CHAOS_REAPER:-0}
aa='' mode='' chaos_id='' lib_image='' install_dependencies=''
drain_seconds='' grace_seconds=''
ad=''
ag='' d2='' au='' ax=0
cr=''
bc=''
c7=''
aw=''
ab=''
br=''
bw=''
bb=0
log() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }
j() { date +%s; }
c2() { sleep 0.2 2>/dev/null || sleep 1; }
eg() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
d1() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }
a2() {
if [ ${#1} -gt 60 ]; then
printf "'%.60s...' (%s chars)" "$1" ${#1}
else
printf "'%s'" "$1"
fi
}
h() {
printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' "$aa" "$1" "$2" "$(eg "$3")"
log "$2${1:+ ($1)}: $3"
}
ar() {
[ -z "$d2" ] || rm -rf "$ag"
case $mode in
inject | revert | status)
printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' "$aa" "$mode" "$(d1 "$1")"
;;
esac
if [ "$IS_REAPER" = 1 ] && [ "$1" = 0 ] && [ "$mode" = revert ]; then
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
fi
exit "$1"
}
y() {
h '' validate "payload rejected, nothing was done: $1"
ar 2
}
b() { docker "$@" </dev/null; }
bo() {
if ! command -v docker >/dev/null 2>&1; then
h '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
return 1
fi
d3=$(b version --format '{{.Server.Version}}' 2>&1) && return
h '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $d3"
return 1
}
a0() {
b ps -a --no-trunc --filter "label=$LABEL.chaos-id=$chaos_id" --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
d9() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }
as() { d9 "$1" && [ ${#1} -eq 64 ]; }
cq() {
case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac &&
[ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
df() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }
bm() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }
bl() {
case $1 in
i-*) set -- "${1#i-}" 8 17 ;;
mi-*) set -- "${1#mi-}" 17 17 ;;
*) return 1 ;;
esac
d9 "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}
eo() {
case $1 in '' | *[!a-z0-9-]* | *--* | -* | *-) return 1 ;; esac
case ${1##*-} in [0-9] | [0-9][0-9]) set -- "${1%-*}" ;; *) return 1 ;; esac
case ${1##*-} in
central | north | south | east | west | northeast | northwest | southeast | southwest) ;;
*) return 1 ;;
esac
case $1 in *-*) set -- "${1%-*}" ;; *) return 1 ;; esac
case $1 in
*-*) bm "${1%-*}" && bm "${1#*-}" ;;
*) bm "$1" ;;
esac
}
ek() {
case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
d9 "$1" && [ ${#1} -eq 32 ]
}
bk() {
case $1 in arn:aws*:ecs:*:*:task/*/*) af=${1#arn:aws} ;; *) return 1 ;; esac
case ${af%%:*} in *[!a-z-]*) return 1 ;; esac
af=${af#*:}
case $af in ecs:*) af=${af#ecs:} ;; *) return 1 ;; esac
eo "${af%%:*}" || return
af=${af#*:}
case $af in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) af=${af#*:task/} ;;
*) return 1 ;;
esac
df "${af%%/*}" && ek "${af#*/}" && printf '%s' "${af%%/*}"
}
dx() {
aj=$2
case $1 in
format)
l=ehc1
[ "$aj" = ehc1 ]
;;
mode)
l='inject|revert|status'
case $aj in inject | revert | status) ;; *) false ;; esac
;;
chaos_id)
l='[a-z0-9-]{1,64}'
case $aj in '' | *[!a-z0-9-]*) false ;; *) [ ${#aj} -le 64 ] ;; esac
;;
lib_image)
l='[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}'
case $aj in
[A-Za-z0-9]*) case $aj in *[!A-Za-z0-9._/:@-]*) false ;; *) [ ${#aj} -le 255 ] ;; esac ;;
*) false ;;
esac
;;
install_dependencies)
l='true|false'
case $aj in true | false) ;; *) false ;; esac
;;
drain_seconds)
l=0-60
cq "$aj" 0 60
;;
grace_seconds)
l=0-3600
cq "$aj" 0 3600
;;
instance_id)
l='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}'
bl "$aj"
;;
cluster_name | container_name)
l='[A-Za-z0-9_-]{1,255}'
df "$aj"
;;
task_ARN)
l='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>'
bk "$aj" >/dev/null
;;
docker_runtime_id)
l='[0-9a-f]{64} or -'
[ "$aj" = - ] || as "$aj"
;;
network_mode)
l='bridge|awsvpc'
case $aj in bridge | awsvpc) ;; *) false ;; esac
;;
target_port | proxy_port)
l=1-65535
cq "$aj" 1 65535
;;
reset_timeout_ms)
l=0-86400000
cq "$aj" 0 86400000
;;
interface)
l='auto or [A-Za-z0-9_.-]{1,15}'
case $aj in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#aj} -le 15 ] ;; esac
;;
toxicity)
l=0-100
cq "$aj" 0 100
;;
deadline)
l='epoch ms, 13 digits, no leading 0'
case $aj in '' | 0* | *[!0-9]*) false ;; *) [ ${#aj} -eq 13 ] ;; esac
;;
esac
}
c4() {
b2=$1 ce=$2
shift 2
ef=$*
de=$(($(printf '%s' "$ce" | tr -cd '\t' | wc -c) + 1))
[ "$de" -eq $# ] || y "$b2 has $de fields, not $#"
case $TAB$ce$TAB in *"$TAB$TAB"*) y "$b2 has an empty field" ;; esac
set -f
IFS=$TAB
# shellcheck disable=SC2086
set -- $ce
unset IFS
set +f
for dq in $ef; do
dx "$dq" "$1" ||
y "$b2: $(echo "$dq" | tr _ ' ') is $(a2 "$1"); rule: $l"
shift
done
}
ac() {
IFS=$TAB read -r d4 cluster k container_name c0 _ target_port proxy_port reset_timeout_ms cp toxicity al <<EOF
$1
EOF
}
ct() {
if [ -n "${AWS_SSM_INSTANCE_ID-}" ]; then
bl "$AWS_SSM_INSTANCE_ID" && aa=$AWS_SSM_INSTANCE_ID && return
h '' validate "AWS_SSM_INSTANCE_ID $(a2 "$AWS_SSM_INSTANCE_ID") is not an instance id"
exit 2
fi
x=${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}
case ${x%/} in
*[!A-Za-z0-9.:/-]*) x='' ;;
http://* | https://*) x=${x%/} ;;
*) x='' ;;
esac
if [ -n "$x" ] && command -v curl >/dev/null 2>&1; then
dr=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$x/latest/api/token" 2>/dev/null)
case $dr in
'' | *[!A-Za-z0-9_=+/-]*) ;;
*)
c1=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $dr" "$x/latest/meta-data/instance-id" 2>/dev/null) &&
bl "$c1" && aa=$c1 && return
;;
esac
fi
h '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${x:-no valid endpoint}; needs curl) gave no instance id"
exit 1
}
eb() {
case ${P-} in
'') y "P is empty; the command must begin with P='<base64>'" ;;
*[!A-Za-z0-9+/=]*) y 'P holds characters outside the base64 alphabet' ;;
esac
if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then
y 'P is not valid base64'
fi
ak=0
while IFS= read -r c5; do
ak=$((ak + 1))
[ $ak -le 5000 ] || y 'over 5000 lines'
if [ $ak -eq 1 ]; then
eh "$c5"
else
dn "target line $((ak - 1))" "$c5"
fi
done <<EOF
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
EOF
}
eh() {
c4 header "$1" format mode chaos_id lib_image install_dependencies drain_seconds grace_seconds
IFS=$TAB read -r _ mode chaos_id lib_image install_dependencies drain_seconds grace_seconds <<EOF
$1
EOF
}
dn() {
c4 "$1" "$2" instance_id cluster_name task_ARN container_name docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
ac "$2"
[ "$target_port" != "$proxy_port" ] || y "$1: proxy port equals target port"
[ "$(bk "$k")" = "$cluster" ] || y "$1: the task ARN names another cluster"
[ "$d4" != "$aa" ] || ad=$ad$2$NEWLINE
}
bd() {
case $2 in
/*[!A-Za-z0-9_./-]* | [!/]* | '') y "$1 $(a2 "$2") must be an absolute path of [A-Za-z0-9_./-]" ;;
esac
}
bf() { printf '%s' "$ad" | cut -f12 | sort -n | tail -n 1; }
b0() {
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR" || return
find "$STATE_DIR/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 -exec rm -f {} + 2>/dev/null
return 0
}
a9() { printf '%s/tombstone-%s' "$STATE_DIR" "$chaos_id"; }
bs() {
ep=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${ep##*') '}" | cut -d' ' -f20
}
b1() {
au=$(cat "$ag/owner" 2>/dev/null) || au=''
if [ -z "$au" ]; then
ax=$((ax + 1))
[ $ax -ge 5 ] || return 1
elif [ "$(bs "${au%% *}")" = "$(echo "$au" | cut -d' ' -f2)" ]; then
return 1
fi
log "removing the stale lock $ag (its holder ${au:-?} is gone)"
mv "$ag" "$ag.$$" 2>/dev/null || return
if [ "$(cat "$ag.$$/owner" 2>/dev/null)" = "$au" ]; then
rm -rf "$ag.$$"
else
mv "$ag.$$" "$ag"
fi
ax=0
}
er() {
ds=$(($(j) + LOCK_WAIT_SECONDS))
until mkdir "$ag" 2>/dev/null; do
b1 && continue
[ "$(j)" -lt $ds ] || return
sleep 1
done
d2=1
echo "$$ $(bs $$) $(j)" >"$ag/owner"
}
du() {
db=$(($(j) + LOCK_WAIT_SECONDS))
while [ -d "$ag" ]; do
b1 && continue
[ "$(j)" -lt $db ] ||
{ log "an inject still holds $ag; reverting anyway (the tombstone stops it)" && return; }
sleep 1
done
}
ao() {
[ -e "$(a9)" ] || return 1
h "${1-}" tombstone "chaos id $chaos_id was already reverted on this host ($(cat "$(a9)")): refusing a late inject"
}
ay() {
a7=''
IFS='|' read -r a7 ba dl az bq co <<EOF
$(b inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
EOF
as "$a7"
}
b3() {
dm=$(b ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$k" --filter "label=com.amazonaws.ecs.container-name=$container_name" --format '{{.ID}} {{.State}}' 2>&1) ||
{ cc="docker ps: $dm" && return 1; }
container=$(printf '%s\n' "$dm" | grep ' running$' | cut -d' ' -f1)
case $container in
*"$NEWLINE"*) cc="several running containers carry the ECS labels of $container_name of $k" && return 1 ;;
esac
container=${container:-$(printf '%s\n' "$dm" | head -n 1 | cut -d' ' -f1)}
[ -n "$container" ] ||
cc="no container $container_name of $k on this host (no ECS metadata file $bv, no container with its ECS labels)"
[ -n "$container" ]
}
bu() {
container='' dd=find-container cc=''
bv=$ECS_DATA_DIR/data/metadata/$cluster/${k##*/}/$container_name/ecs-container-metadata.json
if [ "$c0" != - ]; then
ay "$c0" ||
{ cc="no container $c0 (the runtime id ECS reported for $container_name of $k) on this host" && return 1; }
else
[ ! -f "$bv" ] ||
container=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$bv" | head -n 1)
if [ -z "$container" ] || ! ay "$container"; then
if ! b3 || ! ay "$container"; then
cc=${cc:-"$container vanished"}
return 1
fi
fi
fi
container=$a7 da=$ba dj=$dl
av=$a7 bx=$ba
[ "$bq|$co" = "$k|$container_name" ] ||
{ cc="container $container is not $container_name of $k: its ECS labels say $(a2 "$co") of $(a2 "$bq")" && return 1; }
case $az in
container:*)
ay "${az#container:}" ||
{ cc="$container_name of $k joins the network of ${az#container:}, which is not on this host" && return 1; }
av=$a7 bx=$ba
;;
esac
[ "$az" != host ] && return
dd=network-mode
cc="$container_name of $k uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
return 1
}
b7() {
[ "$(b inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
b image inspect "$lib_image" >/dev/null 2>&1 ||
{ cc="LIB_IMAGE $lib_image is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
ck=$(b run --rm --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=cleanup" "$lib_image" cleanup --id "$chaos_id" 2>&1)
case $(printf '%s\n' "$ck" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
cc="cleanup --id $chaos_id in the namespace of $1 did not end clean: $(printf '%s\n' "$ck" | tail -n 3 | tr '\n' ' ')"
return 1
}
el() {
[ -n "$ad" ] ||
{ h '' validate "no target line names instance $aa: nothing to inject here" && ar 1; }
bo || ar 1
b0 || { h '' lock "cannot create the state directory $STATE_DIR" && ar 1; }
! ao || ar 1
er ||
{ h '' lock "another inject of $chaos_id has held $ag (${au:-?}) for over ${LOCK_WAIT_SECONDS}s" && ar 1; }
if ao || ! ea || ! dk; then ar 1; fi
ec || bp
d5 || bp
c9 || bp
! ao || bp
cz
ar 0
}
ea() {
b8=0
while IFS= read -r am; do
[ -n "$am" ] || continue
ac "$am"
if [ $((al / 1000 - $(j))) -lt "$MIN_LEAD_SECONDS" ]; then
h "$k" deadline "deadline $al is $((al / 1000 - $(j)))s away: too near to start a fault (${MIN_LEAD_SECONDS}s at least)"
elif ! bu; then
h "$k" "$dd" "$cc"
elif [ "$da$bx" != truetrue ]; then
h "$k" find-container "container $container_name of $k ($container) is not running (status $dj; its namespace owner $av running: $bx)"
else
cr=$cr$av$TAB$am$NEWLINE
continue
fi
b8=1
done <<EOF
$ad
EOF
return $b8
}
dk() {
b image inspect "$lib_image" >/dev/null 2>&1 && return
if [ "$install_dependencies" = true ]; then
dz
return
fi
h '' image "LIB_IMAGE $lib_image is not on this host and INSTALL_DEPENDENCIES=false: pull it first (docker pull $lib_image) or set INSTALL_DEPENDENCIES=true"
return 1
}
dz() {
cy=${lib_image%%/*} d8=''
case $cy in
"$lib_image") cy='' ;;
*.dkr.ecr.*.amazonaws.com | *.dkr.ecr.*.amazonaws.com.cn) d8=1 ;;
esac
if [ -n "$d8" ] && command -v aws >/dev/null 2>&1; then
cw=${cy#*.dkr.ecr.} && cw=${cw%%.*}
bt=$(mktemp -d) || return
ch=$(aws ecr get-login-password --region "$cw" 2>/dev/null </dev/null |
DOCKER_CONFIG=$bt docker login --username AWS --password-stdin "$cy" 2>&1) &&
ch=$(DOCKER_CONFIG=$bt docker pull "$lib_image" 2>&1 </dev/null)
dg=$?
rm -rf "$bt"
else
ch=$(b pull "$lib_image" 2>&1)
dg=$?
fi
[ $dg -ne 0 ] || return 0
h '' image "INSTALL_DEPENDENCIES=true but pulling LIB_IMAGE $lib_image failed: $(printf '%s\n' "$ch" | tail -n 3)"
return 1
}
d5() {
bg=''
while IFS= read -r a1; do
[ -n "$a1" ] || continue
ac "${a1#*"$TAB"}"
ah=${a1%%"$TAB"*}
bn="$target_port $proxy_port $reset_timeout_ms $cp $toxicity $al"
cx=$(printf '%s' "$bg" | grep "^$ah " | head -n 1)
if [ -z "$cx" ]; then
bg=$bg"$ah $bn"$NEWLINE
ei "$ah" || return
elif [ "$cx" != "$ah $bn" ]; then
h "$k" start-proxy "$container_name shares its network namespace with a target asking for other proxy settings ($bn vs ${cx#* }): one proxy per namespace"
return 1
fi
done <<EOF
$cr
EOF
}
ei() {
bi=ehc-proxy-$chaos_id-$(printf '%.12s' "$1")
cl=$(b inspect --type container --format '{{.Id}} {{.State.Running}}' "$bi" 2>/dev/null)
case $cl in
*' true')
log "reusing $bi, started by an earlier inject of $chaos_id" &&
bc=$bc$1$TAB${cl%% *}${TAB}0$NEWLINE && return
;;
?*) b rm -f "$bi" >/dev/null 2>&1 ;;
esac
! ao "$k" || return
[ $((al / 1000 - $(j))) -ge "$MIN_LEAD_SECONDS" ] ||
{ h "$k" deadline "deadline $al came too near while starting" && return 1; }
a6=''
[ "$proxy_port" -ge 1024 ] || a6=NET_BIND_SERVICE
c6=$(b run -d --name "$bi" --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW ${a6:+--cap-add} ${a6:+"$a6"} --security-opt no-new-privileges --read-only --tmpfs /run:size=1m --tmpfs /tmp:size=16m --restart on-failure:3 --log-driver json-file --log-opt max-size=5m --log-opt max-file=2 --memory 256m --cpus 0.5 --pids-limit 256 --stop-timeout $((drain_seconds + STOP_MARGIN_SECONDS)) --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=proxy" --label "$LABEL.task-arn=$k" --label "$LABEL.container=$container_name" --label "$LABEL.namespace=$1" --label "$LABEL.deadline=$al" "$lib_image" proxy --id "$chaos_id" --target-port "$target_port" --proxy-port "$proxy_port" --reset-timeout-ms "$reset_timeout_ms" --interface "$cp" --toxicity "$toxicity" --until "$al" --drain-s "$drain_seconds" 2>&1)
b4=$(printf '%s' "$c6" | tail -n 1)
if as "$b4"; then
bc=$bc$1$TAB$b4${TAB}1$NEWLINE
return
fi
b rm -f "$bi" >/dev/null 2>&1
h "$k" start-proxy "docker run of the proxy in the network namespace of $1 failed: $c6"
return 1
}
c9() {
dp=$(($(j) + READY_TIMEOUT_SECONDS))
dv=$(($(bf) / 1000))
[ $dv -ge $dp ] || dp=$dv
cv=$(printf '%s' "$bc" | cut -f1,2 | tr '\t' =)
while [ -n "$cv" ]; do
bz=''
for ai in $cv; do
bj=${ai#*=}
b logs "$bj" 2>/dev/null | grep -q '^{"event":"ready"' && continue
a5=$(b inspect --format '{{.State.Status}} {{.RestartCount}}' "$bj" 2>/dev/null)
[ "$a5" = 'running 0' ] ||
{ cm "${ai%%=*}" wait-ready "proxy $bj ended before ready (${a5:-gone}): $(b9 "$bj")" && return 1; }
bz="$bz $ai"
done
cv=$bz
[ -n "$cv" ] || return 0
if [ "$(j)" -ge $dp ]; then
for ai in $cv; do
cm "${ai%%=*}" wait-ready "proxy ${ai#*=} not ready within ${READY_TIMEOUT_SECONDS}s: $(b9 "${ai#*=}")"
done
return 1
fi
c2
done
}
b9() {
b logs --tail 40 "$1" 2>&1 >/dev/null | grep -i error | tail -n 1 | grep . ||
b logs --tail 3 "$1" 2>&1 | tr '\n' ' '
}
cm() {
printf '%s' "$cr" | while IFS=$TAB read -r d7 _ _ ee _; do
[ "$d7" != "$1" ] || h "$ee" "$2" "$3"
done
}
bh() { printf '%s' "$bc" | awk -F "$TAB" -v f="$1" '$3 == 1 { print $f }'; }
bp() {
ci=$(bh 2)
if [ -n "$ci" ]; then
# shellcheck disable=SC2086
b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $ci >/dev/null 2>&1
# shellcheck disable=SC2086
b rm -f $ci >/dev/null 2>&1
for ah in $(bh 1); do
b7 "$ah" || { log "undo: $cc" && ab="$ab $ah"; }
done
fi
[ -z "$c7" ] || [ -n "$ab" ] || printf '%s' "$bc" | grep -q "${TAB}0\$" ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
log 'removed what this inject started'
ar 1
}
cz() {
printf '%s' "$cr" | while IFS= read -r a1; do
ac "${a1#*"$TAB"}"
ah=${a1%%"$TAB"*}
printf '{"event":"ready","instance":"%s","task":"%s","container":"%s","namespace":"%s","proxy":"%s","deadline":%s}\n' "$aa" "$k" "$container_name" "$ah" "$(printf '%s' "$bc" | grep "^$ah$TAB" | head -n 1 | cut -f2)" "$al"
done
}
ec() {
ap=ehc-reaper-$chaos_id
cs=$(b inspect --type container --format '{{.State.Running}}' "$ap" 2>/dev/null)
[ "$cs" != true ] || { log "$ap is already armed" && return; }
[ -z "$cs" ] || b rm -f "$ap" >/dev/null 2>&1
ae=${DOCKER_HOST:-unix:///var/run/docker.sock}
case $ae in unix:///*) ae=${ae#unix://} ;; *) ae='' ;; esac
case $ae in *[!A-Za-z0-9_./-]*) ae='' ;; esac
if [ -z "$ae" ] || [ ! -S "$ae" ]; then
h '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(a2 "${DOCKER_HOST-}") names none"
return 1
fi
a8=''
[ ! -d "$ECS_DATA_DIR" ] || a8=type=bind,source=$ECS_DATA_DIR,target=$ECS_DATA_DIR,readonly
c3=$(b run -d --name "$ap" --restart on-failure:5 --pid host --network none --user 0 --cap-drop ALL --security-opt no-new-privileges --memory 128m --pids-limit 128 --log-driver json-file --log-opt max-size=1m --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=reaper" --label "$LABEL.deadline=$(bf)" --mount "type=bind,source=$ae,target=/var/run/docker.sock" --mount "type=bind,source=$STATE_DIR,target=$STATE_DIR" ${a8:+--mount} ${a8:+"$a8"} -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$STATE_DIR" -e "ECS_HOST_DATA_DIR=$ECS_DATA_DIR" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$aa" -e "P=$(d0)" --entrypoint sh "$lib_image" "$SCRIPT_IN_IMAGE" 2>&1)
if ! as "$(printf '%s' "$c3" | tail -n 1)"; then
b rm -f "$ap" >/dev/null 2>&1
h '' reaper "could not start the reaper: $c3"
return 1
fi
c7=1
dc
}
d0() {
printf 'ehc1\trevert\t%s\t%s\t%s\t%s\t%s\n%s' "$chaos_id" "$lib_image" "$install_dependencies" "$drain_seconds" "$grace_seconds" "$ad" | base64 | tr -d '\n'
}
dc() {
es=$(($(j) + READY_TIMEOUT_SECONDS))
until b logs "$ap" 2>&1 | grep -q 'reaper armed'; do
if [ "$(b inspect --format '{{.State.Status}}' "$ap" 2>/dev/null)" != running ] ||
[ "$(j)" -ge $es ]; then
h '' reaper "the reaper did not arm (is $lib_image an ecs-http-chaos image with $SCRIPT_IN_IMAGE?): $(b logs --tail 5 "$ap" 2>&1)"
return 1
fi
c2
done
}
cj() {
c8=$(($(bf) / 1000 + grace_seconds))
log "reaper armed: revert of $chaos_id at epoch $c8"
while [ "$(j)" -lt $c8 ]; do
cg=$((c8 - $(j)))
[ $cg -le 30 ] || cg=30
sleep $cg
done
}
em() {
[ "$IS_REAPER" = 0 ] || cj
dh=revert
[ "$IS_REAPER" = 0 ] || dh=reaper
if ! b0 || ! echo "reverted at $(j) by $dh" >"$(a9)"; then
h '' tombstone "cannot write $(a9): a late inject of $chaos_id would not be refused"
bb=1
fi
[ "$IS_REAPER" = 0 ] || [ ! -w "$STATE_DIR" ] || exec >>"$STATE_DIR/reaped-$chaos_id.log"
bo || ar 1
du
aq=$(a0 2>&1) ||
{ h '' stop-proxy "docker ps: $aq" && ar 1; }
ed "$aq"
di
[ -n "$ab" ] || [ "$bb" = 1 ] || [ "$IS_REAPER" = 1 ] ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
br=$(a0 2>/dev/null |
awk -F '|' -v r="$IS_REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
[ -z "$br" ] || { h '' cleanup "still present after revert: $br" && bb=1; }
b6
[ -z "$ab$br" ] && [ "$bb" = 0 ]
ar $?
}
ed() {
ca=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
[ -n "$ca" ] || return 0
# shellcheck disable=SC2086
ej=$(b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $ca 2>&1) ||
log "docker stop: $ej"
for b4 in $ca; do
cu=$(b logs "$b4" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
cf=$(printf '%s\n' "$cu" | grep -v '"reason":"deadline-passed"' | tail -n 1)
[ -n "$cf" ] || cf=$(printf '%s\n' "$cu" | tail -n 1)
aw=$aw$(printf '%s\n' "$1" | grep "^$b4|")"|${cf:-null}"$NEWLINE
done
# shellcheck disable=SC2086
b rm -f $ca >/dev/null 2>&1
}
di() {
bw=$(printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && bu && echo "$k|$container_name|$av"
done)
et=$(printf '%s' "$aw" | cut -d'|' -f4)$NEWLINE$(printf '%s' "$bw" | cut -d'|' -f3)
for ah in $(printf '%s\n' "$et" | sort -u); do
as "$ah" || continue
if [ -z "$aw" ] && ! b image inspect "$lib_image" >/dev/null 2>&1; then
log "no proxy of $chaos_id ran here and $lib_image is absent: nothing of ours can be in $ah"
elif ! b7 "$ah"; then
ab="$ab $ah"
h '' cleanup "$cc"
fi
done
}
b6() {
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" &&
a3=$(printf '%s\n' "$bw" |
awk -F '|' -v t="$k" -v c="$container_name" '$1 == t && $2 == c { print $3; exit }')
a3=${a3:-none}
d6=$(cb "$aw" "$a3")
b5=0
case " $ab " in *" $a3 "*) b5=1 ;; esac
[ -z "$br" ] || b5=1
printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' "$aa" "$k" "$(printf '%s' "${d6:-||||||null}" | cut -d'|' -f7)" "$(d1 $b5)"
done
}
cb() {
printf '%s\n' "$1" | awk -F '|' -v n="$2" -v t="$k" -v c="$container_name" '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
en() {
bo || ar 1
aq=$(a0 2>&1) ||
{ h '' docker "docker ps: $aq" && ar 1; }
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && dy
dt=$(cb "$aq" "$namespace")
case $(printf '%s' "$dt" | cut -d'|' -f2) in
running) a5=running ;;
'') a5=absent ;;
*) a5=exited ;;
esac
a4=$(dw "$dt")
printf '{"event":"status","instance":"%s","task":"%s","container":"%s","state":"%s",%s"at":%s}\n' "$aa" "$k" "$container_name" "$a5" "$a4" "$(j)"
done
ar 0
}
dy() {
namespace=none
! bu || namespace=$av
}
dw() {
[ -n "$1" ] || return 0
a4=$(b inspect --type container --format '"proxy":"{{.Id}}","restarts":{{.RestartCount}},"exitCode":{{.State.ExitCode}},"oomKilled":{{.State.OOMKilled}},"finishedAt":"{{.State.FinishedAt}}",' "${1%%|*}" 2>/dev/null)
case $a4 in *[!A-Za-z0-9_\":,.+-]*) a4='' ;; esac
printf '%s' "$a4"
}
eu() {
ct
eb
bd ECS_HTTP_CHAOS_STATE_DIR "$STATE_DIR"
bd ECS_HOST_DATA_DIR "$ECS_DATA_DIR"
case $IS_REAPER$mode in
0* | 1revert) ;;
*) y "ECS_HTTP_CHAOS_REAPER $(a2 "$IS_REAPER") must be 0, or 1 in revert mode" ;;
esac
ag=$STATE_DIR/lock-$chaos_id
log "$mode of chaos id $chaos_id on $aa: $(printf '%s' "$ad" | grep -c .) target(s) here"
case $mode in
inject) el ;;
revert) em ;;
status) en ;;
esac
}
eu
