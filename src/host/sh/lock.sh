# shellcheck shell=sh disable=SC2034,SC2154
# The state directory, the per-chaos-id lock and the tombstone (ADR 0071): an inject and
# a revert of one chaos id never act at once, and an inject arriving after its revert
# (SSM delivers late, retries) is refused.

prepare_state_dir() {
  mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR" || return
  # A tombstone matters only until its deadline: a week is plenty.
  find "$STATE_DIR/." ! -name . -prune \( -name 'tombstone-*' -o -name 'reaped-*' \) -mtime +7 \
    -exec rm -f {} + 2>/dev/null
  return 0
}

tombstone_path() { printf '%s/tombstone-%s' "$STATE_DIR" "$chaos_id"; }

# process_start_time PID: field 22 of /proc/PID/stat (counted after the command name,
# which may hold spaces); with the pid it names a process even after the pid is reused.
process_start_time() {
  proc_stat=$(cat "/proc/$1/stat" 2>/dev/null) && printf '%s\n' "${proc_stat##*') '}" | cut -d' ' -f20
}

# remove_stale_lock: succeeds when it removed a lock whose holder (pid, start time in its
# owner file) is gone; lock_owner is the holder it read.
remove_stale_lock() {
  lock_owner=$(cat "$lock_dir/owner" 2>/dev/null) || lock_owner=''
  if [ -z "$lock_owner" ]; then
    # A holder writes its owner file right after taking the lock: give it five looks.
    unowned_lock_looks=$((unowned_lock_looks + 1))
    [ $unowned_lock_looks -ge 5 ] || return 1
  elif [ "$(process_start_time "${lock_owner%% *}")" = "$(echo "$lock_owner" | cut -d' ' -f2)" ]; then
    return 1
  fi
  log "removing the stale lock $lock_dir (its holder ${lock_owner:-?} is gone)"
  # Moved aside first: removed only if it is still the lock that was judged stale.
  mv "$lock_dir" "$lock_dir.$$" 2>/dev/null || return
  if [ "$(cat "$lock_dir.$$/owner" 2>/dev/null)" = "$lock_owner" ]; then
    rm -rf "$lock_dir.$$"
  else
    mv "$lock_dir.$$" "$lock_dir"
  fi
  unowned_lock_looks=0
}

take_lock() {
  lock_wait_until=$(($(epoch_seconds) + LOCK_WAIT_SECONDS))
  until mkdir "$lock_dir" 2>/dev/null; do
    remove_stale_lock && continue
    [ "$(epoch_seconds)" -lt $lock_wait_until ] || return
    sleep 1
  done
  lock_held=1
  echo "$$ $(process_start_time $$) $(epoch_seconds)" >"$lock_dir/owner"
}

# A revert waits (bounded) for an inject of its chaos id that still runs.
wait_for_inject() {
  inject_wait_until=$(($(epoch_seconds) + LOCK_WAIT_SECONDS))
  while [ -d "$lock_dir" ]; do
    remove_stale_lock && continue
    [ "$(epoch_seconds)" -lt $inject_wait_until ] ||
      { log "an inject still holds $lock_dir; reverting anyway (the tombstone stops it)" && return; }
    sleep 1
  done
}

# refused_by_tombstone [TASK]: succeeds, with an error event, when this chaos id was
# already reverted on this host.
refused_by_tombstone() {
  [ -e "$(tombstone_path)" ] || return 1
  emit_error "${1-}" tombstone "chaos id $chaos_id was already reverted on this host ($(cat "$(tombstone_path)")): refusing a late inject"
}
