# shellcheck shell=sh disable=SC2034,SC2154
# inject (ADR 0070): check every target, arm the reaper, start one proxy per network
# namespace, wait until each is ready, then report. Any failure undoes what this inject
# started, and only that.

run_inject() {
  [ -n "$host_targets" ] ||
    { emit_error '' validate "no target line names instance $host_instance: nothing to inject here" && finish 1; }
  require_docker || finish 1
  prepare_state_dir || { emit_error '' lock "cannot create the state directory $STATE_DIR" && finish 1; }
  ! refused_by_tombstone || finish 1
  take_lock ||
    { emit_error '' lock "another inject of $chaos_id has held $lock_dir (${lock_owner:-?}) for over ${LOCK_WAIT_SECONDS}s" && finish 1; }
  # The revert may have come while this inject waited for the lock.
  if refused_by_tombstone || ! plan_targets || ! ensure_lib_image; then finish 1; fi
  start_reaper || undo_inject
  start_proxies || undo_inject
  wait_proxies_ready || undo_inject
  ! refused_by_tombstone || undo_inject
  report_ready_targets
  finish 0
}

# plan_targets: every target is checked before anything starts (deadline, container,
# network mode); those that pass go into planned.
plan_targets() {
  planning_failed=0
  while IFS= read -r target_line; do
    [ -n "$target_line" ] || continue
    read_target_fields "$target_line"
    if [ $((deadline_ms / 1000 - $(epoch_seconds))) -lt "$MIN_LEAD_SECONDS" ]; then
      emit_error "$task_arn" deadline "deadline $deadline_ms is $((deadline_ms / 1000 - $(epoch_seconds)))s away: too near to start a fault (${MIN_LEAD_SECONDS}s at least)"
    elif ! locate_target; then
      emit_error "$task_arn" "$failed_step" "$why"
    elif [ "$container_running$owner_running" != truetrue ]; then
      emit_error "$task_arn" find-container "container $container_name of $task_arn ($container) is not running (status $container_status; its namespace owner $namespace_owner running: $owner_running)"
    else
      planned=$planned$namespace_owner$TAB$target_line$NEWLINE
      continue
    fi
    planning_failed=1
  done <<EOF
$host_targets
EOF
  return $planning_failed
}

ensure_lib_image() {
  run_docker image inspect "$lib_image" >/dev/null 2>&1 && return
  if [ "$install_dependencies" = true ]; then
    pull_lib_image
    return
  fi
  emit_error '' image "LIB_IMAGE $lib_image is not on this host and INSTALL_DEPENDENCIES=false: pull it first (docker pull $lib_image) or set INSTALL_DEPENDENCIES=true"
  return 1
}

# From ECR with a token from the aws CLI when the host has one; else as the host's
# Docker client is configured.
pull_lib_image() {
  registry=${lib_image%%/*} from_ecr=''
  case $registry in
    "$lib_image") registry='' ;;
    *.dkr.ecr.*.amazonaws.com | *.dkr.ecr.*.amazonaws.com.cn) from_ecr=1 ;;
  esac
  if [ -n "$from_ecr" ] && command -v aws >/dev/null 2>&1; then
    ecr_region=${registry#*.dkr.ecr.} && ecr_region=${ecr_region%%.*}
    # A throw-away client config: the ECR token is not left on the host.
    client_config=$(mktemp -d) || return
    pull_output=$(aws ecr get-login-password --region "$ecr_region" 2>/dev/null </dev/null |
      DOCKER_CONFIG=$client_config docker login --username AWS --password-stdin "$registry" 2>&1) &&
      pull_output=$(DOCKER_CONFIG=$client_config docker pull "$lib_image" 2>&1 </dev/null)
    pull_status=$?
    rm -rf "$client_config"
  else
    pull_output=$(run_docker pull "$lib_image" 2>&1)
    pull_status=$?
  fi
  [ $pull_status -ne 0 ] || return 0
  emit_error '' image "INSTALL_DEPENDENCIES=true but pulling LIB_IMAGE $lib_image failed: $(printf '%s\n' "$pull_output" | tail -n 3)"
  return 1
}

# One proxy per network namespace: targets sharing one (awsvpc) share its proxy, so they
# must ask for the same settings.
start_proxies() {
  namespaces_seen=''
  while IFS= read -r planned_line; do
    [ -n "$planned_line" ] || continue
    read_target_fields "${planned_line#*"$TAB"}"
    owner_id=${planned_line%%"$TAB"*}
    proxy_settings="$target_port $proxy_port $reset_timeout_ms $interface_name $toxicity $deadline_ms"
    first_seen=$(printf '%s' "$namespaces_seen" | grep "^$owner_id " | head -n 1)
    if [ -z "$first_seen" ]; then
      namespaces_seen=$namespaces_seen"$owner_id $proxy_settings"$NEWLINE
      start_proxy "$owner_id" || return
    elif [ "$first_seen" != "$owner_id $proxy_settings" ]; then
      emit_error "$task_arn" start-proxy "$container_name shares its network namespace with a target asking for other proxy settings ($proxy_settings vs ${first_seen#* }): one proxy per namespace"
      return 1
    fi
  done <<EOF
$planned
EOF
}

# start_proxy OWNER: the proxy container in OWNER's network namespace, for the target
# just read; a running one of an earlier inject of this chaos id is reused.
start_proxy() {
  proxy_name=ehc-proxy-$chaos_id-$(printf '%.12s' "$1")
  existing_proxy=$(run_docker inspect --type container --format '{{.Id}} {{.State.Running}}' "$proxy_name" 2>/dev/null)
  case $existing_proxy in
    *' true')
      log "reusing $proxy_name, started by an earlier inject of $chaos_id" &&
        proxies=$proxies$1$TAB${existing_proxy%% *}${TAB}0$NEWLINE && return
      ;;
    ?*) run_docker rm -f "$proxy_name" >/dev/null 2>&1 ;;
  esac
  ! refused_by_tombstone "$task_arn" || return
  [ $((deadline_ms / 1000 - $(epoch_seconds))) -ge "$MIN_LEAD_SECONDS" ] ||
    { emit_error "$task_arn" deadline "deadline $deadline_ms came too near while starting" && return 1; }
  # Ports below 1024 need the capability to bind them.
  bind_capability=''
  [ "$proxy_port" -ge 1024 ] || bind_capability=NET_BIND_SERVICE
  proxy_output=$(run_docker run -d --name "$proxy_name" --network "container:$1" --user 0 \
    --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW ${bind_capability:+--cap-add} ${bind_capability:+"$bind_capability"} \
    --security-opt no-new-privileges --read-only --tmpfs /run:size=1m --tmpfs /tmp:size=16m \
    --restart on-failure:3 --log-driver json-file --log-opt max-size=5m --log-opt max-file=2 \
    --memory 256m --cpus 0.5 --pids-limit 256 --stop-timeout $((drain_seconds + STOP_MARGIN_SECONDS)) \
    --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=proxy" --label "$LABEL.task-arn=$task_arn" \
    --label "$LABEL.container=$container_name" --label "$LABEL.namespace=$1" --label "$LABEL.deadline=$deadline_ms" \
    "$lib_image" proxy --id "$chaos_id" --target-port "$target_port" --proxy-port "$proxy_port" \
    --reset-timeout-ms "$reset_timeout_ms" --interface "$interface_name" --toxicity "$toxicity" \
    --until "$deadline_ms" --drain-s "$drain_seconds" 2>&1)
  proxy_id=$(printf '%s' "$proxy_output" | tail -n 1)
  if is_container_id "$proxy_id"; then
    proxies=$proxies$1$TAB$proxy_id${TAB}1$NEWLINE
    return
  fi
  run_docker rm -f "$proxy_name" >/dev/null 2>&1
  emit_error "$task_arn" start-proxy "docker run of the proxy in the network namespace of $1 failed: $proxy_output"
  return 1
}

# wait_proxies_ready: until every proxy printed its ready event, at most
# READY_TIMEOUT_SECONDS and never past the last deadline.
wait_proxies_ready() {
  ready_by=$(($(epoch_seconds) + READY_TIMEOUT_SECONDS))
  window_end=$(($(latest_deadline) / 1000))
  [ $window_end -ge $ready_by ] || ready_by=$window_end
  # owner=proxy words
  waiting=$(printf '%s' "$proxies" | cut -f1,2 | tr '\t' =)
  while [ -n "$waiting" ]; do
    still_waiting=''
    for owner_and_proxy in $waiting; do
      waited_proxy=${owner_and_proxy#*=}
      run_docker logs "$waited_proxy" 2>/dev/null | grep -q '^{"event":"ready"' && continue
      proxy_state=$(run_docker inspect --format '{{.State.Status}} {{.RestartCount}}' "$waited_proxy" 2>/dev/null)
      [ "$proxy_state" = 'running 0' ] ||
        { fail_namespace "${owner_and_proxy%%=*}" wait-ready "proxy $waited_proxy ended before ready (${proxy_state:-gone}): $(proxy_complaint "$waited_proxy")" && return 1; }
      still_waiting="$still_waiting $owner_and_proxy"
    done
    waiting=$still_waiting
    [ -n "$waiting" ] || return 0
    if [ "$(epoch_seconds)" -ge $ready_by ]; then
      for owner_and_proxy in $waiting; do
        fail_namespace "${owner_and_proxy%%=*}" wait-ready "proxy ${owner_and_proxy#*=} not ready within ${READY_TIMEOUT_SECONDS}s: $(proxy_complaint "${owner_and_proxy#*=}")"
      done
      return 1
    fi
    pause_briefly
  done
}

# proxy_complaint PROXY: its last error line, else its last lines.
proxy_complaint() {
  run_docker logs --tail 40 "$1" 2>&1 >/dev/null | grep -i error | tail -n 1 | grep . ||
    run_docker logs --tail 3 "$1" 2>&1 | tr '\n' ' '
}

# fail_namespace OWNER STEP REASON: an error event for every target in that namespace.
fail_namespace() {
  printf '%s' "$planned" | while IFS=$TAB read -r failed_owner _ _ failed_task _; do
    [ "$failed_owner" != "$1" ] || emit_error "$failed_task" "$2" "$3"
  done
}

# proxies_started_here FIELD: field 1 (namespace owner) or 2 (proxy id) of each proxy
# this inject started.
proxies_started_here() { printf '%s' "$proxies" | awk -F "$TAB" -v f="$1" '$3 == 1 { print $f }'; }

# undo_inject: stops and removes the proxies this inject started, cleans their
# namespaces, and exits 1.
undo_inject() {
  started_ids=$(proxies_started_here 2)
  if [ -n "$started_ids" ]; then
    # shellcheck disable=SC2086 # one id per word
    run_docker stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $started_ids >/dev/null 2>&1
    # shellcheck disable=SC2086 # one id per word
    run_docker rm -f $started_ids >/dev/null 2>&1
    for owner_id in $(proxies_started_here 1); do
      clean_namespace "$owner_id" || { log "undo: $why" && dirty_namespaces="$dirty_namespaces $owner_id"; }
    done
  fi
  # The reaper stays while proxies of an earlier inject of this chaos id run, and while a
  # namespace is not proven clean: it is then the only thing left to retry the cleanup.
  [ -z "$reaper_armed" ] || [ -n "$dirty_namespaces" ] || printf '%s' "$proxies" | grep -q "${TAB}0\$" ||
    run_docker rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
  log 'removed what this inject started'
  finish 1
}

# One ready event per target, naming its namespace owner and proxy.
report_ready_targets() {
  printf '%s' "$planned" | while IFS= read -r planned_line; do
    read_target_fields "${planned_line#*"$TAB"}"
    owner_id=${planned_line%%"$TAB"*}
    printf '{"event":"ready","instance":"%s","task":"%s","container":"%s","namespace":"%s","proxy":"%s","deadline":%s}\n' \
      "$host_instance" "$task_arn" "$container_name" "$owner_id" \
      "$(printf '%s' "$proxies" | grep "^$owner_id$TAB" | head -n 1 | cut -f2)" "$deadline_ms"
  done
}
