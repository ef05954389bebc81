# syntax=docker/dockerfile:1
#
# WorkCloud backend (NestJS on Fastify) — HTTP API on port 3000.
#
# Build from the REPOSITORY ROOT (the build needs the root lockfile and every workspace):
#   docker build --platform linux/amd64 -f infra/docker/backend.Dockerfile -t <registry>/workcloud-backend:<tag> .
# (or infra/docker/build.sh, which builds all three images with the names the k8s manifests use)
#
# Stages:
#   manifests  – only package.json files + package-lock.json, so `npm ci` is cached until dependencies change
#   build      – all dependencies (dev included), compiles backend/src → backend/dist with tsc
#   prod-deps  – production dependencies of the backend workspace only (no webpack, vitest, react…)
#   runtime    – dist + production node_modules, runs as a non-root user

ARG NODE_IMAGE=node:20-bookworm-slim
# The lockfile is written by npm 11 (see /work/shared/STACK.md); node:20 images ship npm 10.
# Using the same npm keeps `npm ci` behaviour (and the allowScripts list in package.json) identical.
ARG NPM_VERSION=11.19.1

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
# Delete everything except package manifests. The next stages COPY this tree; BuildKit caches
# by content, so a change to a .ts file does not invalidate the (slow) `npm ci` layers below.
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -type d -empty -delete

FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION}
WORKDIR /app
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @workcloud/backend

FROM ${NODE_IMAGE} AS prod-deps
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION}
WORKDIR /app
COPY --from=manifests /src/ ./
# -w limits the install to what @workcloud/backend needs at run time (npm 11 honours it for `ci`).
# --ignore-scripts: no production dependency needs its install script in the cluster. The only ones
# are @embedded-postgres/* (links for the embedded database the backend starts when DATABASE_URL
# is missing — a developer convenience; in the cluster DATABASE_URL is always set) and
# @scarf/scarf (download analytics).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts -w @workcloud/backend --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# libxml2-utils: xmllint checks every ЭДО file against its ФНС schema before it is sent.
# tini is PID 1: it forwards SIGTERM to node (a bare PID-1 node ignores it unless the app installs
# a handler) so Kubernetes rollouts stop pods gracefully instead of killing them after the grace period.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini libxml2-utils \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# The backend listens on 127.0.0.1 unless HOST is set; in the container it must answer the pod network.
ENV HOST=0.0.0.0
WORKDIR /app
# The repository layout is kept (/app/backend/dist, /app/node_modules, workspace package.json files):
# the backend resolves some paths relative to the repository root, and workspace symlinks in
# node_modules (node_modules/@workcloud/* -> ../../<workspace>) must keep pointing somewhere real.
# Files stay owned by root and read-only for the app user: the process cannot rewrite its own code.
COPY --from=prod-deps /app/ ./
COPY --from=build /app/backend/dist ./backend/dist
# Data files the compiled code reads (the list of common passwords refused by the password policy).
COPY --from=build /app/backend/data ./backend/data
# 1000 is the `node` user of the base image. Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "backend/dist/main.js"]
