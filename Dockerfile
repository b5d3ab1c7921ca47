# One image for the five apps; the compose file picks the app with APP and the command.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npx swc apps libs scripts -d dist -q && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production KAFKAJS_NO_PARTITIONER_WARNING=1 HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
# APP=gateway|customers|invoicing|payment-sync|webhooks: migrate (an explicit step, before boot), then start.
ENV APP=gateway
CMD ["sh", "-c", "node dist/apps/$APP/src/migrate.js && exec node --enable-source-maps dist/apps/$APP/src/main.js"]
