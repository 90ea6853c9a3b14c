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
aa='' mode='' chaos_id='' lib_image='' install_dependencies='' pull_policy=''
drain_seconds='' grace_seconds='' di=''
ad=''
ag='' d5='' au='' ax=0
ct=''
bc=''
da=''
aw=''
ab=''
bs=''
bx=''
bb=0
log() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }
j() { date +%s; }
c5() { sleep 0.2 2>/dev/null || sleep 1; }
ej() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
d4() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }
a2() {
if [ ${#1} -gt 60 ]; then
printf "'%.60s...' (%s chars)" "$1" ${#1}
else
printf "'%s'" "$1"
fi
}
h() {
printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' "$aa" "$1" "$2" "$(ej "$3")"
log "$2${1:+ ($1)}: $3"
}
ar() {
[ -z "$d5" ] || rm -rf "$ag"
case $mode in
inject | revert | status)
printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' "$aa" "$mode" "$(d4 "$1")"
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
bp() {
if ! command -v docker >/dev/null 2>&1; then
h '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
return 1
fi
d6=$(b version --format '{{.Server.Version}}' 2>&1) && return
h '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $d6"
return 1
}
a0() {
b ps -a --no-trunc --filter "label=$LABEL.chaos-id=$chaos_id" --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
ec() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }
as() { ec "$1" && [ ${#1} -eq 64 ]; }
cs() {
case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac &&
[ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
dj() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }
bm() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }
bl() {
case $1 in
i-*) set -- "${1#i-}" 8 17 ;;
mi-*) set -- "${1#mi-}" 17 17 ;;
*) return 1 ;;
esac
ec "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}
es() {
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
en() {
case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
ec "$1" && [ ${#1} -eq 32 ]
}
bk() {
case $1 in arn:aws*:ecs:*:*:task/*/*) af=${1#arn:aws} ;; *) return 1 ;; esac
case ${af%%:*} in *[!a-z-]*) return 1 ;; esac
af=${af#*:}
case $af in ecs:*) af=${af#ecs:} ;; *) return 1 ;; esac
es "${af%%:*}" || return
af=${af#*:}
case $af in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) af=${af#*:task/} ;;
*) return 1 ;;
esac
dj "${af%%/*}" && en "${af#*/}" && printf '%s' "${af%%/*}"
}
d1() {
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
cs "$ai" 0 60
;;
grace_seconds)
l=0-3600
cs "$ai" 0 3600
;;
instance_id)
l='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}'
bl "$ai"
;;
cluster_name | container_name)
l='[A-Za-z0-9_-]{1,255}'
dj "$ai"
;;
task_ARN)
l='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>'
bk "$ai" >/dev/null
;;
docker_runtime_id)
l='[0-9a-f]{64} or -'
[ "$ai" = - ] || as "$ai"
;;
network_mode)
l='bridge|awsvpc'
case $ai in bridge | awsvpc) ;; *) false ;; esac
;;
target_port | proxy_port)
l=1-65535
cs "$ai" 1 65535
;;
reset_timeout_ms)
l=0-86400000
cs "$ai" 0 86400000
;;
interface)
l='auto or [A-Za-z0-9_.-]{1,15}'
case $ai in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#ai} -le 15 ] ;; esac
;;
toxicity)
l=0-100
cs "$ai" 0 100
;;
deadline)
l='epoch ms, 13 digits, no leading 0'
case $ai in '' | 0* | *[!0-9]*) false ;; *) [ ${#ai} -eq 13 ] ;; esac
;;
esac
}
c7() {
b3=$1 cg=$2
shift 2
ei=$*
dh=$(($(printf '%s' "$cg" | tr -cd '\t' | wc -c) + 1))
[ "$dh" -eq $# ] || y "$b3 has $dh fields, not $#"
case $TAB$cg$TAB in *"$TAB$TAB"*) y "$b3 has an empty field" ;; esac
set -f
IFS=$TAB
# shellcheck disable=SC2086
set -- $cg
unset IFS
set +f
for du in $ei; do
d1 "$du" "$1" ||
y "$b3: $(echo "$du" | tr _ ' ') is $(a2 "$1"); rule: $l"
shift
done
}
ac() {
IFS=$TAB read -r d7 cluster k container_name c3 _ target_port proxy_port reset_timeout_ms cr toxicity al <<EOF
$1
EOF
}
cw() {
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
dv=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$x/latest/api/token" 2>/dev/null)
case $dv in
'' | *[!A-Za-z0-9_=+/-]*) ;;
*)
c4=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $dv" "$x/latest/meta-data/instance-id" 2>/dev/null) &&
bl "$c4" && aa=$c4 && return
;;
esac
fi
h '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${x:-no valid endpoint}; needs curl) gave no instance id"
exit 1
}
ee() {
case ${P-} in
'') y "P is empty; the command must begin with P='<base64>'" ;;
*[!A-Za-z0-9+/=]*) y 'P holds characters outside the base64 alphabet' ;;
esac
if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then
y 'P is not valid base64'
fi
ak=0
while IFS= read -r c8; do
ak=$((ak + 1))
[ $ak -le 5000 ] || y 'over 5000 lines'
if [ $ak -eq 1 ]; then
ek "$c8"
else
ds "target line $((ak - 1))" "$c8"
fi
done <<EOF
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
EOF
}
ek() {
c7 header "$1" format mode chaos_id lib_image install_dependencies pull_policy drain_seconds grace_seconds
IFS=$TAB read -r _ mode chaos_id lib_image install_dependencies pull_policy drain_seconds grace_seconds <<EOF
$1
EOF
di=${1#*"$TAB"*"$TAB"}
}
ds() {
c7 "$1" "$2" instance_id cluster_name task_ARN container_name docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
ac "$2"
[ "$target_port" != "$proxy_port" ] || y "$1: proxy port equals target port"
[ "$(bk "$k")" = "$cluster" ] || y "$1: the task ARN names another cluster"
[ "$d7" != "$aa" ] || ad=$ad$2$NEWLINE
}
bd() {
case $2 in
/*[!A-Za-z0-9_./-]* | [!/]* | '') y "$1 $(a2 "$2") must be an absolute path of [A-Za-z0-9_./-]" ;;
esac
}
bf() { printf '%s' "$ad" | cut -f12 | sort -n | tail -n 1; }
b1() {
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR" || return
find "$STATE_DIR/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 -exec rm -f {} + 2>/dev/null
return 0
}
a9() { printf '%s/tombstone-%s' "$STATE_DIR" "$chaos_id"; }
bt() {
et=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${et##*') '}" | cut -d' ' -f20
}
b2() {
au=$(cat "$ag/owner" 2>/dev/null) || au=''
if [ -z "$au" ]; then
ax=$((ax + 1))
[ $ax -ge 5 ] || return 1
elif [ "$(bt "${au%% *}")" = "$(echo "$au" | cut -d' ' -f2)" ]; then
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
eu() {
dw=$(($(j) + LOCK_WAIT_SECONDS))
until mkdir "$ag" 2>/dev/null; do
b2 && continue
[ "$(j)" -lt $dw ] || return
sleep 1
done
d5=1
echo "$$ $(bt $$) $(j)" >"$ag/owner"
}
dy() {
de=$(($(j) + LOCK_WAIT_SECONDS))
while [ -d "$ag" ]; do
b2 && continue
[ "$(j)" -lt $de ] ||
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
IFS='|' read -r a7 ba dq az br cq <<EOF
$(b inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
EOF
as "$a7"
}
b4() {
dr=$(b ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$k" --filter "label=com.amazonaws.ecs.container-name=$container_name" --format '{{.ID}} {{.State}}' 2>&1) ||
{ cf="docker ps: $dr" && return 1; }
container=$(printf '%s\n' "$dr" | grep ' running$' | cut -d' ' -f1)
case $container in
*"$NEWLINE"*) cf="several running containers carry the ECS labels of $container_name of $k" && return 1 ;;
esac
container=${container:-$(printf '%s\n' "$dr" | head -n 1 | cut -d' ' -f1)}
[ -n "$container" ] ||
cf="no container $container_name of $k on this host (no ECS metadata file $bw, no container with its ECS labels)"
[ -n "$container" ]
}
bv() {
container='' dg=find-container cf=''
bw=$ECS_DATA_DIR/data/metadata/$cluster/${k##*/}/$container_name/ecs-container-metadata.json
if [ "$c3" != - ]; then
ay "$c3" ||
{ cf="no container $c3 (the runtime id ECS reported for $container_name of $k) on this host" && return 1; }
else
[ ! -f "$bw" ] ||
container=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$bw" | head -n 1)
if [ -z "$container" ] || ! ay "$container"; then
if ! b4 || ! ay "$container"; then
cf=${cf:-"$container vanished"}
return 1
fi
fi
fi
container=$a7 dd=$ba dn=$dq
av=$a7 bz=$ba
[ "$br|$cq" = "$k|$container_name" ] ||
{ cf="container $container is not $container_name of $k: its ECS labels say $(a2 "$cq") of $(a2 "$br")" && return 1; }
case $az in
container:*)
ay "${az#container:}" ||
{ cf="$container_name of $k joins the network of ${az#container:}, which is not on this host" && return 1; }
av=$a7 bz=$ba
;;
esac
[ "$az" != host ] && return
dg=network-mode
cf="$container_name of $k uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
return 1
}
b8() {
[ "$(b inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
b image inspect "$lib_image" >/dev/null 2>&1 ||
{ cf="LIB_IMAGE $lib_image is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
cm=$(b run --rm --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=cleanup" "$lib_image" cleanup --id "$chaos_id" 2>&1)
case $(printf '%s\n' "$cm" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
cf="cleanup --id $chaos_id in the namespace of $1 did not end clean: $(printf '%s\n' "$cm" | tail -n 3 | tr '\n' ' ')"
return 1
}
eo() {
[ -n "$ad" ] ||
{ h '' validate "no target line names instance $aa: nothing to inject here" && ar 1; }
bp || ar 1
b1 || { h '' lock "cannot create the state directory $STATE_DIR" && ar 1; }
! ao || ar 1
eu ||
{ h '' lock "another inject of $chaos_id has held $ag (${au:-?}) for over ${LOCK_WAIT_SECONDS}s" && ar 1; }
if ao || ! ed || ! dp; then ar 1; fi
ef || bq
d8 || bq
dc || bq
! ao || bq
c2
ar 0
}
ed() {
b9=0
while IFS= read -r am; do
[ -n "$am" ] || continue
ac "$am"
if [ $((al / 1000 - $(j))) -lt "$MIN_LEAD_SECONDS" ]; then
h "$k" deadline "deadline $al is $((al / 1000 - $(j)))s away: too near to start a fault (${MIN_LEAD_SECONDS}s at least)"
elif ! bv; then
h "$k" "$dg" "$cf"
elif [ "$dd$bz" != truetrue ]; then
h "$k" find-container "container $container_name of $k ($container) is not running (status $dn; its namespace owner $av running: $bz)"
else
ct=$ct$av$TAB$am$NEWLINE
continue
fi
b9=1
done <<EOF
$ad
EOF
return $b9
}
dp() {
bn=$(b image inspect --format 1 "$lib_image" 2>/dev/null)
ce=LIB_IMAGE_PULL_POLICY=$pull_policy
[ "$install_dependencies" = true ] || ce=INSTALL_DEPENDENCIES=false
case $ce in
*=Always) cu; return ;;
*=IfNotPresent) [ -n "$bn" ] || cu; return ;;
esac
[ -z "$bn" ] || return 0
h '' image "LIB_IMAGE $lib_image is not on this host and $ce: pull it there, or set INSTALL_DEPENDENCIES=true and LIB_IMAGE_PULL_POLICY=IfNotPresent"
return 1
}
cu() {
c1=${lib_image%%/*} eb=''
case $c1 in
"$lib_image") c1='' ;;
*.dkr.ecr.*.amazonaws.com | *.dkr.ecr.*.amazonaws.com.cn) eb=1 ;;
esac
if [ -n "$eb" ] && command -v aws >/dev/null 2>&1; then
cz=${c1#*.dkr.ecr.} && cz=${cz%%.*}
bu=$(mktemp -d) || return
cj=$(aws ecr get-login-password --region "$cz" 2>/dev/null </dev/null |
DOCKER_CONFIG=$bu docker login --username AWS --password-stdin "$c1" 2>&1) &&
cj=$(DOCKER_CONFIG=$bu docker pull "$lib_image" 2>&1 </dev/null)
dk=$?
rm -rf "$bu"
else
cj=$(b pull "$lib_image" 2>&1)
dk=$?
fi
[ $dk -ne 0 ] || { log "pulled $lib_image" && return; }
h '' image "pulling LIB_IMAGE $lib_image ($ce${bn:+; the tag is here}) failed: $(printf '%s\n' "$cj" | tail -n 3)"
return 1
}
d8() {
bg=''
while IFS= read -r a1; do
[ -n "$a1" ] || continue
ac "${a1#*"$TAB"}"
ah=${a1%%"$TAB"*}
bo="$target_port $proxy_port $reset_timeout_ms $cr $toxicity $al"
c0=$(printf '%s' "$bg" | grep "^$ah " | head -n 1)
if [ -z "$c0" ]; then
bg=$bg"$ah $bo"$NEWLINE
el "$ah" || return
elif [ "$c0" != "$ah $bo" ]; then
h "$k" start-proxy "$container_name shares its network namespace with a target asking for other proxy settings ($bo vs ${c0#* }): one proxy per namespace"
return 1
fi
done <<EOF
$ct
EOF
}
el() {
bi=ehc-proxy-$chaos_id-$(printf '%.12s' "$1")
co=$(b inspect --type container --format '{{.Id}} {{.State.Running}}' "$bi" 2>/dev/null)
case $co in
*' true')
log "reusing $bi, started by an earlier inject of $chaos_id" &&
bc=$bc$1$TAB${co%% *}${TAB}0$NEWLINE && return
;;
?*) b rm -f "$bi" >/dev/null 2>&1 ;;
esac
! ao "$k" || return
[ $((al / 1000 - $(j))) -ge "$MIN_LEAD_SECONDS" ] ||
{ h "$k" deadline "deadline $al came too near while starting" && return 1; }
a6=''
[ "$proxy_port" -ge 1024 ] || a6=NET_BIND_SERVICE
c9=$(b run -d --name "$bi" --network "container:$1" --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW ${a6:+--cap-add} ${a6:+"$a6"} --security-opt no-new-privileges --read-only --tmpfs /run:size=1m --tmpfs /tmp:size=16m --restart on-failure:3 --log-driver json-file --log-opt max-size=5m --log-opt max-file=2 --memory 256m --cpus 0.5 --pids-limit 256 --stop-timeout $((drain_seconds + STOP_MARGIN_SECONDS)) --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=proxy" --label "$LABEL.task-arn=$k" --label "$LABEL.container=$container_name" --label "$LABEL.namespace=$1" --label "$LABEL.deadline=$al" "$lib_image" proxy --id "$chaos_id" --target-port "$target_port" --proxy-port "$proxy_port" --reset-timeout-ms "$reset_timeout_ms" --interface "$cr" --toxicity "$toxicity" --until "$al" --drain-s "$drain_seconds" 2>&1)
b5=$(printf '%s' "$c9" | tail -n 1)
if as "$b5"; then
bc=$bc$1$TAB$b5${TAB}1$NEWLINE
return
fi
b rm -f "$bi" >/dev/null 2>&1
h "$k" start-proxy "docker run of the proxy in the network namespace of $1 failed: $c9"
return 1
}
dc() {
dt=$(($(j) + READY_TIMEOUT_SECONDS))
dz=$(($(bf) / 1000))
[ $dz -ge $dt ] || dt=$dz
cy=$(printf '%s' "$bc" | cut -f1,2 | tr '\t' =)
while [ -n "$cy" ]; do
b0=''
for aj in $cy; do
bj=${aj#*=}
b logs "$bj" 2>/dev/null | grep -q '^{"event":"ready"' && continue
a5=$(b inspect --format '{{.State.Status}} {{.RestartCount}}' "$bj" 2>/dev/null)
[ "$a5" = 'running 0' ] ||
{ cp "${aj%%=*}" wait-ready "proxy $bj ended before ready (${a5:-gone}): $(ca "$bj")" && return 1; }
b0="$b0 $aj"
done
cy=$b0
[ -n "$cy" ] || return 0
if [ "$(j)" -ge $dt ]; then
for aj in $cy; do
cp "${aj%%=*}" wait-ready "proxy ${aj#*=} not ready within ${READY_TIMEOUT_SECONDS}s: $(ca "${aj#*=}")"
done
return 1
fi
c5
done
}
ca() {
b logs --tail 40 "$1" 2>&1 >/dev/null | grep -i error | tail -n 1 | grep . ||
b logs --tail 3 "$1" 2>&1 | tr '\n' ' '
}
cp() {
printf '%s' "$ct" | while IFS=$TAB read -r ea _ _ eh _; do
[ "$ea" != "$1" ] || h "$eh" "$2" "$3"
done
}
bh() { printf '%s' "$bc" | awk -F "$TAB" -v f="$1" '$3 == 1 { print $f }'; }
bq() {
ck=$(bh 2)
if [ -n "$ck" ]; then
# shellcheck disable=SC2086
b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $ck >/dev/null 2>&1
# shellcheck disable=SC2086
b rm -f $ck >/dev/null 2>&1
for ah in $(bh 1); do
b8 "$ah" || { log "undo: $cf" && ab="$ab $ah"; }
done
fi
[ -z "$da" ] || [ -n "$ab" ] || printf '%s' "$bc" | grep -q "${TAB}0\$" ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
log 'removed what this inject started'
ar 1
}
c2() {
printf '%s' "$ct" | while IFS= read -r a1; do
ac "${a1#*"$TAB"}"
ah=${a1%%"$TAB"*}
printf '{"event":"ready","instance":"%s","task":"%s","container":"%s","namespace":"%s","proxy":"%s","deadline":%s}\n' "$aa" "$k" "$container_name" "$ah" "$(printf '%s' "$bc" | grep "^$ah$TAB" | head -n 1 | cut -f2)" "$al"
done
}
ef() {
ap=ehc-reaper-$chaos_id
cv=$(b inspect --type container --format '{{.State.Running}}' "$ap" 2>/dev/null)
[ "$cv" != true ] || { log "$ap is already armed" && return; }
[ -z "$cv" ] || b rm -f "$ap" >/dev/null 2>&1
ae=${DOCKER_HOST:-unix:///var/run/docker.sock}
case $ae in unix:///*) ae=${ae#unix://} ;; *) ae='' ;; esac
case $ae in *[!A-Za-z0-9_./-]*) ae='' ;; esac
if [ -z "$ae" ] || [ ! -S "$ae" ]; then
h '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(a2 "${DOCKER_HOST-}") names none"
return 1
fi
a8=''
[ ! -d "$ECS_DATA_DIR" ] || a8=type=bind,source=$ECS_DATA_DIR,target=$ECS_DATA_DIR,readonly
c6=$(b run -d --name "$ap" --restart on-failure:5 --pid host --network none --user 0 --cap-drop ALL --security-opt no-new-privileges --memory 128m --pids-limit 128 --log-driver json-file --log-opt max-size=1m --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=reaper" --label "$LABEL.deadline=$(bf)" --mount "type=bind,source=$ae,target=/var/run/docker.sock" --mount "type=bind,source=$STATE_DIR,target=$STATE_DIR" ${a8:+--mount} ${a8:+"$a8"} -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$STATE_DIR" -e "ECS_HOST_DATA_DIR=$ECS_DATA_DIR" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$aa" -e "P=$(d3)" --entrypoint sh "$lib_image" "$SCRIPT_IN_IMAGE" 2>&1)
if ! as "$(printf '%s' "$c6" | tail -n 1)"; then
b rm -f "$ap" >/dev/null 2>&1
h '' reaper "could not start the reaper: $c6"
return 1
fi
da=1
df
}
d3() {
printf 'ehc2\trevert\t%s\n%s' "$di" "$ad" | base64 | tr -d '\n'
}
df() {
ev=$(($(j) + READY_TIMEOUT_SECONDS))
until b logs "$ap" 2>&1 | grep -q 'reaper armed'; do
if [ "$(b inspect --format '{{.State.Status}}' "$ap" 2>/dev/null)" != running ] ||
[ "$(j)" -ge $ev ]; then
h '' reaper "the reaper did not arm (is $lib_image an ecs-http-chaos image with $SCRIPT_IN_IMAGE?): $(b logs --tail 5 "$ap" 2>&1)"
return 1
fi
c5
done
}
cl() {
db=$(($(bf) / 1000 + grace_seconds))
log "reaper armed: revert of $chaos_id at epoch $db"
while [ "$(j)" -lt $db ]; do
ci=$((db - $(j)))
[ $ci -le 30 ] || ci=30
sleep $ci
done
}
ep() {
[ "$IS_REAPER" = 0 ] || cl
dl=revert
[ "$IS_REAPER" = 0 ] || dl=reaper
if ! b1 || ! echo "reverted at $(j) by $dl" >"$(a9)"; then
h '' tombstone "cannot write $(a9): a late inject of $chaos_id would not be refused"
bb=1
fi
[ "$IS_REAPER" = 0 ] || [ ! -w "$STATE_DIR" ] || exec >>"$STATE_DIR/reaped-$chaos_id.log"
bp || ar 1
dy
aq=$(a0 2>&1) ||
{ h '' stop-proxy "docker ps: $aq" && ar 1; }
eg "$aq"
dm
[ -n "$ab" ] || [ "$bb" = 1 ] || [ "$IS_REAPER" = 1 ] ||
b rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
bs=$(a0 2>/dev/null |
awk -F '|' -v r="$IS_REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
[ -z "$bs" ] || { h '' cleanup "still present after revert: $bs" && bb=1; }
b7
[ -z "$ab$bs" ] && [ "$bb" = 0 ]
ar $?
}
eg() {
cb=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
[ -n "$cb" ] || return 0
# shellcheck disable=SC2086
em=$(b stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $cb 2>&1) ||
log "docker stop: $em"
for b5 in $cb; do
cx=$(b logs "$b5" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
ch=$(printf '%s\n' "$cx" | grep -v '"reason":"deadline-passed"' | tail -n 1)
[ -n "$ch" ] || ch=$(printf '%s\n' "$cx" | tail -n 1)
aw=$aw$(printf '%s\n' "$1" | grep "^$b5|")"|${ch:-null}"$NEWLINE
done
# shellcheck disable=SC2086
b rm -f $cb >/dev/null 2>&1
}
dm() {
bx=$(printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && bv && echo "$k|$container_name|$av"
done)
ew=$(printf '%s' "$aw" | cut -d'|' -f4)$NEWLINE$(printf '%s' "$bx" | cut -d'|' -f3)
for ah in $(printf '%s\n' "$ew" | sort -u); do
as "$ah" || continue
if [ -z "$aw" ] && ! b image inspect "$lib_image" >/dev/null 2>&1; then
log "no proxy of $chaos_id ran here and $lib_image is absent: nothing of ours can be in $ah"
elif ! b8 "$ah"; then
ab="$ab $ah"
h '' cleanup "$cf"
fi
done
}
b7() {
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" &&
a3=$(printf '%s\n' "$bx" |
awk -F '|' -v t="$k" -v c="$container_name" '$1 == t && $2 == c { print $3; exit }')
a3=${a3:-none}
d9=$(cc "$aw" "$a3")
b6=0
case " $ab " in *" $a3 "*) b6=1 ;; esac
[ -z "$bs" ] || b6=1
printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' "$aa" "$k" "$(printf '%s' "${d9:-||||||null}" | cut -d'|' -f7)" "$(d4 $b6)"
done
}
cc() {
printf '%s\n' "$1" | awk -F '|' -v n="$2" -v t="$k" -v c="$container_name" '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
er() {
bp || ar 1
aq=$(a0 2>&1) ||
{ h '' docker "docker ps: $aq" && ar 1; }
printf '%s' "$ad" | while IFS= read -r am; do
ac "$am" && d2
dx=$(cc "$aq" "$namespace")
case $(printf '%s' "$dx" | cut -d'|' -f2) in
running) a5=running ;;
'') a5=absent ;;
*) a5=exited ;;
esac
a4=$(d0 "$dx")
printf '{"event":"status","instance":"%s","task":"%s","container":"%s","state":"%s",%s"at":%s}\n' "$aa" "$k" "$container_name" "$a5" "$a4" "$(j)"
done
ar 0
}
d2() {
namespace=none
! bv || namespace=$av
}
d0() {
[ -n "$1" ] || return 0
a4=$(b inspect --type container --format '"proxy":"{{.Id}}","restarts":{{.RestartCount}},"exitCode":{{.State.ExitCode}},"oomKilled":{{.State.OOMKilled}},"finishedAt":"{{.State.FinishedAt}}",' "${1%%|*}" 2>/dev/null)
case $a4 in *[!A-Za-z0-9_\":,.+-]*) a4='' ;; esac
printf '%s' "$a4"
}
ex() {
cw
ee
bd ECS_HTTP_CHAOS_STATE_DIR "$STATE_DIR"
bd ECS_HOST_DATA_DIR "$ECS_DATA_DIR"
case $IS_REAPER$mode in
0* | 1revert) ;;
*) y "ECS_HTTP_CHAOS_REAPER $(a2 "$IS_REAPER") must be 0, or 1 in revert mode" ;;
esac
ag=$STATE_DIR/lock-$chaos_id
log "$mode of chaos id $chaos_id on $aa: $(printf '%s' "$ad" | grep -c .) target(s) here"
case $mode in
inject) eo ;;
revert) ep ;;
status) er ;;
esac
}
ex
