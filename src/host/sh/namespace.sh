# shellcheck shell=sh disable=SC2034,SC2154
# A target's container, the owner of its network namespace (ADR 0072), and cleaning
# what this chaos id left in a namespace.

# inspect_container CONTAINER: sets inspected_{id,running,status,network,task_arn,name}
# (the last two from the ECS agent's labels); fails when there is no such container.
inspect_container() {
  inspected_id=''
  IFS='|' read -r inspected_id inspected_running inspected_status inspected_network \
    inspected_task_arn inspected_name <<EOF
$(run_docker inspect --type container --format '{{.Id}}|{{.State.Running}}|{{.State.Status}}|{{.HostConfig.NetworkMode}}|{{index .Config.Labels "com.amazonaws.ecs.task-arn"}}|{{index .Config.Labels "com.amazonaws.ecs.container-name"}}' "$1" 2>/dev/null)
EOF
  is_container_id "$inspected_id"
}

# find_container_by_labels: sets container to the running container with the target's
# ECS labels, else the newest one; else why.
find_container_by_labels() {
  labelled=$(run_docker ps -a --no-trunc --filter "label=com.amazonaws.ecs.task-arn=$task_arn" \
    --filter "label=com.amazonaws.ecs.container-name=$container_name" --format '{{.ID}} {{.State}}' 2>&1) ||
    { why="docker ps: $labelled" && return 1; }
  container=$(printf '%s\n' "$labelled" | grep ' running$' | cut -d' ' -f1)
  case $container in
    *"$NEWLINE"*) why="several running containers carry the ECS labels of $container_name of $task_arn" && return 1 ;;
  esac
  container=${container:-$(printf '%s\n' "$labelled" | head -n 1 | cut -d' ' -f1)}
  [ -n "$container" ] ||
    why="no container $container_name of $task_arn on this host (no ECS metadata file $metadata_file, no container with its ECS labels)"
  [ -n "$container" ]
}

# locate_target: for the target just read, sets container, container_running,
# container_status, namespace_owner and owner_running; else failed_step and why.
# The runtime id ECS reported comes first, then the ECS agent's metadata file, then labels.
locate_target() {
  container='' failed_step=find-container why=''
  metadata_file=$ECS_DATA_DIR/data/metadata/$cluster/${task_arn##*/}/$container_name/ecs-container-metadata.json
  if [ "$runtime_id" != - ]; then
    inspect_container "$runtime_id" ||
      { why="no container $runtime_id (the runtime id ECS reported for $container_name of $task_arn) on this host" && return 1; }
  else
    [ ! -f "$metadata_file" ] ||
      container=$(sed -n 's/.*"ContainerID"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{64\}\)".*/\1/p' "$metadata_file" | head -n 1)
    if [ -z "$container" ] || ! inspect_container "$container"; then
      if ! find_container_by_labels || ! inspect_container "$container"; then
        why=${why:-"$container vanished"}
        return 1
      fi
    fi
  fi
  container=$inspected_id container_running=$inspected_running container_status=$inspected_status
  namespace_owner=$inspected_id owner_running=$inspected_running
  [ "$inspected_task_arn|$inspected_name" = "$task_arn|$container_name" ] ||
    { why="container $container is not $container_name of $task_arn: its ECS labels say $(show_value "$inspected_name") of $(show_value "$inspected_task_arn")" && return 1; }
  # awsvpc: the app joins the namespace of the task's pause container, which owns it.
  case $inspected_network in
    container:*)
      inspect_container "${inspected_network#container:}" ||
        { why="$container_name of $task_arn joins the network of ${inspected_network#container:}, which is not on this host" && return 1; }
      namespace_owner=$inspected_id owner_running=$inspected_running
      ;;
  esac
  [ "$inspected_network" != host ] && return
  failed_step=network-mode
  why="$container_name of $task_arn uses host network mode: refused in this version (the redirect would sit in the host's own namespace, beside Docker's and the ECS agent's rules)"
  return 1
}

# clean_namespace OWNER: `cleanup --id` in that namespace removes the rules tagged with
# this chaos id, never a flush; succeeds when nothing tagged is left there, else why.
clean_namespace() {
  # Its owner gone, the namespace is gone with every rule in it.
  [ "$(run_docker inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 0
  run_docker image inspect "$lib_image" >/dev/null 2>&1 ||
    { why="LIB_IMAGE $lib_image is not on this host: cannot run cleanup in the namespace of $1" && return 1; }
  cleanup_output=$(run_docker run --rm --network "container:$1" --user 0 --cap-drop ALL \
    --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges \
    --label "$LABEL.chaos-id=$chaos_id" --label "$LABEL.role=cleanup" \
    "$lib_image" cleanup --id "$chaos_id" 2>&1)
  case $(printf '%s\n' "$cleanup_output" | grep '^{"event":"cleanup"' | tail -n 1) in *'"clean":true'*) return ;; esac
  why="cleanup --id $chaos_id in the namespace of $1 did not end clean: $(printf '%s\n' "$cleanup_output" | tail -n 3 | tr '\n' ' ')"
  return 1
}
