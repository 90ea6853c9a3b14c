# shellcheck shell=sh disable=SC2034,SC2154
# status (ADR 0070): one status event per target line, the state of its proxy container.

run_status() {
  require_docker || finish 1
  chaos_containers=$(list_chaos_containers 2>&1) ||
    { emit_error '' docker "docker ps: $chaos_containers" && finish 1; }
  printf '%s' "$host_targets" | while IFS= read -r target_line; do
    read_target_fields "$target_line" && find_namespace
    case $(proxy_of_target "$chaos_containers" "$namespace" | cut -d'|' -f2) in
      running) proxy_state=running ;;
      '') proxy_state=absent ;;
      *) proxy_state=exited ;;
    esac
    printf '{"event":"status","instance":"%s","task":"%s","state":"%s"}\n' "$host_instance" "$task_arn" "$proxy_state"
  done
  finish 0
}

# namespace: the namespace owner of the target just read, or none.
find_namespace() {
  namespace=none
  ! locate_target || namespace=$namespace_owner
}
