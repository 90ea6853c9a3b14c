# shellcheck shell=sh # ecs-http-chaos host script, built from src/host/sh by make host-script
export LC_ALL=C
umask 077
set -o nounset
TAB=$(printf '\t')
NEWLINE='
'
LABEL=io.ecs-http-chaos
SCRIPT_MODES='inject revert status'
SCRIPT_IN_IMAGE=/opt/ecs-http-chaos/dist/host/host.sh
MIN_LEAD_SECONDS=3
READY_TIMEOUT_SECONDS=30
LOCK_WAIT_SECONDS=60
STOP_MARGIN_SECONDS=10
STATE_DIR=${ECS_HTTP_CHAOS_STATE_DIR:-/var/lib/ecs-http-chaos}
ECS_DATA_DIR=${ECS_HOST_DATA_DIR:-/var/lib/ecs}
IS_REAPER=${ECS_HTTP_CHAOS_REAPER:-0}
aa='' mode='' chaos_id='' lib_image='' install_dependencies='' pull_policy=''
drain_seconds='' grace_seconds='' dq=''
ad=''
ag='' ee='' aw='' az=0
cy=''
bg=''
dh=''
ay=''
ab=''
bv=''
b1=''
bf=0
log() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }
j() { date +%s; }
da() { sleep 0.2 2>/dev/null || sleep 1; }
et() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
ec() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }
a4() {
if [ ${#1} -gt 60 ]; then
printf "'%.60s...' (%s chars)" "$1" ${#1}
else
printf "'%s'" "$1"
fi
}
h() {
printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' "$aa" "$1" "$2" "$(et "$3")"
log "$2${1:+ ($1)}: $3"
}
au() {
[ -z "$ee" ] || rm -rf "$ag"
case $mode in
inject | revert | status)
printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' "$aa" "$mode" "$(ec "$1")"
;;
esac
if [ "$IS_REAPER" = 1 ] && [ "$1" = 0 ] && [ "$mode" = revert ]; then
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
fi
exit "$1"
}
x() {
h '' validate "payload rejected, nothing was done: $1"
au 2
}
b() { docker "$@" </dev/null; }
bs() {
if ! command -v docker >/dev/null 2>&1; then
h '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
return 1
fi
ef=$(b version --format '{{.Server.Version}}' 2>&1) && return
h '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $ef"
return 1
}
a2() {
b ps -a --no-trunc --filter "label=$LABEL.chaos-id=$chaos_id" --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
el() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }
av() { el "$1" && [ ${#1} -eq 64 ]; }
cx() {
case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac &&
[ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
dr() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }
bp() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }
bo() {
case $1 in
i-*) set -- "${1#i-}" 8 17 ;;
mi-*) set -- "${1#mi-}" 17 17 ;;
*) return 1 ;;
esac
el "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}
e1() {
case $1 in '' | *[!a-z0-9-]* | *--* | -* | *-) return 1 ;; esac
case ${1##*-} in [0-9] | [0-9][0-9]) set -- "${1%-*}" ;; *) return 1 ;; esac
case ${1##*-} in
central | north | south | east | west | northeast | northwest | southeast | southwest) ;;
*) return 1 ;;
esac
case $1 in *-*) set -- "${1%-*}" ;; *) return 1 ;; esac
case $1 in
*-*) bp "${1%-*}" && bp "${1#*-}" ;;
*) bp "$1" ;;
esac
}
ex() {
case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
el "$1" && [ ${#1} -eq 32 ]
}
bn() {
case $1 in arn:aws*:ecs:*:*:task/*/*) af=${1#arn:aws} ;; *) return 1 ;; esac
case ${af%%:*} in *[!a-z-]*) return 1 ;; esac
af=${af#*:}
case $af in ecs:*) af=${af#ecs:} ;; *) return 1 ;; esac
e1 "${af%%:*}" || return
af=${af#*:}
case $af in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) af=${af#*:task/} ;;
*) return 1 ;;
esac
dr "${af%%/*}" && ex "${af#*/}" && printf '%s' "${af%%/*}"
}
d9() {
ai=$2
case $1 in
format)
l=ehc2
[ "$ai" = ehc2 ]
;;
mode)
l='inject|revert|status'
case $ai in inject | revert | status) ;; *) false ;; esac
;;
chaos_id)
l='[a-z0-9-]{1,64}'
case $ai in '' | *[!a-z0-9-]*) false ;; *) [ ${#ai} -le 64 ] ;; esac
;;
lib_image)
l='[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}'
case $ai in
[A-Za-z0-9]*) case $ai in *[!A-Za-z0-9._/:@-]*) false ;; *) [ ${#ai} -le 255 ] ;; esac ;;
*) false ;;
esac
;;
install_dependencies)
l='true|false'
case $ai in true | false) ;; *) false ;; esac
;;
pull_policy)
l='Always|IfNotPresent|Never'
case $ai in Always | IfNotPresent | Never) ;; *) false ;; esac
;;
drain_seconds)
l=0-60
cx "$ai" 0 60
;;
grace_seconds)
l=0-3600
cx "$ai" 0 3600
;;
instance_id)
l='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}'
bo "$ai"
;;
cluster_name | container_name)
l='[A-Za-z0-9_-]{1,255}'
dr "$ai"
;;
task_ARN)
l='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>'
bn "$ai" >/dev/null
;;
docker_runtime_id)
l='[0-9a-f]{64} or -'
[ "$ai" = - ] || av "$ai"
;;
network_mode)
l='bridge|awsvpc'
case $ai in bridge | awsvpc) ;; *) false ;; esac
;;
target_port | proxy_port)
l=1-65535
cx "$ai" 1 65535
;;
reset_timeout_ms)
l=0-86400000
cx "$ai" 0 86400000
;;
interface)
l='auto or [A-Za-z0-9_.-]{1,15}'
case $ai in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#ai} -le 15 ] ;; esac
;;
toxicity)
l=0-100
cx "$ai" 0 100
;;
deadline)
l='epoch ms, 13 digits, no leading 0'
case $ai in '' | 0* | *[!0-9]*) false ;; *) [ ${#ai} -eq 13 ] ;; esac
;;
esac
}
dc() {
b6=$1 ck=$2
shift 2
es=$*
dp=$(($(printf '%s' "$ck" | tr -cd '\t' | wc -c) + 1))
[ "$dp" -eq $# ] || x "$b6 has $dp fields, not $#"
case $TAB$ck$TAB in *"$TAB$TAB"*) x "$b6 has an empty field" ;; esac
set -f
IFS=$TAB
# shellcheck disable=SC2086
set -- $ck
unset IFS
set +f
for d2 in $es; do
d9 "$d2" "$1" ||
x "$b6: $(echo "$d2" | tr _ ' ') is $(a4 "$1"); rule: $l"
shift
done
}
ac() {
IFS=$TAB read -r eg cluster k container_name c8 _ target_port proxy_port reset_timeout_ms cw toxicity al <<EOF
$1
EOF
}
c1() {
if [ -n "${AWS_SSM_INSTANCE_ID-}" ]; then
bo "$AWS_SSM_INSTANCE_ID" && aa=$AWS_SSM_INSTANCE_ID && return
h '' validate "AWS_SSM_INSTANCE_ID $(a4 "$AWS_SSM_INSTANCE_ID") is not an instance id"
exit 2
fi
y=${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}
case ${y%/} in
*[!A-Za-z0-9.:/-]*) y='' ;;
http://* | https://*) y=${y%/} ;;
*) y='' ;;
esac
if [ -n "$y" ] && command -v curl >/dev/null 2>&1; then
d3=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$y/latest/api/token" 2>/dev/null)
case $d3 in
'' | *[!A-Za-z0-9_=+/-]*) ;;
*)
c9=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $d3" "$y/latest/meta-data/instance-id" 2>/dev/null) &&
bo "$c9" && aa=$c9 && return
;;
esac
fi
h '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${y:-no valid endpoint}; needs curl) gave no instance id"
exit 1
}
en() {
case ${P-} in
'') x "P is empty; the command must begin with P='<base64>'" ;;
*[!A-Za-z0-9+/=]*) x 'P holds characters outside the base64 alphabet' ;;
esac
if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then
x 'P is not valid base64'
fi
ak=0
while IFS= read -r de; do
ak=$((ak + 1))
[ $ak -le 5000 ] || x 'over 5000 lines'
if [ $ak -eq 1 ]; then
eu "$de"
else
d0 "target line $((ak - 1))" "$de"
fi
done <<EOF
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
EOF
}
eu() {
dc header "$1" format mode chaos_id lib_image install_dependencies pull_policy drain_seconds grace_seconds
IFS=$TAB read -r _ mode chaos_id lib_image install_dependencies pull_policy drain_seconds grace_seconds <<EOF
$1
EOF
dq=${1#*"$TAB"*"$TAB"}
}
d0() {
dc "$1" "$2" instance_id cluster_name task_ARN container_name docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
ac "$2"
[ "$target_port" != "$proxy_port" ] || x "$1: proxy port equals target port"
[ "$(bn "$k")" = "$cluster" ] || x "$1: the task ARN names another cluster"
[ "$eg" != "$aa" ] || ad=$ad$2$NEWLINE
}
bh() {
case $2 in
/*[!A-Za-z0-9_./-]* | [!/]* | '') x "$1 $(a4 "$2") must be an absolute path of [A-Za-z0-9_./-]" ;;
esac
}
bi() { printf '%s' "$ad" | cut -f12 | sort -n | tail -n 1; }
b4() {
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR" || return
find "$STATE_DIR/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 -exec rm -f {} + 2>/dev/null
return 0
}
bb() { printf '%s/tombstone-%s' "$STATE_DIR" "$chaos_id"; }
bw() {
e2=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${e2##*') '}" | cut -d' ' -f20
}
b5() {
aw=$(cat "$ag/owner" 2>/dev/null) || aw=''
if [ -z "$aw" ]; then
az=$((az + 1))
[ $az -ge 5 ] || return 1
elif [ "$(bw "${aw%% *}")" = "$(echo "$aw" | cut -d' ' -f2)" ]; then
return 1
fi
log "removing the stale lock $ag (its holder ${aw:-?} is gone)"
mv "$ag" "$ag.$$" 2>/dev/null || return
if [ "$(cat "$ag.$$/owner" 2>/dev/null)" = "$aw" ]; then
rm -rf "$ag.$$"
else
mv "$ag.$$" "$ag"
fi
az=0
}
e3() {
d4=$(($(j) + LOCK_WAIT_SECONDS))
until mkdir "$ag" 2>/dev/null; do
b5 && continue
[ "$(j)" -lt $d4 ] || return
sleep 1
done
ee=1
echo "$$ $(bw $$) $(j)" >"$ag/owner"
}
d6() {
dl=$(($(j) + LOCK_WAIT_SECONDS))
while [ -d "$ag" ]; do
b5 && continue
[ "$(j)" -lt $dl ] ||
{ log "an inject still holds $ag; reverting anyway (the tombstone stops it)" && return; }
sleep 1
done
}
ao() {
[ -e "$(bb)" ] || return 1
h "${1-}" tombstone "chaos id $chaos_id was already reverted on this host ($(cat "$(bb)")): refusing a late inject"
}
a0() {
a9=''
IFS='|' read -r a9 bd dy a1 bu cv <<EOF
$(b inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
EOF
av "$a9"
}
b7() {
dz=$(b ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$k" --filter "label=com.amazonaws.ecs.container-name=$container_name" --format '{{.ID}} {{.State}}' 2>&1) ||
{ cj="docker ps: $dz" && return 1; }
container=$(printf '%s\n' "$dz" | grep ' running$' | cut -d' ' -f1)
case $container in
*"$NEWLINE"*) cj="several running containers carry the ECS labels of $container_name of $k" && return 1 ;;
esac
container=${container:-$(printf '%s\n' "$dz" | head -n 1 | cut -d' ' -f1)}
[ -n "$container" ] ||
cj="no container $container_name of $k on this host (no ECS metadata file $b0, no container with its ECS labels)"
[ -n "$container" ]
}
bz() {
container='' dn=find-container cj=''
b0=$ECS_DATA_DIR/data/metadata/$cluster/${k##*/}/$container_name/ecs-container-metadata.json
if [ "$c8" != - ]; then
a0 "$c8" ||
{ cj="no container $c8 (the runtime id ECS reported for $container_name of $k) on this host" && return 1; }
else
[ ! -f "$b0" ] ||
container=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$b0" | head -n 1)
if [ -z "$container" ] || ! a0 "$container"; then
if ! b7 || ! a0 "$container"; then
cj=${cj:-"$container vanished"}
return 1
fi
fi
fi
container=$a9 dk=$bd dw=$dy
ax=$a9 b2=$bd
[ "$bu|$cv" = "$k|$container_name" ] ||
{ cj="container $container is not $container_name of $k: its ECS labels say $(a4 "$cv") of $(a4 "$bu")" && return 1; }
case $a1 in
container:*)
a0 "${a1#container:}" ||
{ cj="$container_name of $k joins the network of ${a1#container:}, which is not on this host" && return 1; }
ax=$a9 b2=$bd
;;
esac
[ "$a1" != host ] && return
dn=network-mode
cj="$container_name of $k uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
return 1
}
cb() {
[ "$(b inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
b image inspect "$lib_image" >/dev/null 2>&1 ||
{ cj="LIB_IMAGE $lib_image is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
cs=$(b run --rm --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=cleanup" "$lib_image" cleanup --id "$chaos_id" 2>&1)
case $(printf '%s\n' "$cs" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
cj="cleanup --id $chaos_id in the namespace of $1 did not end clean: $(printf '%s\n' "$cs" | tail -n 3 | tr '\n' ' ')"
return 1
}
ey() {
[ -n "$ad" ] ||
{ h '' validate "no target line names instance $aa: nothing to inject here" && au 1; }
bs || au 1
b4 || { h '' lock "cannot create the state directory $STATE_DIR" && au 1; }
! ao || au 1
e3 ||
{ h '' lock "another inject of $chaos_id has held $ag (${aw:-?}) for over ${LOCK_WAIT_SECONDS}s" && au 1; }
if ao || ! em || ! dx; then au 1; fi
eo || bt
eh || bt
dj || bt
! ao || bt
c7
au 0
}
em() {
ce=0
while IFS= read -r am; do
[ -n "$am" ] || continue
ac "$am"
if [ $((al / 1000 - $(j))) -lt "$MIN_LEAD_SECONDS" ]; then
h "$k" deadline "deadline $al is $((al / 1000 - $(j)))s away: too near to start a fault (${MIN_LEAD_SECONDS}s at least)"
elif ! bz; then
h "$k" "$dn" "$cj"
elif [ "$dk$b2" != truetrue ]; then
h "$k" find-container "container $container_name of $k ($container) is not running (status $dw; its namespace owner $ax running: $b2)"
else
cy=$cy$ax$TAB$am$NEWLINE
continue
fi
ce=1
done <<EOF
$ad
EOF
return $ce
}
dx() {
bq=$(b image inspect --format 1 "$lib_image" 2>/dev/null)
ci=LIB_IMAGE_PULL_POLICY=$pull_policy
[ "$install_dependencies" = true ] || ci=INSTALL_DEPENDENCIES=false
case $ci in
*=Always) cz; return ;;
*=IfNotPresent) [ -n "$bq" ] || cz; return ;;
esac
[ -z "$bq" ] || return 0
h '' image "LIB_IMAGE $lib_image is not on this host and $ci: pull it there, or set INSTALL_DEPENDENCIES=true and LIB_IMAGE_PULL_POLICY=IfNotPresent"
return 1
}
cz() {
c6=${lib_image%%/*} ek=''
case $c6 in
"$lib_image") c6='' ;;
*.dkr.ecr.*.amazonaws.com | *.dkr.ecr.*.amazonaws.com.cn) ek=1 ;;
esac
if [ -n "$ek" ] && command -v aws >/dev/null 2>&1; then
c4=${c6#*.dkr.ecr.} && c4=${c4%%.*}
bx=$(mktemp -d) || return
co=$(aws ecr get-login-password --region "$c4" 2>/dev/null </dev/null |
DOCKER_CONFIG=$bx docker login --username AWS --password-stdin "$c6" 2>&1) &&
co=$(DOCKER_CONFIG=$bx docker pull "$lib_image" 2>&1 </dev/null)
ds=$?
rm -rf "$bx"
else
co=$(b pull "$lib_image" 2>&1)
ds=$?
fi
[ $ds -ne 0 ] || { log "pulled $lib_image" && return; }
h '' image "pulling LIB_IMAGE $lib_image ($ci${bq:+; the tag is here}) failed: $(printf '%s\n' "$co" | tail -n 3)"
return 1
}
eh() {
bj=''
while IFS= read -r a3; do
[ -n "$a3" ] || continue
ac "${a3#*"$TAB"}"
ah=${a3%%"$TAB"*}
br="$target_port $proxy_port $reset_timeout_ms $cw $toxicity $al"
c5=$(printf '%s' "$bj" | grep "^$ah " | head -n 1)
if [ -z "$c5" ]; then
bj=$bj"$ah $br"$NEWLINE
ev "$ah" || return
elif [ "$c5" != "$ah $br" ]; then
h "$k" start-proxy "$container_name shares its network namespace with a target asking for other proxy settings ($br vs ${c5#* }): one proxy per namespace"
return 1
fi
done <<EOF
$cy
EOF
}
ev() {
bl=ehc-proxy-$chaos_id-$(printf '%.12s' "$1")
ct=$(b inspect --type container --format '{{.Id}} {{.State.Running}}' "$bl" 2>/dev/null)
case $ct in
*' true')
log "reusing $bl, started by an earlier inject of $chaos_id" &&
bg=$bg$1$TAB${ct%% *}${TAB}0$NEWLINE && return
;;
?*) b rm -f "$bl" >/dev/null 2>&1 ;;
esac
! ao "$k" || return
[ $((al / 1000 - $(j))) -ge "$MIN_LEAD_SECONDS" ] ||
{ h "$k" deadline "deadline $al came too near while starting" && return 1; }
a8=''
[ "$proxy_port" -ge 1024 ] || a8=NET_BIND_SERVICE
dg=$(b run -d --name "$bl" --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW ${a8:+--cap-add} ${a8:+"$a8"} --security-opt no-new-privileges --read-only --tmpfs /run:size=1m --tmpfs /tmp:size=16m --restart on-failure:3 --log-driver json-file --log-opt max-size=5m --log-opt max-file=2 --memory 256m --cpus 0.5 --pids-limit 256 --stop-timeout $((drain_seconds + STOP_MARGIN_SECONDS)) --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=proxy" --label "$LABEL.task-arn=$k" --label "$LABEL.container=$container_name" --label "$LABEL.namespace=$1" --label "$LABEL.deadline=$al" "$lib_image" proxy --id "$chaos_id" --target-port "$target_port" --proxy-port "$proxy_port" --reset-timeout-ms "$reset_timeout_ms" --interface "$cw" --toxicity "$toxicity" --until "$al" --drain-s "$drain_seconds" 2>&1)
b8=$(printf '%s' "$dg" | tail -n 1)
if av "$b8"; then
bg=$bg$1$TAB$b8${TAB}1$NEWLINE
return
fi
b rm -f "$bl" >/dev/null 2>&1
h "$k" start-proxy "docker run of the proxy in the network namespace of $1 failed: $dg"
return 1
}
dj() {
d1=$(($(j) + READY_TIMEOUT_SECONDS))
d7=$(($(bi) / 1000))
[ $d7 -ge $d1 ] || d1=$d7
c3=$(printf '%s' "$bg" | cut -f1,2 | tr '\t' =)
while [ -n "$c3" ]; do
b3=''
for aj in $c3; do
bm=${aj#*=}
b logs "$bm" 2>/dev/null | grep -q '^{"event":"ready"' && continue
a7=$(b inspect --format '{{.State.Status}} {{.RestartCount}}' "$bm" 2>/dev/null)
[ "$a7" = 'running 0' ] ||
{ cu "${aj%%=*}" wait-ready "proxy $bm ended before ready (${a7:-gone}): $(cf "$bm")" && return 1; }
b3="$b3 $aj"
done
c3=$b3
[ -n "$c3" ] || return 0
if [ "$(j)" -ge $d1 ]; then
for aj in $c3; do
cu "${aj%%=*}" wait-ready "proxy ${aj#*=} not ready within ${READY_TIMEOUT_SECONDS}s: $(cf "${aj#*=}")"
done
return 1
fi
da
done
}
cf() {
b logs --tail 40 "$1" 2>&1 >/dev/null | grep -i error | tail -n 1 | grep . ||
b logs --tail 3 "$1" 2>&1 | tr '\n' ' '
}
cu() {
printf '%s' "$cy" | while IFS=$TAB read -r ej _ _ er _; do
[ "$ej" != "$1" ] || h "$er" "$2" "$3"
done
}
bk() { printf '%s' "$bg" | awk -F "$TAB" -v f="$1" '$3 == 1 { print $f }'; }
bt() {
cq=$(bk 2)
if [ -n "$cq" ]; then
# shellcheck disable=SC2086
b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $cq >/dev/null 2>&1
# shellcheck disable=SC2086
b rm -f $cq >/dev/null 2>&1
for ah in $(bk 1); do
cb "$ah" || { log "undo: $cj" && ab="$ab $ah"; }
done
fi
[ -z "$dh" ] || [ -n "$ab" ] || printf '%s' "$bg" | grep -q "${TAB}0\$" ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
log 'removed what this inject started'
au 1
}
c7() {
printf '%s' "$cy" | while IFS= read -r a3; do
ac "${a3#*"$TAB"}"
ah=${a3%%"$TAB"*}
printf '{"event":"ready","instance":"%s","task":"%s","container":"%s","namespace":"%s","proxy":"%s","deadline":%s}\n' "$aa" "$k" "$container_name" "$ah" "$(printf '%s' "$bg" | grep "^$ah$TAB" | head -n 1 | cut -f2)" "$al"
done
}
eo() {
ap=ehc-reaper-$chaos_id
c0=$(b inspect --type container --format '{{.State.Running}}' "$ap" 2>/dev/null)
[ "$c0" != true ] || { log "$ap is already armed" && return; }
[ -z "$c0" ] || b rm -f "$ap" >/dev/null 2>&1
ae=${DOCKER_HOST:-unix:///var/run/docker.sock}
case $ae in unix:///*) ae=${ae#unix://} ;; *) ae='' ;; esac
case $ae in *[!A-Za-z0-9_./-]*) ae='' ;; esac
if [ -z "$ae" ] || [ ! -S "$ae" ]; then
h '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(a4 "${DOCKER_HOST-}") names none"
return 1
fi
ba=''
[ ! -d "$ECS_DATA_DIR" ] || ba=type=bind,source=$ECS_DATA_DIR,target=$ECS_DATA_DIR,readonly
db=$(b run -d --name "$ap" --restart on-failure:5 --pid host --network none --user 0 --cap-drop ALL --security-opt no-new-privileges --memory 128m --pids-limit 128 --log-driver json-file --log-opt max-size=1m --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=reaper" --label "$LABEL.deadline=$(bi)" --mount "type=bind,source=$ae,target=/var/run/docker.sock" --mount "type=bind,source=$STATE_DIR,target=$STATE_DIR" ${ba:+--mount} ${ba:+"$ba"} -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$STATE_DIR" -e "ECS_HOST_DATA_DIR=$ECS_DATA_DIR" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$aa" -e "P=$(eb)" --entrypoint sh "$lib_image" "$SCRIPT_IN_IMAGE" 2>&1)
if ! av "$(printf '%s' "$db" | tail -n 1)"; then
b rm -f "$ap" >/dev/null 2>&1
h '' reaper "could not start the reaper: $db"
return 1
fi
dh=1
dm
}
eb() {
printf 'ehc2\trevert\t%s\n%s' "$dq" "$ad" | base64 | tr -d '\n'
}
dm() {
e4=$(($(j) + READY_TIMEOUT_SECONDS))
until b logs "$ap" 2>&1 | grep -q 'reaper armed'; do
if [ "$(b inspect --format '{{.State.Status}}' "$ap" 2>/dev/null)" != running ] ||
[ "$(j)" -ge $e4 ]; then
h '' reaper "the reaper did not arm (is $lib_image an ecs-http-chaos image with $SCRIPT_IN_IMAGE?): $(b logs --tail 5 "$ap" 2>&1)"
return 1
fi
da
done
}
cr() {
di=$(($(bi) / 1000 + grace_seconds))
log "reaper armed: revert of $chaos_id at epoch $di"
while [ "$(j)" -lt $di ]; do
cm=$((di - $(j)))
[ $cm -le 30 ] || cm=30
sleep $cm
done
}
ez() {
[ "$IS_REAPER" = 0 ] || cr
dt=revert
[ "$IS_REAPER" = 0 ] || dt=reaper
if ! b4 || ! echo "reverted at $(j) by $dt" >"$(bb)"; then
h '' tombstone "cannot write $(bb): a late inject of $chaos_id would not be refused"
bf=1
fi
[ "$IS_REAPER" = 0 ] || [ ! -w "$STATE_DIR" ] || exec >>"$STATE_DIR/reaped-$chaos_id.log"
bs || au 1
d6
aq=$(a2 2>&1) ||
{ h '' stop-proxy "docker ps: $aq" && au 1; }
ep "$aq"
dv
[ -n "$ab" ] || [ "$bf" = 1 ] || [ "$IS_REAPER" = 1 ] ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
bv=$(a2 2>/dev/null |
awk -F '|' -v r="$IS_REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
[ -z "$bv" ] || { h '' cleanup "still present after revert: $bv" && bf=1; }
ca
[ -z "$ab$bv" ] && [ "$bf" = 0 ]
au $?
}
ep() {
cg=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
[ -n "$cg" ] || return 0
# shellcheck disable=SC2086
ew=$(b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $cg 2>&1) ||
log "docker stop: $ew"
for b8 in $cg; do
c2=$(b logs "$b8" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
cl=$(printf '%s\n' "$c2" | grep -v '"reason":"deadline-passed"' | tail -n 1)
[ -n "$cl" ] || cl=$(printf '%s\n' "$c2" | tail -n 1)
ay=$ay$(printf '%s\n' "$1" | grep "^$b8|")"|${cl:-null}"$NEWLINE
done
# shellcheck disable=SC2086
b rm -f $cg >/dev/null 2>&1
}
dv() {
b1=$(printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && bz && echo "$k|$container_name|$ax"
done)
e5=$(printf '%s' "$ay" | cut -d'|' -f4)$NEWLINE$(printf '%s' "$b1" | cut -d'|' -f3)
for ah in $(printf '%s\n' "$e5" | sort -u); do
av "$ah" || continue
if [ -z "$ay" ] && ! b image inspect "$lib_image" >/dev/null 2>&1; then
log "no proxy of $chaos_id ran here and $lib_image is absent: nothing of ours can be in $ah"
elif ! cb "$ah"; then
ab="$ab $ah"
h '' cleanup "$cj"
fi
done
}
ca() {
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" &&
a5=$(printf '%s\n' "$b1" |
awk -F '|' -v t="$k" -v c="$container_name" '$1 == t && $2 == c { print $3; exit }')
a5=${a5:-none}
ei=$(ch "$ay" "$a5")
b9=0
case " $ab " in *" $a5 "*) b9=1 ;; esac
[ -z "$bv" ] || b9=1
printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' "$aa" "$k" "$(printf '%s' "${ei:-||||||null}" | cut -d'|' -f7)" "$(ec $b9)"
done
}
ch() {
printf '%s\n' "$1" | awk -F '|' -v n="$2" -v t="$k" -v c="$container_name" '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
e0() {
bs || au 1
aq=$(a2 2>&1) ||
{ h '' docker "docker ps: $aq" && au 1; }
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && ea
d5=$(ch "$aq" "$namespace")
case $(printf '%s' "$d5" | cut -d'|' -f2) in
running) a7=running ;;
'') a7=absent ;;
*) a7=exited ;;
esac
a6=$(d8 "$d5")
printf '{"event":"status","instance":"%s","task":"%s","container":"%s","state":"%s",%s"at":%s}\n' "$aa" "$k" "$container_name" "$a7" "$a6" "$(j)"
done
au 0
}
ea() {
namespace=none
! bz || namespace=$ax
}
d8() {
[ -n "$1" ] || return 0
a6=$(b inspect --type container --format '"proxy":"{{.Id}}","restarts":{{.RestartCount}},"exitCode":{{.State.ExitCode}},"oomKilled":{{.State.OOMKilled}},"finishedAt":"{{.State.FinishedAt}}",' "${1%%|*}" 2>/dev/null)
case $a6 in *[!A-Za-z0-9_\":,.+-]*) a6='' ;; esac
printf '%s' "$a6"
}
e6() {
c1
en
bh ECS_HTTP_CHAOS_STATE_DIR "$STATE_DIR"
bh ECS_HOST_DATA_DIR "$ECS_DATA_DIR"
case $IS_REAPER$mode in
0* | 1revert) ;;
*) x "ECS_HTTP_CHAOS_REAPER $(a4 "$IS_REAPER") must be 0, or 1 in revert mode" ;;
esac
case " $SCRIPT_MODES " in
*" $mode "*) ;;
*) x "mode $mode: this build of the host script runs $SCRIPT_MODES only" ;;
esac
ag=$STATE_DIR/lock-$chaos_id
log "$mode of chaos id $chaos_id on $aa: $(printf '%s' "$ad" | grep -c .) target(s) here"
case $mode in
inject) ey ;;
revert) ez ;;
status) e0 ;;
esac
}
e6
