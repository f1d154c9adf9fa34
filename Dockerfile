# Crucible's own image: the CLI, reaching the engine through a mounted socket or DOCKER_HOST:
#   docker run --rm -v /var/run/docker.sock:/var/run/docker.sock crucible/crucible run …
# Dependencies are installed on the host (npm ci; dist/ built) and copied in, so the build needs
# no registry. With network, the default base is the official Node 20 image; offline,
# `crucible image self` passes NODE_BASE=a local base (the offline Debian base + the host's Node 20).
ARG NODE_BASE=node:20-bookworm-slim
FROM ${NODE_BASE}
# Crucible materializes repositories with git; the offline base has it, the official slim image not.
RUN command -v git >/dev/null || (apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*)
WORKDIR /opt/crucible
COPY package.json package-lock.json ./
COPY node_modules ./node_modules
COPY dist ./dist
COPY bin ./bin
COPY sandboxes ./sandboxes
COPY repos ./repos
COPY tasks ./tasks
RUN ln -s /opt/crucible/bin/crucible.js /usr/local/bin/crucible && node --version
ENTRYPOINT ["crucible"]
CMD ["--help"]
