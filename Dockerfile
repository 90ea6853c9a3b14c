# ecs-http-chaos: one image, three roles (docs/decisions/0040-container-image.md).
#   executor  `run`, non-root (uid 10001), the default; inline cmdProbes run here (sh, curl, jq)
#   proxy     `proxy`/`cleanup`, run by the host script as root with only NET_ADMIN, NET_RAW
#   reaper    the host script's `revert`, with the host's Docker socket mounted
# Builds with the classic builder (no BuildKit features), so Debian's docker.io builds it:
#   DOCKER_BUILDKIT=0 docker build -t ecs-http-chaos:dev .
# Build arguments:
#   BASE_IMAGE       a Node 24 image on Debian bookworm (default: the official slim one); the
#                    runtime stage's base, so of the target architecture
#   BUILD_BASE_IMAGE the same for the stages that make only architecture-independent output
#                    (npm packages, compiled JavaScript, the docker client's .deb): default
#                    BASE_IMAGE. `make image-arm64` passes the builder's own native base, so
#                    only the runtime stage runs under emulation (docs/decisions/0170)
#   TARGETARCH       Debian architecture of the docker client to fetch (default: the build
#                    base's own; BuildKit sets it by itself)
#   VERSION, REVISION, CREATED, SOURCE   OCI labels (`make image` passes them from
#                    package.json and git)
#   EXTRA_CA_CERTS   path, inside the build context, of a PEM bundle that the npm stage
#                    trusts in addition to Node's own roots: for networks that inspect TLS.
#                    Used by the npm stage only; it never reaches the final image.
#                    `make image` passes the machine's bundle this way.
ARG BASE_IMAGE=node:24-bookworm-slim
ARG BUILD_BASE_IMAGE=${BASE_IMAGE}

# ---- npm packages: the full tree for the compiler, pruned to production for the runtime
# (no native addons: the same tree serves every architecture)
FROM ${BUILD_BASE_IMAGE} AS deps
ARG EXTRA_CA_CERTS=
WORKDIR /src
COPY package.json package-lock.json ${EXTRA_CA_CERTS} ./
RUN set -eu; \
    ca=""; \
    if [ -n "${EXTRA_CA_CERTS}" ]; then ca="/src/${EXTRA_CA_CERTS##*/}"; fi; \
    NODE_EXTRA_CA_CERTS="$ca" npm ci --no-audit --no-fund --ignore-scripts; \
    if [ -n "$ca" ]; then rm -f "$ca"; fi

FROM deps AS production-deps
# Type declarations and source maps are for editors and debuggers, not for running: they
# are about half of @kubernetes/client-node's size.
RUN npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
    && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \
       -o -name '*.map' \) -delete

# ---- compile TypeScript and copy the host-side assets (the host script) next to it;
# the host script must be what its sources in src/host/sh build (docs/decisions/0200)
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-assets.sh ./scripts/
COPY src ./src
RUN npx tsc -p tsconfig.build.json && node dist/build/main.js --check \
    && sh scripts/copy-assets.sh

# ---- the docker client only (no daemon), from Debian's docker.io; it links only libc.
# Downloaded and unpacked natively for any target architecture (dpkg -x runs nothing).
FROM ${BUILD_BASE_IMAGE} AS docker-cli
ARG TARGETARCH=
WORKDIR /tmp/docker-cli
RUN set -eu; \
    arch=${TARGETARCH:-$(dpkg --print-architecture)}; \
    if [ "$arch" != "$(dpkg --print-architecture)" ]; then dpkg --add-architecture "$arch"; fi; \
    apt-get update; \
    apt-get download "docker.io:$arch"; \
    dpkg -x docker.io_*.deb extracted; \
    install -m 0755 extracted/usr/bin/docker /usr/local/bin/docker-cli; \
    rm -rf /var/lib/apt/lists/* /tmp/docker-cli

# ---- runtime (the only stage that runs on the target architecture)
FROM ${BASE_IMAGE}
# The Debian packages of the runtime, one per line, the same for every architecture
# (scripts/image/runtime-packages says why each is there).
COPY scripts/image/runtime-packages /tmp/runtime-packages
RUN set -eu; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      $(sed 's/#.*//' /tmp/runtime-packages); \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
      /tmp/runtime-packages; \
    # nft -V opens a netfilter netlink socket, which qemu-user cannot emulate (arm64 build).
    iptables-legacy -V >/dev/null; command -v iptables-nft >/dev/null; \
    command -v curl >/dev/null; command -v jq >/dev/null; \
    command -v ss >/dev/null; command -v conntrack >/dev/null; command -v setpriv >/dev/null; \
    groupadd --gid 10001 ecs-http-chaos; \
    useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin ecs-http-chaos
COPY --from=docker-cli /usr/local/bin/docker-cli /usr/bin/docker
WORKDIR /opt/ecs-http-chaos
COPY --from=production-deps /src/node_modules ./node_modules
COPY package.json .node-version ./
COPY bin ./bin
COPY --from=build /src/dist ./dist
RUN ln -s /opt/ecs-http-chaos/bin/ecs-http-chaos /usr/local/bin/ecs-http-chaos \
    && ecs-http-chaos version >/dev/null
ENV NODE_ENV=production \
    ECS_HTTP_CHAOS_HOME=/opt/ecs-http-chaos
# Last, so a new commit rebuilds nothing but this metadata.
ARG VERSION=unknown
ARG REVISION=unknown
ARG CREATED=
ARG SOURCE=
ARG BASE_IMAGE
LABEL org.opencontainers.image.title="ecs-http-chaos" \
      org.opencontainers.image.description="Chaos fault: ECS container HTTP reset peer" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}#readme" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"
# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001
ENTRYPOINT ["tini", "--", "ecs-http-chaos"]
CMD ["--help"]
