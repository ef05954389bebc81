#!/usr/bin/env bash
# Roll out one WorkCloud release to the cluster kubectl currently points at.
#
#   infra/k8s/rollout.sh <registry> <tag>
#   e.g. infra/k8s/rollout.sh registry.example.com/workcloud 2025.06.1
#
# Images must already be pushed as <registry>/workcloud-{backend,provisioner,web}:<tag>
# (infra/docker/build.sh). The Secret workcloud-secrets must exist (secrets.example.md).
# Set WITH_PGBOUNCER=1 to also apply optional/pgbouncer.yaml.
#
# Order, and why:
#   1. namespace + ConfigMap          – settings the Job and the new pods read
#   2. migration Job, wait for it     – tenant schemas reach the new version BEFORE new code runs;
#                                       if it fails, nothing else changes and the old release keeps serving
#   3. provisioner, then backend + web Deployments, Services, HPAs, PDBs
#   4. Ingress                        – last, so it never points at Services that do not exist yet
#   5. wait until every Deployment has finished its rolling update
set -euo pipefail

if [[ $# -ne 2 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
REGISTRY="$1"
TAG="$2"
# Docker's own rules for a tag; they also keep the sed below safe.
if ! [[ "$TAG" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "invalid image tag: '$TAG'" >&2
  exit 64
fi
if ! [[ "$REGISTRY" =~ ^[A-Za-z0-9._:/-]+$ ]]; then
  echo "invalid registry: '$REGISTRY'" >&2
  exit 64
fi
NAMESPACE=workcloud
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The tag becomes part of the Job's name, which must be a lowercase DNS label (max 63 characters,
# and "workcloud-migrate-" already takes 18).
JOB_SUFFIX="$(printf '%s' "$TAG" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9-' '-' | cut -c1-45 | sed 's/^-*//; s/-*$//')"
if [[ -z "$JOB_SUFFIX" ]]; then
  echo "tag '$TAG' has no characters usable in a Kubernetes name" >&2
  exit 64
fi

# Fill in the placeholders and apply. The Job name uses the sanitised tag; images use the tag as is.
# Files are joined with a "---" line, so the last object of one file never merges into the next.
apply() {
  local file
  for file in "$@"; do
    sed -e "s|workcloud-migrate-__TAG__|workcloud-migrate-${JOB_SUFFIX}|g" \
        -e "s|__REGISTRY__|${REGISTRY}|g" \
        -e "s|__TAG__|${TAG}|g" \
        "$file"
    echo "---"
  done | kubectl apply -f -
}

echo "==> 1. namespace and configuration"
kubectl apply -f "$HERE/namespace.yaml"
if ! kubectl -n "$NAMESPACE" get secret workcloud-secrets >/dev/null 2>&1; then
  echo "Secret $NAMESPACE/workcloud-secrets is missing: create it first (infra/k8s/secrets.example.md)." >&2
  exit 1
fi
kubectl apply -f "$HERE/configmap.yaml"
if [[ "${WITH_PGBOUNCER:-0}" == "1" ]]; then
  apply "$HERE/optional/pgbouncer.yaml"
  kubectl -n "$NAMESPACE" rollout status deployment/pgbouncer --timeout=5m
fi

JOB="workcloud-migrate-${JOB_SUFFIX}"
echo "==> 2. migrations: job/$JOB"
if kubectl -n "$NAMESPACE" get job "$JOB" >/dev/null 2>&1; then
  # Same tag rolled out again: a completed Job is kept; a failed one must be looked at and deleted
  # by a person (kubectl -n workcloud delete job $JOB) before retrying.
  echo "job/$JOB already exists; reusing its result"
else
  apply "$HERE/migrate-job.yaml"
fi
# Wait for Complete or Failed (kubectl wait can only wait for one condition, so poll).
# The Job's activeDeadlineSeconds guarantees it ends in one of the two.
while true; do
  conditions="$(kubectl -n "$NAMESPACE" get job "$JOB" \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
  case " $conditions " in
    *" Complete "*) echo "migrations complete"; break ;;
    *" Failed "*)
      echo "MIGRATIONS FAILED — nothing else was changed; the previous release keeps running." >&2
      kubectl -n "$NAMESPACE" logs "job/$JOB" --tail=200 >&2 || true
      exit 1 ;;
  esac
  sleep 5
done

echo "==> 3. workloads"
# The provisioner first: once migrations ran, new tenants should be created by the new code.
apply "$HERE/provisioner.yaml"
kubectl -n "$NAMESPACE" rollout status deployment/tenant-provisioner --timeout=10m
apply "$HERE/backend.yaml" "$HERE/web.yaml"

echo "==> 4. ingress"
kubectl apply -f "$HERE/ingress.yaml"

echo "==> 5. waiting for the rolling updates"
kubectl -n "$NAMESPACE" rollout status deployment/backend --timeout=15m
kubectl -n "$NAMESPACE" rollout status deployment/web --timeout=10m
echo "release $TAG is live"
