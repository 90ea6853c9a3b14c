# shellcheck shell=sh disable=SC2034,SC2154
# The command's input: P (the payload, ADR 0002), this host's instance id and the
# directories from the environment. All of it is checked before anything acts.

# The instance id: AWS_SSM_INSTANCE_ID, which the SSM agent exports, else IMDSv2.
resolve_host_instance() {
  if [ -n "${AWS_SSM_INSTANCE_ID-}" ]; then
    is_instance_id "$AWS_SSM_INSTANCE_ID" && host_instance=$AWS_SSM_INSTANCE_ID && return
    emit_error '' validate "AWS_SSM_INSTANCE_ID $(show_value "$AWS_SSM_INSTANCE_ID") is not an instance id"
    exit 2
  fi
  metadata_endpoint=${AWS_EC2_METADATA_SERVICE_ENDPOINT:-http://169.254.169.254}
  case ${metadata_endpoint%/} in
    *[!A-Za-z0-9.:/-]*) metadata_endpoint='' ;;
    http://* | https://*) metadata_endpoint=${metadata_endpoint%/} ;;
    *) metadata_endpoint='' ;;
  esac
  if [ -n "$metadata_endpoint" ] && command -v curl >/dev/null 2>&1; then
    imds_token=$(curl -fsS -m 3 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' \
      "$metadata_endpoint/latest/api/token" 2>/dev/null)
    case $imds_token in
      '' | *[!A-Za-z0-9_=+/-]*) ;;
      *)
        imds_instance=$(curl -fsS -m 3 -H "X-aws-ec2-metadata-token: $imds_token" \
          "$metadata_endpoint/latest/meta-data/instance-id" 2>/dev/null) &&
          is_instance_id "$imds_instance" && host_instance=$imds_instance && return
        ;;
    esac
  fi
  emit_error '' validate "AWS_SSM_INSTANCE_ID is unset and IMDSv2 (${metadata_endpoint:-no valid endpoint}; needs curl) gave no instance id"
  exit 1
}

# read_payload: every field of every line of P is checked before anything acts; the
# header goes into the run state, the target lines naming this host into host_targets.
read_payload() {
  case ${P-} in
    '') reject_payload "P is empty; the command must begin with P='<base64>'" ;;
    *[!A-Za-z0-9+/=]*) reject_payload 'P holds characters outside the base64 alphabet' ;;
  esac
  if [ $((${#P} % 4)) -ne 0 ] || ! printf '%s' "$P" | base64 -d >/dev/null 2>&1; then
    reject_payload 'P is not valid base64'
  fi
  payload_line_number=0
  # NUL bytes become \001: the shell would drop them, the field rules refuse \001.
  while IFS= read -r payload_line; do
    payload_line_number=$((payload_line_number + 1))
    [ $payload_line_number -le 5000 ] || reject_payload 'over 5000 lines'
    if [ $payload_line_number -eq 1 ]; then
      read_header "$payload_line"
    else
      read_target_line "target line $((payload_line_number - 1))" "$payload_line"
    fi
  done <<EOF
$(printf '%s' "$P" | base64 -d | tr '\000' '\001')
EOF
}

read_header() { # LINE
  check_fields header "$1" format mode chaos_id lib_image install_dependencies drain_seconds grace_seconds
  IFS=$TAB read -r _ mode chaos_id lib_image install_dependencies drain_seconds grace_seconds <<EOF
$1
EOF
}

read_target_line() { # WHERE LINE
  check_fields "$1" "$2" instance_id cluster_name task_ARN container_name \
    docker_runtime_id network_mode target_port proxy_port reset_timeout_ms interface toxicity deadline
  read_target_fields "$2"
  [ "$target_port" != "$proxy_port" ] || reject_payload "$1: proxy port equals target port"
  [ "$(cluster_of_task_arn "$task_arn")" = "$cluster" ] || reject_payload "$1: the task ARN names another cluster"
  [ "$line_instance" != "$host_instance" ] || host_targets=$host_targets$2$NEWLINE
}

# require_absolute_path VARIABLE VALUE
require_absolute_path() {
  case $2 in
    /*[!A-Za-z0-9_./-]* | [!/]* | '') reject_payload "$1 $(show_value "$2") must be an absolute path of [A-Za-z0-9_./-]" ;;
  esac
}

# The latest deadline (epoch ms) of this host's targets.
latest_deadline() { printf '%s' "$host_targets" | cut -f12 | sort -n | tail -n 1; }
