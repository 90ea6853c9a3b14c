# shellcheck shell=sh disable=SC2034,SC2154
# The command's input is checked as a whole first (instance, payload, environment); then
# the mode the payload names runs, and ends in finish.

main() {
  resolve_host_instance
  read_payload
  require_absolute_path ECS_HTTP_CHAOS_STATE_DIR "$STATE_DIR"
  require_absolute_path ECS_HOST_DATA_DIR "$ECS_DATA_DIR"
  case $IS_REAPER$mode in
    0* | 1revert) ;;
    *) reject_payload "ECS_HTTP_CHAOS_REAPER $(show_value "$IS_REAPER") must be 0, or 1 in revert mode" ;;
  esac
  case " $SCRIPT_MODES " in
    *" $mode "*) ;;
    *) reject_payload "mode $mode: this build of the host script runs $SCRIPT_MODES only" ;;
  esac
  lock_dir=$STATE_DIR/lock-$chaos_id
  log "$mode of chaos id $chaos_id on $host_instance: $(printf '%s' "$host_targets" | grep -c .) target(s) here"
  case $mode in
    inject) run_inject ;;
    revert) run_revert ;;
    status) run_status ;;
  esac
}

main
