# syntax=docker/dockerfile:1.7
# One image per Folio service, picked by a build argument:
#   docker build --build-arg SERVICE=scheduler -t folio-scheduler .
# Stages: manifests (package files only, so the npm ci layers stay cached while sources change),
# build (npm ci + tsc -b), prod-deps (production dependencies of the chosen workspace only),
# assemble (compiled output without sources), runtime (node:20-bookworm-slim, uid 10001).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
# Keep the root and every workspace's package.json plus the lock file, in their directories.
RUN mkdir /manifests \
 && find . -path ./node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | grep -v '/node_modules/' | xargs -r cp --parents -t /manifests

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
ARG SERVICE
RUN if [ -z "${SERVICE}" ] || [ ! -f "services/${SERVICE}/package.json" ]; then \
      echo "build with --build-arg SERVICE=<name>, where services/<name>/package.json exists (got '${SERVICE}')" >&2; exit 1; \
    fi
RUN npx tsc -b
RUN if [ ! -f "services/${SERVICE}/dist/main.js" ]; then \
      echo "tsc -b did not produce services/${SERVICE}/dist/main.js: is the service referenced from tsconfig.json?" >&2; exit 1; \
    fi

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
ARG SERVICE
# Only the dependencies of this service and of the workspace libraries it uses; no dev dependencies.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund --workspace "services/${SERVICE}"

FROM ${NODE_IMAGE} AS assemble
WORKDIR /out
ARG SERVICE
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# Every library (the migrations job runs libs/db/dist/migrate-cli.js from a service image) and the one service,
# each without TypeScript sources, tests and build info; non-code assets such as SQL migrations stay.
COPY --from=build /app/libs /tmp/libs
COPY --from=build /app/services/${SERVICE} /tmp/services/${SERVICE}
COPY --from=build /app/schemas ./schemas
RUN set -eu; for dir in /tmp/libs/* "/tmp/services/${SERVICE}"; do \
      dest="/out/${dir#/tmp/}"; mkdir -p "$dest"; \
      tar -C "$dir" --exclude=./src --exclude=./test --exclude=./node_modules --exclude='*.tsbuildinfo' \
          --exclude='./tsconfig*.json' --exclude='*.test.*' -cf - . | tar -C "$dest" -xf -; \
    done

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# ARG values do not reach a running container and exec-form CMD expands no variables: ENV keeps SERVICE for the
# shell that starts node, and `exec` makes node PID 1 so it receives SIGTERM from the kubelet directly.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    SERVICE_NAME=${SERVICE} \
    HTTP_PORT=8080
WORKDIR /app
COPY --from=assemble --chown=0:0 /out/ ./
# Files stay owned by root and read-only for the service user; the chart also mounts the root filesystem read-only.
USER 10001:10001
EXPOSE 8080
# No HEALTHCHECK: Kubernetes ignores it. The pod's probes call GET /healthz (liveness) and GET /readyz (readiness:
# Kafka connected and state restored) on HTTP_PORT, which is what a HEALTHCHECK would have checked.
STOPSIGNAL SIGTERM
CMD ["/bin/sh", "-c", "exec node \"services/${SERVICE}/dist/main.js\""]
