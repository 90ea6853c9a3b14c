{{/*
Rules between values, which values.schema.json cannot express. They mirror the run's own
checks (src/config/cross-checks.ts) and its message shape, so a mistake is refused at
install time with the same words it would get at run time. Empty values are skipped: the
run applies its default there, and checks again.
*/}}
{{- define "ecs-http-chaos.refuse" -}}
{{- fail (printf "\n%s=%s: %s (example: %s=%s)" .name (.value | toString | quote) .rule .name .example) -}}
{{- end }}

{{- define "ecs-http-chaos.validate" -}}
{{- $env := include "ecs-http-chaos.envMap" . | fromJson -}}
{{- $target := $env.TARGET_SERVICE_PORT -}}
{{- $proxy := $env.PROXY_PORT -}}
{{- if and $target $proxy (eq $target $proxy) -}}
{{- include "ecs-http-chaos.refuse" (dict "name" "PROXY_PORT" "value" $proxy "rule" (printf "must differ from TARGET_SERVICE_PORT (%s)" $target) "example" (ternary "20001" "20000" (eq $target "20000"))) -}}
{{- end -}}
{{- $reset := $env.RESET_TIMEOUT -}}
{{- $window := $env.TOTAL_CHAOS_DURATION -}}
{{- if and $reset $window (ge (atoi $reset) (mul (atoi $window) 1000)) -}}
{{- include "ecs-http-chaos.refuse" (dict "name" "RESET_TIMEOUT" "value" $reset "rule" (printf "must be shorter than the window, TOTAL_CHAOS_DURATION=%s s (%d ms), or no connection could ever be reset" $window (mul (atoi $window) 1000)) "example" (toString (div (mul (atoi $window) 1000) 2))) -}}
{{- end -}}
{{- $delay := $env.STATUS_CHECK_DELAY -}}
{{- $timeout := $env.STATUS_CHECK_TIMEOUT -}}
{{- if and $delay $timeout (gt (atoi $delay) (atoi $timeout)) -}}
{{- include "ecs-http-chaos.refuse" (dict "name" "STATUS_CHECK_DELAY" "value" $delay "rule" (printf "must not exceed STATUS_CHECK_TIMEOUT (%s)" $timeout) "example" "2") -}}
{{- end -}}
{{- if .Values.job.enabled -}}
{{- if not $env.CLUSTER_NAME -}}
{{- include "ecs-http-chaos.refuse" (dict "name" "CLUSTER_NAME" "value" "" "rule" "required by the standalone Job (job.enabled): ECS cluster name or ARN" "example" "my-cluster") -}}
{{- end -}}
{{- if not $env.REGION -}}
{{- include "ecs-http-chaos.refuse" (dict "name" "REGION" "value" "" "rule" "required by the standalone Job (job.enabled): AWS region of the cluster" "example" "us-east-1") -}}
{{- end -}}
{{- if not (or $env.SERVICE_NAME $env.TASK_REPLICA_ID) -}}
{{- include "ecs-http-chaos.refuse" (dict "name" "SERVICE_NAME" "value" "" "rule" "the standalone Job (job.enabled) needs SERVICE_NAME or TASK_REPLICA_ID (at least one of them says what to target)" "example" "checkout") -}}
{{- end -}}
{{- end -}}
{{- end }}
