{{/*
The services as the apps know them: libs/common/src/services.json, through a
symbolic link (files/services.json), so a port or a dependency is written once.
*/}}
{{- define "commercex.services" -}}
{{- .Files.Get "files/services.json" | required "files/services.json is missing: the chart reads libs/common/src/services.json through it" -}}
{{- end -}}

{{/* A release's name, or fullnameOverride; every object's name starts with it. */}}
{{- define "commercex.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "commercex.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: commercex
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: commercex
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component (a service, or the topics job): call with (list $ "order-service"). */}}
{{- define "commercex.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: commercex
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "commercex.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "commercex.secretName" -}}
{{- default (printf "%s-secrets" (include "commercex.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The in-cluster URL of a service: call with (list $ "product-service" 3002). */}}
{{- define "commercex.url" -}}
{{- printf "http://%s-%s:%v" (include "commercex.fullname" (index . 0)) (index . 1) (index . 2) -}}
{{- end -}}

{{/*
Who calls a service over HTTP besides the gateway: order-service asks
product-service for a price it has not heard of yet (PRODUCT_SERVICE_URL,
apps/order-service/src/prices/prices.service.ts).
*/}}
{{- define "commercex.callers" -}}
product-service: [order-service]
{{- end -}}

{{/*
The most replicas a service's autoscaler may run. A consumer's is the
partition count (kafka.partitions) unless set lower: its consumer group
gives each partition to one member, so more members than partitions idle.
Call with (list $ "order-service" $info $settings).
*/}}
{{- define "commercex.maxReplicas" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $info := index . 2 -}}
{{- $scaling := (index . 3).autoscaling -}}
{{- $partitions := int $root.Values.kafka.partitions -}}
{{- if $info.consumesEvents -}}
{{- $max := $scaling.maxReplicas | default $partitions | int -}}
{{- if gt $max $partitions -}}
{{- fail (printf "services.%s.autoscaling.maxReplicas (%d) is above kafka.partitions (%d): a consumer group gives each partition to one instance, so the extra ones would idle. Lower it, or raise kafka.partitions (and the topics' partitions: docs/DEPLOY.md)" $name $max $partitions) -}}
{{- end -}}
{{- $max -}}
{{- else -}}
{{- $scaling.maxReplicas | required (printf "services.%s.autoscaling.maxReplicas is required" $name) | int -}}
{{- end -}}
{{- end -}}

{{/*
The Kafka principals a release signs in as, with kafka.sasl.mechanism set:
the services with `kafkaPrincipal` in services.json. JSON: {"names": [...]}.
*/}}
{{- define "commercex.kafkaPrincipals" -}}
{{- $names := list -}}
{{- range $name, $info := include "commercex.services" . | fromJson -}}
{{- if $info.kafkaPrincipal }}{{ $names = append $names $name }}{{ end -}}
{{- end -}}
{{- dict "names" $names | toJson -}}
{{- end -}}
