# ecs-http-chaos: one image, three roles (docs/decisions/0040-container-image.md).
#   executor  `run`, non-root (uid 10001), the default
#   proxy     `proxy`/`cleanup`, run by the host script as root with only NET_ADMIN, NET_RAW
#   reaper    the host script's `revert`, with the host's Docker socket mounted
# Builds with the classic builder (no BuildKit features), so Debian's docker.io builds it:
#   DOCKER_BUILDKIT=0 docker build -t ecs-http-chaos:dev .
# Build arguments:
#   BASE_IMAGE       a Node 24 image on Debian bookworm (default: the official slim one)
#   EXTRA_CA_CERTS   path, inside the build context, of a PEM bundle that the npm stage
#                    trusts in addition to Node's own roots: for networks that inspect TLS.
#                    Used by the npm stage only; it never reaches the final image.
#                    `make image` passes the machine's bundle this way.
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- npm packages: the full tree for the compiler, pruned to production for the runtime
FROM ${BASE_IMAGE} AS deps
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

# ---- compile TypeScript and copy the host-side assets (the host script) next to it
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-assets.sh ./scripts/
COPY src ./src
RUN npx tsc -p tsconfig.build.json && sh scripts/copy-assets.sh

# ---- the docker client only (no daemon), from Debian's docker.io; it links only libc
FROM ${BASE_IMAGE} AS docker-cli
WORKDIR /tmp/docker-cli
RUN set -eu; \
    apt-get update; \
    apt-get download docker.io; \
    dpkg -x docker.io_*.deb extracted; \
    install -m 0755 extracted/usr/bin/docker /usr/local/bin/docker-cli; \
    rm -rf /var/lib/apt/lists/* /tmp/docker-cli

# ---- runtime
FROM ${BASE_IMAGE}
# iptables brings both backends: iptables (nf_tables, the default) and iptables-legacy;
# the proxy uses whichever the target's namespace already uses. iproute2 (`ss -K`) and
# conntrack are the destroy mechanism's (docs/decisions/0131); setpriv (util-linux, already
# in the base) ties their lifetime to the proxy's.
RUN set -eu; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      iptables tini iproute2 conntrack; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log; \
    iptables-legacy -V >/dev/null; iptables-nft -V >/dev/null; \
    ss -V >/dev/null; conntrack --version >/dev/null; setpriv --version >/dev/null; \
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
LABEL org.opencontainers.image.title="ecs-http-chaos" \
      org.opencontainers.image.description="Chaos fault: ECS container HTTP reset peer" \
      org.opencontainers.image.licenses="Apache-2.0"
# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001
ENTRYPOINT ["tini", "--", "ecs-http-chaos"]
CMD ["--help"]
