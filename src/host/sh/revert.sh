# shellcheck shell=sh disable=SC2034,SC2154
# revert (ADR 0070): stop every proxy of the chaos id on this host, prove each namespace
# clean, then remove the reaper. Target lines only name what to report: a revert removes
# everything of its chaos id, also what no line names.

run_revert() {
  [ "$IS_REAPER" = 0 ] || wait_until_revert_time
  reverted_by=revert
  [ "$IS_REAPER" = 0 ] || reverted_by=reaper
  # The tombstone first: from now on a late inject of this chaos id is refused.
  if ! prepare_state_dir || ! echo "reverted at $(epoch_seconds) by $reverted_by" >"$(tombstone_path)"; then
    emit_error '' tombstone "cannot write $(tombstone_path): a late inject of $chaos_id would not be refused"
    revert_failed=1
  fi
  # A clean reaper removes its container and its logs with it: its report stays here.
  [ "$IS_REAPER" = 0 ] || [ ! -w "$STATE_DIR" ] || exec >>"$STATE_DIR/reaped-$chaos_id.log"
  require_docker || finish 1
  wait_for_inject
  chaos_containers=$(list_chaos_containers 2>&1) ||
    { emit_error '' stop-proxy "docker ps: $chaos_containers" && finish 1; }
  stop_proxies "$chaos_containers"
  clean_namespaces
  # The reaper goes last, once the rest is proven gone; it never removes itself here.
  [ -n "$dirty_namespaces" ] || [ "$revert_failed" = 1 ] || [ "$IS_REAPER" = 1 ] ||
    run_docker rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
  leftovers=$(list_chaos_containers 2>/dev/null |
    awk -F '|' -v r="$IS_REAPER" '$3 != "cleanup" && !($3 == "reaper" && r == 1)')
  [ -z "$leftovers" ] || { emit_error '' cleanup "still present after revert: $leftovers" && revert_failed=1; }
  report_reverted_targets
  [ -z "$dirty_namespaces$leftovers" ] && [ "$revert_failed" = 0 ]
  finish $?
}

# stop_proxies CONTAINERS: stops and removes the proxies in that list; stopped_proxies
# gets their lines, each with |<its final stopped event>.
stop_proxies() {
  proxy_ids=$(printf '%s\n' "$1" | awk -F '|' '$3 == "proxy" { print $1 }')
  [ -n "$proxy_ids" ] || return 0
  # SIGTERM: each proxy ends its window itself (resets disarmed, drain, rules removed).
  # shellcheck disable=SC2086 # one id per word
  stop_output=$(run_docker stop -t $((drain_seconds + STOP_MARGIN_SECONDS)) $proxy_ids 2>&1) ||
    log "docker stop: $stop_output"
  for proxy_id in $proxy_ids; do
    # After an unclean end docker restarts the proxy past its deadline, and that incarnation
    # only cleans up and prints zero counters: the window's own line is the one that counts.
    stopped_events=$(run_docker logs "$proxy_id" 2>/dev/null | grep '^{"event":"stopped".*}$' | tr -d '|')
    final_event=$(printf '%s\n' "$stopped_events" | grep -v '"reason":"deadline-passed"' | tail -n 1)
    [ -n "$final_event" ] || final_event=$(printf '%s\n' "$stopped_events" | tail -n 1)
    stopped_proxies=$stopped_proxies$(printf '%s\n' "$1" | grep "^$proxy_id|")"|${final_event:-null}"$NEWLINE
  done
  # shellcheck disable=SC2086 # what is still there after this shows in leftovers
  run_docker rm -f $proxy_ids >/dev/null 2>&1
}

# clean_namespaces: cleanup in every namespace a stopped proxy or a target line names;
# dirty_namespaces gets those not proven clean, namespace_map the targets' namespaces.
clean_namespaces() {
  namespace_map=$(printf '%s' "$host_targets" | while IFS= read -r target_line; do
    read_target_fields "$target_line" && locate_target && echo "$task_arn|$container_name|$namespace_owner"
  done)
  owners=$(printf '%s' "$stopped_proxies" | cut -d'|' -f4)$NEWLINE$(printf '%s' "$namespace_map" | cut -d'|' -f3)
  for owner_id in $(printf '%s\n' "$owners" | sort -u); do
    is_container_id "$owner_id" || continue
    if [ -z "$stopped_proxies" ] && ! run_docker image inspect "$lib_image" >/dev/null 2>&1; then
      log "no proxy of $chaos_id ran here and $lib_image is absent: nothing of ours can be in $owner_id"
    elif ! clean_namespace "$owner_id"; then
      dirty_namespaces="$dirty_namespaces $owner_id"
      emit_error '' cleanup "$why"
    fi
  done
}

# One reverted event per target line: its proxy's final counters and whether it is clean.
report_reverted_targets() {
  printf '%s' "$host_targets" | while IFS= read -r target_line; do
    # The namespace clean_namespaces found: no second docker lookup per target.
    read_target_fields "$target_line" &&
      target_namespace=$(printf '%s\n' "$namespace_map" |
        awk -F '|' -v t="$task_arn" -v c="$container_name" '$1 == t && $2 == c { print $3; exit }')
    target_namespace=${target_namespace:-none}
    stopped_proxy=$(proxy_of_target "$stopped_proxies" "$target_namespace")
    # 0 (clean) or 1, as an exit status.
    target_dirty=0
    case " $dirty_namespaces " in *" $target_namespace "*) target_dirty=1 ;; esac
    [ -z "$leftovers" ] || target_dirty=1
    printf '{"event":"reverted","instance":"%s","task":"%s","proxy":%s,"clean":%s}\n' \
      "$host_instance" "$task_arn" "$(printf '%s' "${stopped_proxy:-||||||null}" | cut -d'|' -f7)" \
      "$(json_bool $target_dirty)"
  done
}

# proxy_of_target CONTAINERS NAMESPACE: the proxy line serving the target just read, by
# its namespace (when that is known, else none), else by its task and container labels.
proxy_of_target() {
  printf '%s\n' "$1" | awk -F '|' -v n="$2" -v t="$task_arn" -v c="$container_name" \
    '$3 == "proxy" && ($4 == n || ($5 == t && $6 == c)) { print; exit }'
}
