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
ag='' dz='' au='' ax=0
cq=''
bb=''
c6=''
aw=''
ab=''
bq=''
bv=''
ba=0
log() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }
j() { date +%s; }
c1() { sleep 0.2 2>/dev/null || sleep 1; }
ed() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
dy() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }
a2() {
if [ ${#1} -gt 60 ]; then
printf "'%.60s...' (%s chars)" "$1" ${#1}
else
printf "'%s'" "$1"
fi
}
h() {
printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' "$aa" "$1" "$2" "$(ed "$3")"
log "$2${1:+ ($1)}: $3"
}
ar() {
[ -z "$dz" ] || rm -rf "$ag"
case $mode in
inject | revert | status)
printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' "$aa" "$mode" "$(dy "$1")"
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
bn() {
if ! command -v docker >/dev/null 2>&1; then
h '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
return 1
fi
d0=$(b version --format '{{.Server.Version}}' 2>&1) && return
h '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $d0"
return 1
}
a0() {
b ps -a --no-trunc --filter "label=$LABEL.chaos-id=$chaos_id" --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
d6() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }
as() { d6 "$1" && [ ${#1} -eq 64 ]; }
cp() {
case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac &&
[ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
de() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }
bl() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }
bk() {
case $1 in
i-*) set -- "${1#i-}" 8 17 ;;
mi-*) set -- "${1#mi-}" 17 17 ;;
*) return 1 ;;
esac
d6 "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}
el() {
case $1 in '' | *[!a-z0-9-]* | *--* | -* | *-) return 1 ;; esac
case ${1##*-} in [0-9] | [0-9][0-9]) set -- "${1%-*}" ;; *) return 1 ;; esac
case ${1##*-} in
central | north | south | east | west | northeast | northwest | southeast | southwest) ;;
*) return 1 ;;
esac
case $1 in *-*) set -- "${1%-*}" ;; *) return 1 ;; esac
case $1 in
*-*) bl "${1%-*}" && bl "${1#*-}" ;;
*) bl "$1" ;;
esac
}
eh() {
case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
d6 "$1" && [ ${#1} -eq 32 ]
}
bj() {
case $1 in arn:aws*:ecs:*:*:task/*/*) af=${1#arn:aws} ;; *) return 1 ;; esac
case ${af%%:*} in *[!a-z-]*) return 1 ;; esac
af=${af#*:}
case $af in ecs:*) af=${af#ecs:} ;; *) return 1 ;; esac
el "${af%%:*}" || return
af=${af#*:}
case $af in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) af=${af#*:task/} ;;
*) return 1 ;;
esac
de "${af%%/*}" && eh "${af#*/}" && printf '%s' "${af%%/*}"
}
du() {
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
cp "$aj" 0 60
;;
grace_seconds)
l=0-3600
cp "$aj" 0 3600
;;
instance_id)
l='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}'
bk "$aj"
;;
cluster_name | container_name)
l='[A-Za-z0-9_-]{1,255}'
de "$aj"
;;
task_ARN)
l='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>'
bj "$aj" >/dev/null
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
cp "$aj" 1 65535
;;
reset_timeout_ms)
l=0-86400000
cp "$aj" 0 86400000
;;
interface)
l='auto or [A-Za-z0-9_.-]{1,15}'
case $aj in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#aj} -le 15 ] ;; esac
;;
toxicity)
l=0-100
cp "$aj" 0 100
;;
deadline)
l='epoch ms, 13 digits, no leading 0'
case $aj in '' | 0* | *[!0-9]*) false ;; *) [ ${#aj} -eq 13 ] ;; esac
;;
esac
}
c3() {
b1=$1 cc=$2
shift 2
ec=$*
dd=$(($(printf '%s' "$cc" | tr -cd '\t' | wc -c) + 1))
[ "$dd" -eq $# ] || y "$b1 has $dd fields, not $#"
case $TAB$cc$TAB in *"$TAB$TAB"*) y "$b1 has an empty field" ;; esac
set -f
IFS=$TAB
# shellcheck disable=SC2086
set -- $cc
unset IFS
set +f
for dp in $ec; do
du "$dp" "$1" ||
y "$b1: $(echo "$dp" | tr _ ' ') is $(a2 "$1"); rule: $l"
shift
done
}
ac() {
IFS=$TAB read -r d1 cluster k container_name cz _ target_port proxy_port reset_timeout_ms co toxicity al <<EOF
$1
EOF
}
cs() {
if [ -n "${AWS_SSM_INSTANCE_ID-}" ]; then
bk "$AWS_SSM_INSTANCE_ID" && aa=$AWS_SSM_INSTANCE_ID && return
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
dq=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$x/latest/api/token" 2>/dev/null)
case $dq in
'' | *[!A-Za-z0-9_=+/-]*) ;;
*)
c0=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $dq" "$x/latest/meta-data/instance-id" 2>/dev/null) &&
bk "$c0" && aa=$c0 && return
;;
esac
fi
h '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${x:-no valid endpoint}; needs curl) gave no instance id"
exit 1
}
d8() {
case ${P-} in
'') y "P is empty; the command must begin with P='<base64>'" ;;
*[!A-Za-z0-9+/=]*) y 'P holds characters outside the base64 alphabet' ;;
esac
if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then
y 'P is not valid base64'
fi
ak=0
while IFS= read -r c4; do
ak=$((ak + 1))
[ $ak -le 5000 ] || y 'over 5000 lines'
if [ $ak -eq 1 ]; then
ee "$c4"
else
dm "target line $((ak - 1))" "$c4"
fi
done <<EOF
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
EOF
}
ee() {
c3 header "$1" format mode chaos_id lib_image install_dependencies drain_seconds grace_seconds
IFS=$TAB read -r _ mode chaos_id lib_image install_dependencies drain_seconds grace_seconds <<EOF
$1
EOF
}
dm() {
c3 "$1" "$2" instance_id cluster_name task_ARN container_name docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
ac "$2"
[ "$target_port" != "$proxy_port" ] || y "$1: proxy port equals target port"
[ "$(bj "$k")" = "$cluster" ] || y "$1: the task ARN names another cluster"
[ "$d1" != "$aa" ] || ad=$ad$2$NEWLINE
}
bc() {
case $2 in
/*[!A-Za-z0-9_./-]* | [!/]* | '') y "$1 $(a2 "$2") must be an absolute path of [A-Za-z0-9_./-]" ;;
esac
}
bd() { printf '%s' "$ad" | cut -f12 | sort -n | tail -n 1; }
bz() {
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR" || return
find "$STATE_DIR/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 -exec rm -f {} + 2>/dev/null
return 0
}
a8() { printf '%s/tombstone-%s' "$STATE_DIR" "$chaos_id"; }
br() {
em=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${em##*') '}" | cut -d' ' -f20
}
b0() {
au=$(cat "$ag/owner" 2>/dev/null) || au=''
if [ -z "$au" ]; then
ax=$((ax + 1))
[ $ax -ge 5 ] || return 1
elif [ "$(br "${au%% *}")" = "$(echo "$au" | cut -d' ' -f2)" ]; then
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
en() {
dr=$(($(j) + LOCK_WAIT_SECONDS))
until mkdir "$ag" 2>/dev/null; do
b0 && continue
[ "$(j)" -lt $dr ] || return
sleep 1
done
dz=1
echo "$$ $(br $$) $(j)" >"$ag/owner"
}
ds() {
da=$(($(j) + LOCK_WAIT_SECONDS))
while [ -d "$ag" ]; do
b0 && continue
[ "$(j)" -lt $da ] ||
{ log "an inject still holds $ag; reverting anyway (the tombstone stops it)" && return; }
sleep 1
done
}
ao() {
[ -e "$(a8)" ] || return 1
h "${1-}" tombstone "chaos id $chaos_id was already reverted on this host ($(cat "$(a8)")): refusing a late inject"
}
ay() {
a6=''
IFS='|' read -r a6 a9 dk az bp cm <<EOF
$(b inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
EOF
as "$a6"
}
b2() {
dl=$(b ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$k" --filter "label=com.amazonaws.ecs.container-name=$container_name" --format '{{.ID}} {{.State}}' 2>&1) ||
{ cb="docker ps: $dl" && return 1; }
container=$(printf '%s\n' "$dl" | grep ' running$' | cut -d' ' -f1)
case $container in
*"$NEWLINE"*) cb="several running containers carry the ECS labels of $container_name of $k" && return 1 ;;
esac
container=${container:-$(printf '%s\n' "$dl" | head -n 1 | cut -d' ' -f1)}
[ -n "$container" ] ||
cb="no container $container_name of $k on this host (no ECS metadata file $bu, no container with its ECS labels)"
[ -n "$container" ]
}
bt() {
container='' dc=find-container cb=''
bu=$ECS_DATA_DIR/data/metadata/$cluster/${k##*/}/$container_name/ecs-container-metadata.json
if [ "$cz" != - ]; then
ay "$cz" ||
{ cb="no container $cz (the runtime id ECS reported for $container_name of $k) on this host" && return 1; }
else
[ ! -f "$bu" ] ||
container=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$bu" | head -n 1)
if [ -z "$container" ] || ! ay "$container"; then
if ! b2 || ! ay "$container"; then
cb=${cb:-"$container vanished"}
return 1
fi
fi
fi
container=$a6 c9=$a9 di=$dk
av=$a6 bw=$a9
[ "$bp|$cm" = "$k|$container_name" ] ||
{ cb="container $container is not $container_name of $k: its ECS labels say $(a2 "$cm") of $(a2 "$bp")" && return 1; }
case $az in
container:*)
ay "${az#container:}" ||
{ cb="$container_name of $k joins the network of ${az#container:}, which is not on this host" && return 1; }
av=$a6 bw=$a9
;;
esac
[ "$az" != host ] && return
dc=network-mode
cb="$container_name of $k uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
return 1
}
b6() {
[ "$(b inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
b image inspect "$lib_image" >/dev/null 2>&1 ||
{ cb="LIB_IMAGE $lib_image is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
cj=$(b run --rm --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=cleanup" "$lib_image" cleanup --id "$chaos_id" 2>&1)
case $(printf '%s\n' "$cj" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
cb="cleanup --id $chaos_id in the namespace of $1 did not end clean: $(printf '%s\n' "$cj" | tail -n 3 | tr '\n' ' ')"
return 1
}
ei() {
[ -n "$ad" ] ||
{ h '' validate "no target line names instance $aa: nothing to inject here" && ar 1; }
bn || ar 1
bz || { h '' lock "cannot create the state directory $STATE_DIR" && ar 1; }
! ao || ar 1
en ||
{ h '' lock "another inject of $chaos_id has held $ag (${au:-?}) for over ${LOCK_WAIT_SECONDS}s" && ar 1; }
if ao || ! d7 || ! dj; then ar 1; fi
d9 || bo
d2 || bo
c8 || bo
! ao || bo
cy
ar 0
}
d7() {
b7=0
while IFS= read -r am; do
[ -n "$am" ] || continue
ac "$am"
if [ $((al / 1000 - $(j))) -lt "$MIN_LEAD_SECONDS" ]; then
h "$k" deadline "deadline $al is $((al / 1000 - $(j)))s away: too near to start a fault (${MIN_LEAD_SECONDS}s at least)"
elif ! bt; then
h "$k" "$dc" "$cb"
elif [ "$c9$bw" != truetrue ]; then
h "$k" find-container "container $container_name of $k ($container) is not running (status $di; its namespace owner $av running: $bw)"
else
cq=$cq$av$TAB$am$NEWLINE
continue
fi
b7=1
done <<EOF
$ad
EOF
return $b7
}
dj() {
b image inspect "$lib_image" >/dev/null 2>&1 && return
if [ "$install_dependencies" = true ]; then
dw
return
fi
h '' image "LIB_IMAGE $lib_image is not on this host and INSTALL_DEPENDENCIES=false: pull it first (docker pull $lib_image) or set INSTALL_DEPENDENCIES=true"
return 1
}
dw() {
cx=${lib_image%%/*} d5=''
case $cx in
"$lib_image") cx='' ;;
*.dkr.ecr.*.amazonaws.com | *.dkr.ecr.*.amazonaws.com.cn) d5=1 ;;
esac
if [ -n "$d5" ] && command -v aws >/dev/null 2>&1; then
cv=${cx#*.dkr.ecr.} && cv=${cv%%.*}
bs=$(mktemp -d) || return
cg=$(aws ecr get-login-password --region "$cv" 2>/dev/null </dev/null |
DOCKER_CONFIG=$bs docker login --username AWS --password-stdin "$cx" 2>&1) &&
cg=$(DOCKER_CONFIG=$bs docker pull "$lib_image" 2>&1 </dev/null)
df=$?
rm -rf "$bs"
else
cg=$(b pull "$lib_image" 2>&1)
df=$?
fi
[ $df -ne 0 ] || return 0
h '' image "INSTALL_DEPENDENCIES=true but pulling LIB_IMAGE $lib_image failed: $(printf '%s\n' "$cg" | tail -n 3)"
return 1
}
d2() {
bf=''
while IFS= read -r a1; do
[ -n "$a1" ] || continue
ac "${a1#*"$TAB"}"
ah=${a1%%"$TAB"*}
bm="$target_port $proxy_port $reset_timeout_ms $co $toxicity $al"
cw=$(printf '%s' "$bf" | grep "^$ah " | head -n 1)
if [ -z "$cw" ]; then
bf=$bf"$ah $bm"$NEWLINE
ef "$ah" || return
elif [ "$cw" != "$ah $bm" ]; then
h "$k" start-proxy "$container_name shares its network namespace with a target asking for other proxy settings ($bm vs ${cw#* }): one proxy per namespace"
return 1
fi
done <<EOF
$cq
EOF
}
ef() {
bh=ehc-proxy-$chaos_id-$(printf '%.12s' "$1")
ck=$(b inspect --type container --format '{{.Id}} {{.State.Running}}' "$bh" 2>/dev/null)
case $ck in
*' true')
log "reusing $bh, started by an earlier inject of $chaos_id" &&
bb=$bb$1$TAB${ck%% *}${TAB}0$NEWLINE && return
;;
?*) b rm -f "$bh" >/dev/null 2>&1 ;;
esac
! ao "$k" || return
[ $((al / 1000 - $(j))) -ge "$MIN_LEAD_SECONDS" ] ||
{ h "$k" deadline "deadline $al came too near while starting" && return 1; }
a5=''
[ "$proxy_port" -ge 1024 ] || a5=NET_BIND_SERVICE
c5=$(b run -d --name "$bh" --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW ${a5:+--cap-add} ${a5:+"$a5"} --security-opt no-new-privileges --read-only --tmpfs /run:size=1m --tmpfs /tmp:size=16m --restart on-failure:3 --log-driver json-file --log-opt max-size=5m --log-opt max-file=2 --memory 256m --cpus 0.5 --pids-limit 256 --stop-timeout $((drain_seconds + STOP_MARGIN_SECONDS)) --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=proxy" --label "$LABEL.task-arn=$k" --label "$LABEL.container=$container_name" --label "$LABEL.namespace=$1" --label "$LABEL.deadline=$al" "$lib_image" proxy --id "$chaos_id" --target-port "$target_port" --proxy-port "$proxy_port" --reset-timeout-ms "$reset_timeout_ms" --interface "$co" --toxicity "$toxicity" --until "$al" --drain-s "$drain_seconds" 2>&1)
b3=$(printf '%s' "$c5" | tail -n 1)
if as "$b3"; then
bb=$bb$1$TAB$b3${TAB}1$NEWLINE
return
fi
b rm -f "$bh" >/dev/null 2>&1
h "$k" start-proxy "docker run of the proxy in the network namespace of $1 failed: $c5"
return 1
}
c8() {
dn=$(($(j) + READY_TIMEOUT_SECONDS))
dt=$(($(bd) / 1000))
[ $dt -ge $dn ] || dn=$dt
cu=$(printf '%s' "$bb" | cut -f1,2 | tr '\t' =)
while [ -n "$cu" ]; do
bx=''
for ai in $cu; do
bi=${ai#*=}
b logs "$bi" 2>/dev/null | grep -q '^{"event":"ready"' && continue
a4=$(b inspect --format '{{.State.Status}} {{.RestartCount}}' "$bi" 2>/dev/null)
[ "$a4" = 'running 0' ] ||
{ cl "${ai%%=*}" wait-ready "proxy $bi ended before ready (${a4:-gone}): $(b8 "$bi")" && return 1; }
bx="$bx $ai"
done
cu=$bx
[ -n "$cu" ] || return 0
if [ "$(j)" -ge $dn ]; then
for ai in $cu; do
cl "${ai%%=*}" wait-ready "proxy ${ai#*=} not ready within ${READY_TIMEOUT_SECONDS}s: $(b8 "${ai#*=}")"
done
return 1
fi
c1
done
}
b8() {
b logs --tail 40 "$1" 2>&1 >/dev/null | grep -i error | tail -n 1 | grep . ||
b logs --tail 3 "$1" 2>&1 | tr '\n' ' '
}
cl() {
printf '%s' "$cq" | while IFS=$TAB read -r d4 _ _ eb _; do
[ "$d4" != "$1" ] || h "$eb" "$2" "$3"
done
}
bg() { printf '%s' "$bb" | awk -F "$TAB" -v f="$1" '$3 == 1 { print $f }'; }
bo() {
ch=$(bg 2)
if [ -n "$ch" ]; then
# shellcheck disable=SC2086
b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $ch >/dev/null 2>&1
# shellcheck disable=SC2086
b rm -f $ch >/dev/null 2>&1
for ah in $(bg 1); do
b6 "$ah" || { log "undo: $cb" && ab="$ab $ah"; }
done
fi
[ -z "$c6" ] || [ -n "$ab" ] || printf '%s' "$bb" | grep -q "${TAB}0\$" ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
log 'removed what this inject started'
ar 1
}
cy() {
printf '%s' "$cq" | while IFS= read -r a1; do
ac "${a1#*"$TAB"}"
ah=${a1%%"$TAB"*}
printf '{"event":"ready","instance":"%s","task":"%s","container":"%s","namespace":"%s","proxy":"%s","deadline":%s}\n' "$aa" "$k" "$container_name" "$ah" "$(printf '%s' "$bb" | grep "^$ah$TAB" | head -n 1 | cut -f2)" "$al"
done
}
d9() {
ap=ehc-reaper-$chaos_id
cr=$(b inspect --type container --format '{{.State.Running}}' "$ap" 2>/dev/null)
[ "$cr" != true ] || { log "$ap is already armed" && return; }
[ -z "$cr" ] || b rm -f "$ap" >/dev/null 2>&1
ae=${DOCKER_HOST:-unix:///var/run/docker.sock}
case $ae in unix:///*) ae=${ae#unix://} ;; *) ae='' ;; esac
case $ae in *[!A-Za-z0-9_./-]*) ae='' ;; esac
if [ -z "$ae" ] || [ ! -S "$ae" ]; then
h '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(a2 "${DOCKER_HOST-}") names none"
return 1
fi
a7=''
[ ! -d "$ECS_DATA_DIR" ] || a7=type=bind,source=$ECS_DATA_DIR,target=$ECS_DATA_DIR,readonly
c2=$(b run -d --name "$ap" --restart on-failure:5 --pid host --network none --user 0 --cap-drop ALL --security-opt no-new-privileges --memory 128m --pids-limit 128 --log-driver json-file --log-opt max-size=1m --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=reaper" --label "$LABEL.deadline=$(bd)" --mount "type=bind,source=$ae,target=/var/run/docker.sock" --mount "type=bind,source=$STATE_DIR,target=$STATE_DIR" ${a7:+--mount} ${a7:+"$a7"} -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$STATE_DIR" -e "ECS_HOST_DATA_DIR=$ECS_DATA_DIR" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$aa" -e "P=$(dx)" --entrypoint sh "$lib_image" "$SCRIPT_IN_IMAGE" 2>&1)
if ! as "$(printf '%s' "$c2" | tail -n 1)"; then
b rm -f "$ap" >/dev/null 2>&1
h '' reaper "could not start the reaper: $c2"
return 1
fi
c6=1
db
}
dx() {
printf 'ehc1\trevert\t%s\t%s\t%s\t%s\t%s\n%s' "$chaos_id" "$lib_image" "$install_dependencies" "$drain_seconds" "$grace_seconds" "$ad" | base64 | tr -d '\n'
}
db() {
eo=$(($(j) + READY_TIMEOUT_SECONDS))
until b logs "$ap" 2>&1 | grep -q 'reaper armed'; do
if [ "$(b inspect --format '{{.State.Status}}' "$ap" 2>/dev/null)" != running ] ||
[ "$(j)" -ge $eo ]; then
h '' reaper "the reaper did not arm (is $lib_image an ecs-http-chaos image with $SCRIPT_IN_IMAGE?): $(b logs --tail 5 "$ap" 2>&1)"
return 1
fi
c1
done
}
ci() {
c7=$(($(bd) / 1000 + grace_seconds))
log "reaper armed: revert of $chaos_id at epoch $c7"
while [ "$(j)" -lt $c7 ]; do
cf=$((c7 - $(j)))
[ $cf -le 30 ] || cf=30
sleep $cf
done
}
ej() {
[ "$IS_REAPER" = 0 ] || ci
dg=revert
[ "$IS_REAPER" = 0 ] || dg=reaper
if ! bz || ! echo "reverted at $(j) by $dg" >"$(a8)"; then
h '' tombstone "cannot write $(a8): a late inject of $chaos_id would not be refused"
ba=1
fi
[ "$IS_REAPER" = 0 ] || [ ! -w "$STATE_DIR" ] || exec >>"$STATE_DIR/reaped-$chaos_id.log"
bn || ar 1
ds
aq=$(a0 2>&1) ||
{ h '' stop-proxy "docker ps: $aq" && ar 1; }
ea "$aq"
dh
[ -n "$ab" ] || [ "$ba" = 1 ] || [ "$IS_REAPER" = 1 ] ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
bq=$(a0 2>/dev/null |
awk -F '|' -v r="$IS_REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
[ -z "$bq" ] || { h '' cleanup "still present after revert: $bq" && ba=1; }
b5
[ -z "$ab$bq" ] && [ "$ba" = 0 ]
ar $?
}
ea() {
b9=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
[ -n "$b9" ] || return 0
# shellcheck disable=SC2086
eg=$(b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $b9 2>&1) ||
log "docker stop: $eg"
for b3 in $b9; do
ct=$(b logs "$b3" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
ce=$(printf '%s\n' "$ct" | grep -v '"reason":"deadline-passed"' | tail -n 1)
[ -n "$ce" ] || ce=$(printf '%s\n' "$ct" | tail -n 1)
aw=$aw$(printf '%s\n' "$1" | grep "^$b3|")"|${ce:-null}"$NEWLINE
done
# shellcheck disable=SC2086
b rm -f $b9 >/dev/null 2>&1
}
dh() {
bv=$(printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && bt && echo "$k|$container_name|$av"
done)
ep=$(printf '%s' "$aw" | cut -d'|' -f4)$NEWLINE$(printf '%s' "$bv" | cut -d'|' -f3)
for ah in $(printf '%s\n' "$ep" | sort -u); do
as "$ah" || continue
if [ -z "$aw" ] && ! b image inspect "$lib_image" >/dev/null 2>&1; then
log "no proxy of $chaos_id ran here and $lib_image is absent: nothing of ours can be in $ah"
elif ! b6 "$ah"; then
ab="$ab $ah"
h '' cleanup "$cb"
fi
done
}
b5() {
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" &&
a3=$(printf '%s\n' "$bv" |
awk -F '|' -v t="$k" -v c="$container_name" '$1 == t && $2 == c { print $3; exit }')
a3=${a3:-none}
d3=$(ca "$aw" "$a3")
b4=0
case " $ab " in *" $a3 "*) b4=1 ;; esac
[ -z "$bq" ] || b4=1
printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' "$aa" "$k" "$(printf '%s' "${d3:-||||||null}" | cut -d'|' -f7)" "$(dy $b4)"
done
}
ca() {
printf '%s\n' "$1" | awk -F '|' -v n="$2" -v t="$k" -v c="$container_name" '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
ek() {
bn || ar 1
aq=$(a0 2>&1) ||
{ h '' docker "docker ps: $aq" && ar 1; }
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && dv
case $(ca "$aq" "$namespace" | cut -d'|' -f2) in
running) a4=running ;;
'') a4=absent ;;
*) a4=exited ;;
esac
printf '{"event":"status","instance":"%s","task":"%s","state":"%s"}\n' "$aa" "$k" "$a4"
done
ar 0
}
dv() {
namespace=none
! bt || namespace=$av
}
er() {
cs
d8
bc ECS_HTTP_CHAOS_STATE_DIR "$STATE_DIR"
bc ECS_HOST_DATA_DIR "$ECS_DATA_DIR"
case $IS_REAPER$mode in
0* | 1revert) ;;
*) y "ECS_HTTP_CHAOS_REAPER $(a2 "$IS_REAPER") must be 0, or 1 in revert mode" ;;
esac
ag=$STATE_DIR/lock-$chaos_id
log "$mode of chaos id $chaos_id on $aa: $(printf '%s' "$ad" | grep -c .) target(s) here"
case $mode in
inject) ei ;;
revert) ej ;;
status) ek ;;
esac
}
er
