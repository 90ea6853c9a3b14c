# shellcheck shell=sh disable=SC2034,SC2154
# The reaper (ADR 0071): the dead-man switch outside the SSM process group. A container
# of LIB_IMAGE runs this same script (the image's copy) in revert mode at the latest
# deadline + grace, whatever happens to the inject, the executor or SSM.

# start_reaper: arms ehc-reaper-<chaos id>, unless it already runs, and waits until it
# says it is armed.
start_reaper() {
  reaper_name=ehc-reaper-$chaos_id
  reaper_running=$(run_docker inspect --type container --format '{{.State.Running}}' "$reaper_name" 2>/dev/null)
  [ "$reaper_running" != true ] || { log "$reaper_name is already armed" && return; }
  [ -z "$reaper_running" ] || run_docker rm -f "$reaper_name" >/dev/null 2>&1
  # It reverts through the host's Docker daemon: its unix socket is mounted.
  docker_socket=${DOCKER_HOST:-unix:///var/run/docker.sock}
  case $docker_socket in unix:///*) docker_socket=${docker_socket#unix://} ;; *) docker_socket='' ;; esac
  case $docker_socket in *[!A-Za-z0-9_./-]*) docker_socket='' ;; esac
  if [ -z "$docker_socket" ] || [ ! -S "$docker_socket" ]; then
    emit_error '' reaper "the reaper mounts the Docker daemon's unix socket; DOCKER_HOST $(show_value "${DOCKER_HOST-}") names none"
    return 1
  fi
  # The ECS agent's metadata files, read-only, for locating targets without a runtime id.
  ecs_data_mount=''
  [ ! -d "$ECS_DATA_DIR" ] || ecs_data_mount=type=bind,source=$ECS_DATA_DIR,target=$ECS_DATA_DIR,readonly
  reaper_output=$(run_docker run -d --name "$reaper_name" --restart on-failure:5 --pid host --network none \
    --user 0 --cap-drop ALL --security-opt no-new-privileges --memory 128m --pids-limit 128 \
    --log-driver json-file --log-opt max-size=1m \
    --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=reaper" --label "$LABEL.deadline=$(latest_deadline)" \
    --mount "type=bind,source=$docker_socket,target=/var/run/docker.sock" \
    --mount "type=bind,source=$STATE_DIR,target=$STATE_DIR" ${ecs_data_mount:+--mount} ${ecs_data_mount:+"$ecs_data_mount"} \
    -e DOCKER_HOST=unix:///var/run/docker.sock -e "ECS_HTTP_CHAOS_STATE_DIR=$STATE_DIR" \
    -e "ECS_HOST_DATA_DIR=$ECS_DATA_DIR" -e ECS_HTTP_CHAOS_REAPER=1 -e "AWS_SSM_INSTANCE_ID=$host_instance" \
    -e "P=$(reaper_payload)" --entrypoint sh "$lib_image" "$SCRIPT_IN_IMAGE" 2>&1)
  if ! is_container_id "$(printf '%s' "$reaper_output" | tail -n 1)"; then
    run_docker rm -f "$reaper_name" >/dev/null 2>&1
    emit_error '' reaper "could not start the reaper: $reaper_output"
    return 1
  fi
  reaper_armed=1
  wait_reaper_armed
}

# The reaper's payload: this one in revert mode, with this host's target lines only.
reaper_payload() {
  printf 'ehc1\trevert\t%s\t%s\t%s\t%s\t%s\n%s' "$chaos_id" "$lib_image" "$install_dependencies" \
    "$drain_seconds" "$grace_seconds" "$host_targets" | base64 | tr -d '\n'
}

# Until the reaper logs 'reaper armed' (wait_until_revert_time), at most READY_TIMEOUT_SECONDS.
wait_reaper_armed() {
  armed_by=$(($(epoch_seconds) + READY_TIMEOUT_SECONDS))
  until run_docker logs "$reaper_name" 2>&1 | grep -q 'reaper armed'; do
    if [ "$(run_docker inspect --format '{{.State.Status}}' "$reaper_name" 2>/dev/null)" != running ] ||
      [ "$(epoch_seconds)" -ge $armed_by ]; then
      emit_error '' reaper "the reaper did not arm (is $lib_image an ecs-http-chaos image with $SCRIPT_IN_IMAGE?): $(run_docker logs --tail 5 "$reaper_name" 2>&1)"
      return 1
    fi
    pause_briefly
  done
}

# In the reaper: sleeps until the latest deadline + grace; `docker rm -f` disarms it.
wait_until_revert_time() {
  revert_at=$(($(latest_deadline) / 1000 + grace_seconds))
  log "reaper armed: revert of $chaos_id at epoch $revert_at"
  while [ "$(epoch_seconds)" -lt $revert_at ]; do
    nap_seconds=$((revert_at - $(epoch_seconds)))
    [ $nap_seconds -le 30 ] || nap_seconds=30
    sleep $nap_seconds
  done
}
