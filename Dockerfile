# GridSight: API + web app in one image. Use with docker-compose.yml (PostGIS beside it).
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY db/package.json db/
COPY geodata/package.json geodata/
COPY api/package.json api/
COPY web/package.json web/
COPY tests/package.json tests/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm --filter @gridsight/web build
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
EXPOSE 8080
CMD ["node_modules/.bin/tsx", "api/src/server.ts"]
