# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ci`: exactly what the lockfile pins (it refuses a lockfile out of step with package.json).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build

# Runtime stage: production dependencies and the compiled code only, as the unprivileged node user.
FROM node:24-slim AS runtime
ENV NODE_ENV=production
# Without USERGATE_CONFIG the image runs the embedded demo, which listens on 127.0.0.1 unless HOST
# says otherwise; in a container that would be unreachable through a published port (-p 8080:8080).
ENV HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
# Writable by the node user: the embedded SQLite store's default directory, and data/compose, where
# docker-compose.yml's simulators write the gateways' config (a named volume takes this owner).
RUN mkdir -p data/compose && chown -R node:node data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node is PID 1 and gets SIGTERM itself; the gateway handles it (drains, exits 0).
# The young generation's ceiling: see src/heap.ts.
CMD ["node", "--max-semi-space-size=8", "dist/src/main.js"]
