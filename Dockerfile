# One image for all seven services; SERVICE picks which one a container runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nest build --all && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production LOG_DIR=/app/logs
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/logs && chown node /app/logs
USER node
ARG SERVICE
ENV SERVICE=${SERVICE}
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${SERVICE}/main.js"]
