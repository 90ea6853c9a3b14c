# shellcheck shell=sh disable=SC2034,SC2154
# status (ADR 0070, 0140): one status event per target line: the state of its proxy
# container, its restarts, exit code and OOM kill, and when the host looked ("at", s).

run_status() {
  require_docker || finish 1
  chaos_containers=$(list_chaos_containers 2>&1) ||
    { emit_error '' docker "docker ps: $chaos_containers" && finish 1; }
  printf '%s' "$host_targets" | while IFS= read -r target_line; do
    read_target_fields "$target_line" && find_namespace
    proxy_line=$(proxy_of_target "$chaos_containers" "$namespace")
    case $(printf '%s' "$proxy_line" | cut -d'|' -f2) in
      running) proxy_state=running ;;
      '') proxy_state=absent ;;
      *) proxy_state=exited ;;
    esac
    proxy_details=$(describe_proxy "$proxy_line")
    printf '{"event":"status","instance":"%s","task":"%s","container":"%s","state":"%s",%s"at":%s}\n' \
      "$host_instance" "$task_arn" "$container_name" "$proxy_state" "$proxy_details" "$(epoch_seconds)"
  done
  finish 0
}

# namespace: the namespace owner of the target just read, or none.
find_namespace() {
  namespace=none
  ! locate_target || namespace=$namespace_owner
}

# JSON members (each followed by a comma) from docker inspect of the proxy container, or
# nothing when there is none. Only characters docker's own values use may pass: the text
# goes into a JSON line verbatim.
describe_proxy() {
  [ -n "$1" ] || return 0
  proxy_details=$(run_docker inspect --type container --format '"proxy":"{{.Id}}","restarts":{{.RestartCount}},"exitCode":{{.State.ExitCode}},"oomKilled":{{.State.OOMKilled}},"finishedAt":"{{.State.FinishedAt}}",' "${1%%|*}" 2>/dev/null)
  case $proxy_details in *[!A-Za-z0-9_\":,.+-]*) proxy_details='' ;; esac
  printf '%s' "$proxy_details"
}
