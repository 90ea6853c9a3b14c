# shellcheck shell=sh disable=SC2034,SC2154
# The field rules of ADR 0002 as `case` patterns. src/host/payload-fields.ts holds the
# same rules for the executor, and test/unit/host/host-script.test.ts holds the two to
# the same verdict on the edge values of every field.

is_hex() { case $1 in '' | *[!0-9a-f]*) return 1 ;; esac; }

is_container_id() { is_hex "$1" && [ ${#1} -eq 64 ]; }

# is_uint VALUE MIN MAX: decimal without a leading 0, at most 9 digits (sh arithmetic
# neither overflows nor reads it as octal), within MIN..MAX.
is_uint() {
  case $1 in '' | *[!0-9]* | 0?*) return 1 ;; esac &&
    [ ${#1} -le 9 ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

is_ecs_name() { case $1 in '' | *[!A-Za-z0-9_-]*) return 1 ;; esac && [ ${#1} -le 255 ]; }

# 2 to 4 lower-case letters: a piece of a region name.
is_region_word() { case $1 in '' | *[!a-z]*) return 1 ;; esac && [ ${#1} -ge 2 ] && [ ${#1} -le 4 ]; }

# i-<8 or 17 hex digits> (EC2), mi-<17 hex digits> (a managed instance).
is_instance_id() {
  case $1 in
    i-*) set -- "${1#i-}" 8 17 ;;
    mi-*) set -- "${1#mi-}" 17 17 ;;
    *) return 1 ;;
  esac
  is_hex "$1" && { [ ${#1} -eq "$2" ] || [ ${#1} -eq "$3" ]; }
}

# [a-z]{2,4}(-[a-z]{2,4})?-<direction>-[0-9]{1,2}, taken apart from the right.
is_region() {
  case $1 in '' | *[!a-z0-9-]* | *--* | -* | *-) return 1 ;; esac
  case ${1##*-} in [0-9] | [0-9][0-9]) set -- "${1%-*}" ;; *) return 1 ;; esac
  case ${1##*-} in
    central | north | south | east | west | northeast | northwest | southeast | southwest) ;;
    *) return 1 ;;
  esac
  case $1 in *-*) set -- "${1%-*}" ;; *) return 1 ;; esac
  case $1 in
    *-*) is_region_word "${1%-*}" && is_region_word "${1#*-}" ;;
    *) is_region_word "$1" ;;
  esac
}

# 32 hex digits, or a UUID (the same without its dashes).
is_task_id() {
  case $1 in ????????-????-????-????-????????????) set -- "$(printf '%s' "$1" | tr -d -)" ;; esac
  is_hex "$1" && [ ${#1} -eq 32 ]
}

# cluster_of_task_arn ARN: prints the cluster of a well-formed task ARN, else fails.
# arn:<aws partition>:ecs:<region>:<12-digit account>:task/<cluster>/<task id>
cluster_of_task_arn() {
  case $1 in arn:aws*:ecs:*:*:task/*/*) arn_rest=${1#arn:aws} ;; *) return 1 ;; esac
  case ${arn_rest%%:*} in *[!a-z-]*) return 1 ;; esac
  arn_rest=${arn_rest#*:}
  case $arn_rest in ecs:*) arn_rest=${arn_rest#ecs:} ;; *) return 1 ;; esac
  is_region "${arn_rest%%:*}" || return
  arn_rest=${arn_rest#*:}
  case $arn_rest in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:task/*) arn_rest=${arn_rest#*:task/} ;;
    *) return 1 ;;
  esac
  is_ecs_name "${arn_rest%%/*}" && is_task_id "${arn_rest#*/}" && printf '%s' "${arn_rest%%/*}"
}

# field_is_valid FIELD VALUE: whether VALUE keeps FIELD's rule; field_rule is its text.
field_is_valid() {
  value=$2
  case $1 in
    format)
      field_rule=ehc1
      [ "$value" = ehc1 ]
      ;;
    mode)
      field_rule='inject|revert|status'
      case $value in inject | revert | status) ;; *) false ;; esac
      ;;
    chaos_id)
      field_rule='[a-z0-9-]{1,64}'
      case $value in '' | *[!a-z0-9-]*) false ;; *) [ ${#value} -le 64 ] ;; esac
      ;;
    lib_image)
      field_rule='[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}'
      case $value in
        [A-Za-z0-9]*) case $value in *[!A-Za-z0-9._/:@-]*) false ;; *) [ ${#value} -le 255 ] ;; esac ;;
        *) false ;;
      esac
      ;;
    install_dependencies)
      field_rule='true|false'
      case $value in true | false) ;; *) false ;; esac
      ;;
    drain_seconds)
      field_rule=0-60
      is_uint "$value" 0 60
      ;;
    grace_seconds)
      field_rule=0-3600
      is_uint "$value" 0 3600
      ;;
    instance_id)
      field_rule='i-[0-9a-f]{8|17} or mi-[0-9a-f]{17}'
      is_instance_id "$value"
      ;;
    cluster_name | container_name)
      field_rule='[A-Za-z0-9_-]{1,255}'
      is_ecs_name "$value"
      ;;
    task_ARN)
      field_rule='arn:aws*:ecs:<region>:<account>:task/<cluster>/<id>'
      cluster_of_task_arn "$value" >/dev/null
      ;;
    docker_runtime_id)
      field_rule='[0-9a-f]{64} or -'
      [ "$value" = - ] || is_container_id "$value"
      ;;
    network_mode)
      field_rule='bridge|awsvpc'
      case $value in bridge | awsvpc) ;; *) false ;; esac
      ;;
    target_port | proxy_port)
      field_rule=1-65535
      is_uint "$value" 1 65535
      ;;
    reset_timeout_ms)
      field_rule=0-86400000
      is_uint "$value" 0 86400000
      ;;
    interface)
      field_rule='auto or [A-Za-z0-9_.-]{1,15}'
      case $value in auto) ;; '' | . | .. | *[!A-Za-z0-9_.-]*) false ;; *) [ ${#value} -le 15 ] ;; esac
      ;;
    toxicity)
      field_rule=0-100
      is_uint "$value" 0 100
      ;;
    deadline)
      field_rule='epoch ms, 13 digits, no leading 0'
      case $value in '' | 0* | *[!0-9]*) false ;; *) [ ${#value} -eq 13 ] ;; esac
      ;;
  esac
}

# check_fields WHERE LINE FIELD...: rejects the payload unless LINE holds one TAB-separated,
# non-empty field per FIELD, each keeping its rule.
check_fields() {
  fields_where=$1 fields_line=$2
  shift 2
  field_names=$*
  field_count=$(($(printf '%s' "$fields_line" | tr -cd '\t' | wc -c) + 1))
  [ "$field_count" -eq $# ] || reject_payload "$fields_where has $field_count fields, not $#"
  case $TAB$fields_line$TAB in *"$TAB$TAB"*) reject_payload "$fields_where has an empty field" ;; esac
  # Split on tabs only, and no pathname expansion of what came from outside.
  set -f
  IFS=$TAB
  # shellcheck disable=SC2086 # split into the fields
  set -- $fields_line
  unset IFS
  set +f
  for field_name in $field_names; do
    field_is_valid "$field_name" "$1" ||
      reject_payload "$fields_where: $(echo "$field_name" | tr _ ' ') is $(show_value "$1"); rule: $field_rule"
    shift
  done
}

# read_target_fields LINE: a checked target line into the target variables (its network
# mode aside: the container's own settings decide).
read_target_fields() {
  IFS=$TAB read -r line_instance cluster task_arn container_name runtime_id _ \
    target_port proxy_port reset_timeout_ms interface_name toxicity deadline_ms <<EOF
$1
EOF
}
