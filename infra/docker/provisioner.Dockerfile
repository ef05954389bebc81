# syntax=docker/dockerfile:1
#
# WorkCloud tenant provisioner — its own process: HTTP API on port 3100 (called only by the backend)
# and a CLI (provision, migrate-all, suspend, resume, export, restore, delete).
# The same image runs the pre-rollout migration Job:
#   node tenant-provisioner/dist/cli.js migrate-all --concurrency 4
#
# Build from the REPOSITORY ROOT:
#   docker build --platform linux/amd64 -f infra/docker/provisioner.Dockerfile -t <registry>/workcloud-provisioner:<tag> .
#
# Same stage layout as backend.Dockerfile (read the comments there); differences are marked.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NPM_VERSION=11.19.1

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -type d -empty -delete

FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION}
WORKDIR /app
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# The provisioner depends on the @workcloud/backend workspace (schemas, migrations, database code)
# and loads it from backend/dist at run time, so the backend is compiled first.
RUN npm run build -w @workcloud/backend
RUN npm run build -w @workcloud/tenant-provisioner

FROM ${NODE_IMAGE} AS prod-deps
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION}
WORKDIR /app
COPY --from=manifests /src/ ./
# Production dependencies of the provisioner, which include the backend's (it depends on it).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts -w @workcloud/tenant-provisioner --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/ ./
# node_modules/@workcloud/backend is a symlink to ../../backend: its compiled code must be here too.
COPY --from=build /app/backend/dist ./backend/dist
# Data files the compiled code reads (the list of common passwords refused by the password policy).
COPY --from=build /app/backend/data ./backend/data
COPY --from=build /app/tenant-provisioner/dist ./tenant-provisioner/dist
USER 1000:1000
EXPOSE 3100
ENTRYPOINT ["/usr/bin/tini", "--"]
# The API server. The migration Job keeps this image's ENTRYPOINT and only replaces the arguments
# (k8s `args:`) with `node tenant-provisioner/dist/cli.js migrate-all ...`.
CMD ["node", "tenant-provisioner/dist/server.js"]
