# shellcheck shell=sh disable=SC2034,SC2154
# The Docker CLI, and the containers this script made (all labelled with the chaos id).

# docker, never reading stdin: inside `while read` loops stdin is the list being read.
run_docker() { docker "$@" </dev/null; }

require_docker() {
  if ! command -v docker >/dev/null 2>&1; then
    emit_error '' docker "docker not found on PATH ($PATH): this host needs the Docker CLI and daemon"
    return 1
  fi
  docker_answer=$(run_docker version --format '{{.Server.Version}}' 2>&1) && return
  emit_error '' docker "the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock} does not answer: $docker_answer"
  return 1
}

# id|state|role|namespace|task|container of every container of the chaos id.
list_chaos_containers() {
  run_docker ps -a --no-trunc --filter "label=$LABEL.chaos-id=$chaos_id" \
    --format '{{.ID}}|{{.State}}|{{.Label "io.ecs-http-chaos.role"}}|{{.Label "io.ecs-http-chaos.namespace"}}|{{.Label "io.ecs-http-chaos.task-arn"}}|{{.Label "io.ecs-http-chaos.container"}}'
}
