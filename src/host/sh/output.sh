# shellcheck shell=sh disable=SC2034,SC2154
# What the host script says. Stdout belongs to the executor: JSON lines only, one event an
# object (ADR 0002: error, ready, reverted, status, summary), parsed by
# src/host/payload-output.ts. Stderr is for people reading the SSM output.

log() { printf 'ecs-http-chaos host: %s\n' "$*" >&2; }

epoch_seconds() { date +%s; }

# Between two docker polls: 0.2 s where sleep takes fractions, else 1 s.
pause_briefly() { sleep 0.2 2>/dev/null || sleep 1; }

# A JSON string's body: at most 480 bytes, control characters as spaces, \ and " escaped.
json_escape() { printf '%.480s' "$1" | tr '\000-\037\177' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }

# json_bool STATUS: true for the exit status 0, else false.
json_bool() { if [ "$1" = 0 ]; then echo true; else echo false; fi; }

# A value quoted for a message, shortened past 60 characters (src/config/show-value.ts).
show_value() {
  if [ ${#1} -gt 60 ]; then
    printf "'%.60s...' (%s chars)" "$1" ${#1}
  else
    printf "'%s'" "$1"
  fi
}

# emit_error TASK STEP REASON: one error event (TASK may be empty), and a line for people.
emit_error() {
  printf '{"event":"error","instance":"%s","task":"%s","step":"%s","reason":"%s"}\n' \
    "$host_instance" "$1" "$2" "$(json_escape "$3")"
  log "$2${1:+ ($1)}: $3"
}

# finish EXIT_STATUS: the only way out once the payload is read. Releases the lock and
# prints the summary event (when the mode is known).
finish() {
  [ -z "$lock_held" ] || rm -rf "$lock_dir"
  case $mode in
    inject | revert | status)
      printf '{"event":"summary","instance":"%s","mode":"%s","ok":%s}\n' \
        "$host_instance" "$mode" "$(json_bool "$1")"
      ;;
  esac
  # A reaper whose revert is clean removes its own container: the last thing it does.
  if [ "$IS_REAPER" = 1 ] && [ "$1" = 0 ] && [ "$mode" = revert ]; then
    run_docker rm -f "ehc-reaper-$chaos_id" >/dev/null 2>&1
  fi
  exit "$1"
}

# reject_payload REASON: exit 2 before anything was done.
reject_payload() {
  emit_error '' validate "payload rejected, nothing was done: $1"
  finish 2
}
