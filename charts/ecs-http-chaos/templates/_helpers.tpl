{{/*
The experiment's name is fixed: Litmus matches ChaosEngine.spec.experiments[].name against
the ChaosExperiment's name, and the run names its ChaosResult after it.
*/}}
{{- define "ecs-http-chaos.experimentName" -}}
ecs-container-http-reset-peer
{{- end }}

{{- define "ecs-http-chaos.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: litmus
{{- if .Values.helmLabels }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
{{- end }}

{{/* The image reference: repository, tag (appVersion by default), optional digest. */}}
{{- define "ecs-http-chaos.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- .Values.image.repository }}:{{ $tag }}
{{- with .Values.image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
One env value as the string the run reads. values.schema.json allows numbers and booleans
too (what `--set` produces); YAML numbers arrive as float64, printed here as integers.
*/}}
{{- define "ecs-http-chaos.envValue" -}}
{{- if kindIs "string" . -}}
{{ . }}
{{- else if or (kindIs "float64" .) (kindIs "int64" .) (kindIs "int" .) -}}
{{ int64 . }}
{{- else if kindIs "bool" . -}}
{{ . }}
{{- end -}}
{{- end }}

{{/* The tunables (values env) as the run reads them, LIB_IMAGE resolved. */}}
{{- define "ecs-http-chaos.envMap" -}}
{{- $out := dict -}}
{{- range $name, $value := .Values.env -}}
{{- $_ := set $out $name (include "ecs-http-chaos.envValue" $value) -}}
{{- end -}}
{{- if eq (get $out "LIB_IMAGE") "" -}}
{{- $_ := set $out "LIB_IMAGE" (include "ecs-http-chaos.image" .) -}}
{{- end -}}
{{- toJson $out -}}
{{- end }}

{{/* Where Litmus AWS charts mount the credentials secret; the run's default too (ADR 0050). */}}
{{- define "ecs-http-chaos.credentialsDir" -}}
/tmp/
{{- end }}
{{- define "ecs-http-chaos.credentialsKey" -}}
cloud_config.yml
{{- end }}

{{/*
The env list shared by the ChaosExperiment and the Job: every tunable in name order, then
AWS_SHARED_CREDENTIALS_FILE when a credentials secret is mounted.
*/}}
{{- define "ecs-http-chaos.env" -}}
{{- $env := include "ecs-http-chaos.envMap" . | fromJson -}}
{{- range $name := keys $env | sortAlpha }}
- name: {{ $name }}
  value: {{ get $env $name | quote }}
{{- end }}
{{- with $env.AWS_AUTHENTICATION_SECRET }}
- name: AWS_SHARED_CREDENTIALS_FILE
  value: {{ printf "%s%s" (include "ecs-http-chaos.credentialsDir" $) (include "ecs-http-chaos.credentialsKey" $) | quote }}
{{- end }}
{{- end }}

{{/*
The Role's rules: the same as test/fixtures/rbac/role.yaml, which the Kubernetes-side tests
prove necessary and sufficient (docs/decisions/0066); a test checks they stay equal.
*/}}
{{- define "ecs-http-chaos.rules" -}}
# The result: read to keep history and resourceVersion, create on the first run, and
# replace as a whole (the CRD has no status subresource).
- apiGroups: [litmuschaos.io]
  resources: [chaosresults]
  verbs: [get, create, update]
# Probes are declared in the ChaosEngine.
- apiGroups: [litmuschaos.io]
  resources: [chaosengines]
  verbs: [get]
# Events have deterministic names: read, then create or update (count++).
- apiGroups: ['']
  resources: [events]
  verbs: [get, create, update]
# The experiment pod's own labels go on the ChaosResult.
- apiGroups: ['']
  resources: [pods]
  verbs: [get]
{{- end }}

{{/*
The probes' rules, apart from the run's own (docs/decisions/0160, 0162): patch on the
ChaosEngine for stopOnFailure, as litmus-go's stopChaosEngine; and, only with
probes.source.enabled, what cmdProbe source pods need.
*/}}
{{- define "ecs-http-chaos.probeRules" -}}
# stopOnFailure: a failed probe stops its engine (engineState: stop), as litmus-go does.
- apiGroups: [litmuschaos.io]
  resources: [chaosengines]
  verbs: [patch]
{{- if .Values.probes.source.enabled }}
# cmdProbe source pods: one per try, its log read, then deleted (get: the rule above).
- apiGroups: ['']
  resources: [pods]
  verbs: [create, delete]
- apiGroups: ['']
  resources: [pods/log]
  verbs: [get]
{{- end }}
{{- end }}

{{- define "ecs-http-chaos.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "ecs-http-chaos.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end }}
