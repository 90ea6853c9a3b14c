# shellcheck shell=sh # ecs-http-chaos host script (revert only), built from src/host/sh by make host-script
export LC_ALL=C
umask 077
set -o nounset
TAB=$(printf '\t')
NEWLINE='
'
LABEL=io.ecs-http-chaos
SCRIPT_MODES='revert'
SCRIPT_IN_IMAGE=/opt/ecs-http-chaos/dist/host/host.sh
MIN_LEAD_SECONDS=3
READY_TIMEOUT_SECONDS=30
LOCK_WAIT_SECONDS=60
STOP_MARGIN_SECONDS=10
STATE_DIR=${ECS_HTTP_CHAOS_STATE_DIR:-/var/lib/ecs-http-chaos}
ECS_DATA_DIR=${ECS_HOST_DATA_DIR:-/var/lib/ecs}
IS_REAPER=${ECS_HTTP_CHAOS_REAPER:-0}
ae='' mode='' chaos_id='' lib_image='' install_dependencies='' pull_policy=''
drain_seconds='' grace_seconds='' ca=''
ai=''
ac='' cv='' ao='' ak=0
dt=''
dv=''
c5=''
aj=''
ah=''
a7=''
ba=''
a0=0
log() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }
l() { date +%s; }
c0() { sleep 0.2 2>/dev/null || sleep 1; }
c9() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
cu() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }
ap() {
if [ ${#1} -gt 60 ]; then
printf "'%.60s...' (%s chars)" "$1" ${#1}
else
printf "'%s'" "$1"
fi
}
x() {
printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' "$ae" "$1" "$2" "$(c9 "$3")"
log "$2${1:+ ($1)}: $3"
}
cl() {
[ -z "$cv" ] || rm -rf "$ac"
case $mode in
inject | revert | status)
printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' "$ae" "$mode" "$(cu "$1")"
;;
esac
if [ "$IS_REAPER" = 1 ] && [ "$1" = 0 ] && [ "$mode" = revert ]; then
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
fi
exit "$1"
}
j() {
x '' validate "payload rejected, nothing was done: $1"
cl 2
}
b() { docker "$@" </dev/null; }
ct() {
if ! command -v docker >/dev/null 2>&1; then
x '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
return 1
fi
cw=$(b version --format '{{.Server.Version}}' 2>&1) && return
x '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $cw"
return 1
}
a1() {
b ps -a --no-trunc --filter "label=$LABEL.chaos-id=$chaos_id" --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
c2() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }
au() { c2 "$1" && [ ${#1} -eq 64 ]; }
bt() {
case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac &&
[ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
cb() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }
a5() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }
a4() {
case $1 in
i-*) set -- "${1#i-}" 8 17 ;;
mi-*) set -- "${1#mi-}" 17 17 ;;
*) return 1 ;;
esac
c2 "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}
dh() {
case $1 in '' | *[!a-z0-9-]* | *--* | -* | *-) return 1 ;; esac
case ${1##*-} in [0-9] | [0-9][0-9]) set -- "${1%-*}" ;; *) return 1 ;; esac
case ${1##*-} in
central | north | south | east | west | northeast | northwest | southeast | southwest) ;;
*) return 1 ;;
esac
case $1 in *-*) set -- "${1%-*}" ;; *) return 1 ;; esac
case $1 in
*-*) a5 "${1%-*}" && a5 "${1#*-}" ;;
*) a5 "$1" ;;
esac
}
dc() {
case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
c2 "$1" && [ ${#1} -eq 32 ]
}
a3() {
case $1 in arn:aws*:ecs:*:*:task/*/*) aa=${1#arn:aws} ;; *) return 1 ;; esac
case ${aa%%:*} in *[!a-z-]*) return 1 ;; esac
aa=${aa#*:}
case $aa in ecs:*) aa=${aa#ecs:} ;; *) return 1 ;; esac
dh "${aa%%:*}" || return
aa=${aa#*:}
case $aa in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) aa=${aa#*:task/} ;;
*) return 1 ;;
esac
cb "${aa%%/*}" && dc "${aa#*/}" && printf '%s' "${aa%%/*}"
}
cr() {
ab=$2
case $1 in
format)
h=ehc2
[ "$ab" = ehc2 ]
;;
mode)
h='inject|revert|status'
case $ab in inject | revert | status) ;; *) false ;; esac
;;
chaos_id)
h='[a-z0-9-]{1,64}'
case $ab in '' | *[!a-z0-9-]*) false ;; *) [ ${#ab} -le 64 ] ;; esac
;;
lib_image)
h='[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}'
case $ab in
[A-Za-z0-9]*) case $ab in *[!A-Za-z0-9._/:@-]*) false ;; *) [ ${#ab} -le 255 ] ;; esac ;;
*) false ;;
esac
;;
install_dependencies)
h='true|false'
case $ab in true | false) ;; *) false ;; esac
;;
pull_policy)
h='Always|IfNotPresent|Never'
case $ab in Always | IfNotPresent | Never) ;; *) false ;; esac
;;
drain_seconds)
h=0-60
bt "$ab" 0 60
;;
grace_seconds)
h=0-3600
bt "$ab" 0 3600
;;
instance_id)
h='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}'
a4 "$ab"
;;
cluster_name | container_name)
h='[A-Za-z0-9_-]{1,255}'
cb "$ab"
;;
task_ARN)
h='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>'
a3 "$ab" >/dev/null
;;
docker_runtime_id)
h='[0-9a-f]{64} or -'
[ "$ab" = - ] || au "$ab"
;;
network_mode)
h='bridge|awsvpc'
case $ab in bridge | awsvpc) ;; *) false ;; esac
;;
target_port | proxy_port)
h=1-65535
bt "$ab" 1 65535
;;
reset_timeout_ms)
h=0-86400000
bt "$ab" 0 86400000
;;
interface)
h='auto or [A-Za-z0-9_.-]{1,15}'
case $ab in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#ab} -le 15 ] ;; esac
;;
toxicity)
h=0-100
bt "$ab" 0 100
;;
deadline)
h='epoch ms, 13 digits, no leading 0'
case $ab in '' | 0* | *[!0-9]*) false ;; *) [ ${#ab} -eq 13 ] ;; esac
;;
esac
}
b3() {
bf=$1 bm=$2
shift 2
c8=$*
b9=$(($(printf '%s' "$bm" | tr -cd '\t' | wc -c) + 1))
[ "$b9" -eq $# ] || j "$bf has $b9 fields, not $#"
case $TAB$bm$TAB in *"$TAB$TAB"*) j "$bf has an empty field" ;; esac
set -f
IFS=$TAB
# shellcheck disable=SC2086
set -- $bm
unset IFS
set +f
for ck in $c8; do
cr "$ck" "$1" ||
j "$bf: $(echo "$ck" | tr _ ' ') is $(ap "$1"); rule: $h"
shift
done
}
aw() {
IFS=$TAB read -r cx cluster ad container_name bz _ target_port proxy_port reset_timeout_ms dm toxicity dq <<EOF
$1
EOF
}
bv() {
if [ -n "${AWS_SSM_INSTANCE_ID-}" ]; then
a4 "$AWS_SSM_INSTANCE_ID" && ae=$AWS_SSM_INSTANCE_ID && return
x '' validate "AWS_SSM_INSTANCE_ID $(ap "$AWS_SSM_INSTANCE_ID") is not an instance id"
exit 2
fi
k=${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}
case ${k%/} in
*[!A-Za-z0-9.:/-]*) k='' ;;
http://* | https://*) k=${k%/} ;;
*) k='' ;;
esac
if [ -n "$k" ] && command -v curl >/dev/null 2>&1; then
cm=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$k/latest/api/token" 2>/dev/null)
case $cm in
'' | *[!A-Za-z0-9_=+/-]*) ;;
*)
b0=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $cm" "$k/latest/meta-data/instance-id" 2>/dev/null) &&
a4 "$b0" && ae=$b0 && return
;;
esac
fi
x '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${k:-no valid endpoint}; needs curl) gave no instance id"
exit 1
}
c4() {
case ${P-} in
'') j "P is empty; the command must begin with P='<base64>'" ;;
*[!A-Za-z0-9+/=]*) j 'P holds characters outside the base64 alphabet' ;;
esac
if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then
j 'P is not valid base64'
fi
af=0
while IFS= read -r b4; do
af=$((af + 1))
[ $af -le 5000 ] || j 'over 5000 lines'
if [ $af -eq 1 ]; then
da "$b4"
else
ci "target line $((af - 1))" "$b4"
fi
done <<EOF
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
EOF
}
da() {
b3 header "$1" format mode chaos_id lib_image install_dependencies pull_policy drain_seconds grace_seconds
IFS=$TAB read -r _ mode chaos_id lib_image install_dependencies pull_policy drain_seconds grace_seconds <<EOF
$1
EOF
ca=${1#*"$TAB"*"$TAB"}
}
ci() {
b3 "$1" "$2" instance_id cluster_name task_ARN container_name docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
aw "$2"
[ "$target_port" != "$proxy_port" ] || j "$1: proxy port equals target port"
[ "$(a3 "$ad")" = "$cluster" ] || j "$1: the task ARN names another cluster"
[ "$cx" != "$ae" ] || ai=$ai$2$NEWLINE
}
a2() {
case $2 in
/*[!A-Za-z0-9_./-]* | [!/]* | '') j "$1 $(ap "$2") must be an absolute path of [A-Za-z0-9_./-]" ;;
esac
}
bj() { printf '%s' "$ai" | cut -f12 | sort -n | tail -n 1; }
b7() {
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR" || return
find "$STATE_DIR/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 -exec rm -f {} + 2>/dev/null
return 0
}
ay() { printf '%s/tombstone-%s' "$STATE_DIR" "$chaos_id"; }
a8() {
di=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${di##*') '}" | cut -d' ' -f20
}
bb() {
ao=$(cat "$ac/owner" 2>/dev/null) || ao=''
if [ -z "$ao" ]; then
ak=$((ak + 1))
[ $ak -ge 5 ] || return 1
elif [ "$(a8 "${ao%% *}")" = "$(echo "$ao" | cut -d' ' -f2)" ]; then
return 1
fi
log "removing the stale lock $ac (its holder ${ao:-?} is gone)"
mv "$ac" "$ac.$$" 2>/dev/null || return
if [ "$(cat "$ac.$$/owner" 2>/dev/null)" = "$ao" ]; then
rm -rf "$ac.$$"
else
mv "$ac.$$" "$ac"
fi
ak=0
}
dr() {
cn=$(($(l) + LOCK_WAIT_SECONDS))
until mkdir "$ac" 2>/dev/null; do
bb && continue
[ "$(l)" -lt $cn ] || return
sleep 1
done
cv=1
echo "$$ $(a8 $$) $(l)" >"$ac/owner"
}
cq() {
b6=$(($(l) + LOCK_WAIT_SECONDS))
while [ -d "$ac" ]; do
bb && continue
[ "$(l)" -lt $b6 ] ||
{ log "an inject still holds $ac; reverting anyway (the tombstone stops it)" && return; }
sleep 1
done
}
de() {
[ -e "$(ay)" ] || return 1
x "${1-}" tombstone "chaos id $chaos_id was already reverted on this host ($(cat "$(ay)")): refusing a late inject"
}
al() {
av=''
IFS='|' read -r av az cg am a6 bs <<EOF
$(b inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
EOF
au "$av"
}
bg() {
ch=$(b ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$ad" --filter "label=com.amazonaws.ecs.container-name=$container_name" --format '{{.ID}} {{.State}}' 2>&1) ||
{ b2="docker ps: $ch" && return 1; }
container=$(printf '%s\n' "$ch" | grep ' running$' | cut -d' ' -f1)
case $container in
*"$NEWLINE"*) b2="several running containers carry the ECS labels of $container_name of $ad" && return 1 ;;
esac
container=${container:-$(printf '%s\n' "$ch" | head -n 1 | cut -d' ' -f1)}
[ -n "$container" ] ||
b2="no container $container_name of $ad on this host (no ECS metadata file $a9, no container with its ECS labels)"
[ -n "$container" ]
}
cy() {
container='' c7=find-container b2=''
a9=$ECS_DATA_DIR/data/metadata/$cluster/${ad##*/}/$container_name/ecs-container-metadata.json
if [ "$bz" != - ]; then
al "$bz" ||
{ b2="no container $bz (the runtime id ECS reported for $container_name of $ad) on this host" && return 1; }
else
[ ! -f "$a9" ] ||
container=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$a9" | head -n 1)
if [ -z "$container" ] || ! al "$container"; then
if ! bg || ! al "$container"; then
b2=${b2:-"$container vanished"}
return 1
fi
fi
fi
container=$av dj=$az dl=$cg
bk=$av cz=$az
[ "$a6|$bs" = "$ad|$container_name" ] ||
{ b2="container $container is not $container_name of $ad: its ECS labels say $(ap "$bs") of $(ap "$a6")" && return 1; }
case $am in
container:*)
al "${am#container:}" ||
{ b2="$container_name of $ad joins the network of ${am#container:}, which is not on this host" && return 1; }
bk=$av cz=$az
;;
esac
[ "$am" != host ] && return
c7=network-mode
b2="$container_name of $ad uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
return 1
}
cj() {
[ "$(b inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
b image inspect "$lib_image" >/dev/null 2>&1 ||
{ b2="LIB_IMAGE $lib_image is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
br=$(b run --rm --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=cleanup" "$lib_image" cleanup --id "$chaos_id" 2>&1)
case $(printf '%s\n' "$br" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
b2="cleanup --id $chaos_id in the namespace of $1 did not end clean: $(printf '%s\n' "$br" | tail -n 3 | tr '\n' ' ')"
return 1
}
dp() {
ag=ehc-reaper-$chaos_id
bu=$(b inspect --type container --format '{{.State.Running}}' "$ag" 2>/dev/null)
[ "$bu" != true ] || { log "$ag is already armed" && return; }
[ -z "$bu" ] || b rm -f "$ag" >/dev/null 2>&1
y=${DOCKER_HOST:-unix:///var/run/docker.sock}
case $y in unix:///*) y=${y#unix://} ;; *) y='' ;; esac
case $y in *[!A-Za-z0-9_./-]*) y='' ;; esac
if [ -z "$y" ] || [ ! -S "$y" ]; then
x '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(ap "${DOCKER_HOST-}") names none"
return 1
fi
ax=''
[ ! -d "$ECS_DATA_DIR" ] || ax=type=bind,source=$ECS_DATA_DIR,target=$ECS_DATA_DIR,readonly
b1=$(b run -d --name "$ag" --restart on-failure:5 --pid host --network none --user 0 --cap-drop ALL --security-opt no-new-privileges --memory 128m --pids-limit 128 --log-driver json-file --log-opt max-size=1m --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=reaper" --label "$LABEL.deadline=$(bj)" --mount "type=bind,source=$y,target=/var/run/docker.sock" --mount "type=bind,source=$STATE_DIR,target=$STATE_DIR" ${ax:+--mount} ${ax:+"$ax"} -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$STATE_DIR" -e "ECS_HOST_DATA_DIR=$ECS_DATA_DIR" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$ae" -e "P=$(cs)" --entrypoint sh "$lib_image" "$SCRIPT_IN_IMAGE" 2>&1)
if ! au "$(printf '%s' "$b1" | tail -n 1)"; then
b rm -f "$ag" >/dev/null 2>&1
x '' reaper "could not start the reaper: $b1"
return 1
fi
c5=1
b8
}
cs() {
printf 'ehc2\trevert\t%s\n%s' "$ca" "$ai" | base64 | tr -d '\n'
}
b8() {
dk=$(($(l) + READY_TIMEOUT_SECONDS))
until b logs "$ag" 2>&1 | grep -q 'reaper armed'; do
if [ "$(b inspect --format '{{.State.Status}}' "$ag" 2>/dev/null)" != running ] ||
[ "$(l)" -ge $dk ]; then
x '' reaper "the reaper did not arm (is $lib_image an ecs-http-chaos image with $SCRIPT_IN_IMAGE?): $(b logs --tail 5 "$ag" 2>&1)"
return 1
fi
c0
done
}
bq() {
b5=$(($(bj) / 1000 + grace_seconds))
log "reaper armed: revert of $chaos_id at epoch $b5"
while [ "$(l)" -lt $b5 ]; do
bo=$((b5 - $(l)))
[ $bo -le 30 ] || bo=30
sleep $bo
done
}
dg() {
[ "$IS_REAPER" = 0 ] || bq
ce=revert
[ "$IS_REAPER" = 0 ] || ce=reaper
if ! b7 || ! echo "reverted at $(l) by $ce" >"$(ay)"; then
x '' tombstone "cannot write $(ay): a late inject of $chaos_id would not be refused"
a0=1
fi
[ "$IS_REAPER" = 0 ] || [ ! -w "$STATE_DIR" ] || exec >>"$STATE_DIR/reaped-$chaos_id.log"
ct || cl 1
cq
bd=$(a1 2>&1) ||
{ x '' stop-proxy "docker ps: $bd" && cl 1; }
c6 "$bd"
cf
[ -n "$ah" ] || [ "$a0" = 1 ] || [ "$IS_REAPER" = 1 ] ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
a7=$(a1 2>/dev/null |
awk -F '|' -v r="$IS_REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
[ -z "$a7" ] || { x '' cleanup "still present after revert: $a7" && a0=1; }
bi
[ -z "$ah$a7" ] && [ "$a0" = 0 ]
cl $?
}
c6() {
bl=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
[ -n "$bl" ] || return 0
# shellcheck disable=SC2086
db=$(b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $bl 2>&1) ||
log "docker stop: $db"
for c3 in $bl; do
bw=$(b logs "$c3" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
bn=$(printf '%s\n' "$bw" | grep -v '"reason":"deadline-passed"' | tail -n 1)
[ -n "$bn" ] || bn=$(printf '%s\n' "$bw" | tail -n 1)
aj=$aj$(printf '%s\n' "$1" | grep "^$c3|")"|${bn:-null}"$NEWLINE
done
# shellcheck disable=SC2086
b rm -f $bl >/dev/null 2>&1
}
cf() {
ba=$(printf '%s' "$ai" | while IFS= read -r bp; do
aw "$bp" && cy && echo "$ad|$container_name|$bk"
done)
dn=$(printf '%s' "$aj" | cut -d'|' -f4)$NEWLINE$(printf '%s' "$ba" | cut -d'|' -f3)
for bx in $(printf '%s\n' "$dn" | sort -u); do
au "$bx" || continue
if [ -z "$aj" ] && ! b image inspect "$lib_image" >/dev/null 2>&1; then
log "no proxy of $chaos_id ran here and $lib_image is absent: nothing of ours can be in $bx"
elif ! cj "$bx"; then
ah="$ah $bx"
x '' cleanup "$b2"
fi
done
}
bi() {
printf '%s' "$ai" | while IFS= read -r bp; do
aw "$bp" &&
aq=$(printf '%s\n' "$ba" |
awk -F '|' -v t="$ad" -v c="$container_name" '$1 == t && $2 == c { print $3; exit }')
aq=${aq:-none}
c1=$(co "$aj" "$aq")
bh=0
case " $ah " in *" $aq "*) bh=1 ;; esac
[ -z "$a7" ] || bh=1
printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' "$ae" "$ad" "$(printf '%s' "${c1:-||||||null}" | cut -d'|' -f7)" "$(cu $bh)"
done
}
co() {
printf '%s\n' "$1" | awk -F '|' -v n="$2" -v t="$ad" -v c="$container_name" '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
ds() {
bv
c4
a2 ECS_HTTP_CHAOS_STATE_DIR "$STATE_DIR"
a2 ECS_HOST_DATA_DIR "$ECS_DATA_DIR"
case $IS_REAPER$mode in
0* | 1revert) ;;
*) j "ECS_HTTP_CHAOS_REAPER $(ap "$IS_REAPER") must be 0, or 1 in revert mode" ;;
esac
case " $SCRIPT_MODES " in
*" $mode "*) ;;
*) j "mode $mode: this build of the host script runs $SCRIPT_MODES only" ;;
esac
ac=$STATE_DIR/lock-$chaos_id
log "$mode of chaos id $chaos_id on $ae: $(printf '%s' "$ai" | grep -c .) target(s) here"
case $mode in
inject) run_inject ;;
revert) dg ;;
status) run_status ;;
esac
}
ds
