# syntax=docker/dockerfile:1
#
# WorkCloud web: the static UIs (shell + every microfrontend) served by nginx on port 8080.
#   /            -> shell/dist                 (single-page app: unknown paths fall back to index.html)
#   /mf/<name>/  -> microfrontends/<name>/dist (module federation remotes)
#   /api/, /metrics -> proxied to the backend Service (see nginx.conf)
#
# Build from the REPOSITORY ROOT:
#   docker build --platform linux/amd64 -f infra/docker/web.Dockerfile -t <registry>/workcloud-web:<tag> .
#
# New microfrontends are picked up automatically: every folder under microfrontends/ is built
# and copied to /mf/<folder name>/.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NPM_VERSION=11.19.1
# nginx-unprivileged: the official nginx build, preconfigured to run as uid 101 and to keep its
# pid/temp files under /tmp, so it works with a read-only root filesystem and no root user.
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28-alpine

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
# `-w microfrontends` selects every workspace inside that folder.
RUN npm run build -w @workcloud/shell -w microfrontends
# Assemble the web root exactly as nginx serves it. A microfrontend without dist/ fails the build
# on purpose: better than an image that silently lacks a module UI.
RUN set -eu; \
    mkdir -p /out/mf; \
    cp -R shell/dist/. /out/; \
    for dir in microfrontends/*/; do \
      name="$(basename "$dir")"; \
      test -d "${dir}dist" || { echo "microfrontends/$name has no dist/ after the build" >&2; exit 1; }; \
      mkdir -p "/out/mf/$name"; \
      cp -R "${dir}dist/." "/out/mf/$name/"; \
    done

FROM ${NGINX_IMAGE} AS runtime
# Replaces the image's default server block; the image's main nginx.conf (worker settings, pid and
# temp paths under /tmp, mime types, access log to stdout) stays as it is.
COPY infra/docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /out/ /usr/share/nginx/html/
# nginx-unprivileged already runs as this user; stated again so the image says it.
USER 101
EXPOSE 8080
# CMD/ENTRYPOINT come from the nginx image (nginx -g 'daemon off;').
