# The production image: `node dist/server.js` on plain Node, as a non-root user (docs/deploy.md,
# docs/decisions/017-container.md). test/deploy/dockerfile.test.ts holds this file to the code;
# .ci/run builds it where a Docker engine runs, and otherwise runs the runtime stage's files
# as a non-root user with this HEALTHCHECK.

# One base for both stages: the native module (better-sqlite3) built in the first must load in
# the second. Node 20, as package.json's engines and the CI machines.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3's install script downloads a prebuilt binary and, when it cannot, compiles
# with node-gyp: python3, make and g++. Only this stage has them.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
# What `npm run build` reads (tsc -p tsconfig.build.json, then scripts/copy-assets.mjs).
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-assets.mjs scripts/healthcheck.mjs ./scripts/
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
# One source per line, copied to the same path: .ci/run copies the same list without Docker.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/healthcheck.mjs
# The code stays root's and read-only to the server; only DATA_DIR (the SQLite store, when
# REDIS_URL is unset) is writable. A volume mounted there starts with this ownership.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# The server drains in-flight requests on SIGTERM. Run it with an init process (`docker run
# --init`, compose `init: true`) so signals are forwarded and zombies reaped.
CMD ["node", "dist/server.js"]
