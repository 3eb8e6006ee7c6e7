# codex-lb container image: docs/operations.md ("Container") says how to run, probe and drain it.
#
#   docker build -t codex-lb .
#   docker run -d --name codex-lb -p 2455:2455 -p 3000:3000 -v codex-lb-data:/var/lib/codex-lb codex-lb

# Build: the Maven wrapper on a JDK 17 image; the tests run in CI, not in the image build.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests \
 && cp app-bootstrap/target/codex-lb.jar /codex-lb.jar

# Run: a JRE 17 image, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 codexlb \
 && useradd --system --uid 10001 --gid codexlb --home-dir /var/lib/codex-lb --shell /usr/sbin/nologin codexlb \
 && mkdir -p /opt/codex-lb /var/lib/codex-lb /var/lib/codex-lb-key \
 && chown codexlb:codexlb /var/lib/codex-lb /var/lib/codex-lb-key \
 && chmod 0700 /var/lib/codex-lb /var/lib/codex-lb-key
COPY --from=build /codex-lb.jar /opt/codex-lb/codex-lb.jar
COPY docker/entrypoint.sh /opt/codex-lb/entrypoint.sh
RUN chmod 0755 /opt/codex-lb/entrypoint.sh

# Inside a container the listeners bind every interface (Docker's port mapping decides what is
# reachable); the store and the encryption key live in the volume.
ENV CODEX_LB_HOST=0.0.0.0
ENV CODEX_LB_DASHBOARD_HOST=0.0.0.0
ENV CODEX_LB_PORT=2455
ENV CODEX_LB_DASHBOARD_PORT=3000
ENV CODEX_LB_DATA_DIR=/var/lib/codex-lb
# For the OAuth login's callback listener, as the original's image sets it; the OAuth issue adds
# that listener, and until then codex-lb ignores the variable.
ENV CODEX_LB_OAUTH_CALLBACK_HOST=0.0.0.0
ENV CODEX_LB_LOG_FORMAT=text
# The settle period plus the shutdown grace must fit in the stop timeout (docker stop -t, compose's
# stop_grace_period): 5 + 30 s by default, so run with --stop-timeout 45 or lower the grace.
ENV CODEX_LB_DRAIN_SETTLE_SECONDS=5
ENV CODEX_LB_SHUTDOWN_GRACE_SECONDS=30

USER codexlb
WORKDIR /var/lib/codex-lb
VOLUME ["/var/lib/codex-lb"]
EXPOSE 2455 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/codex-lb/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/opt/codex-lb/entrypoint.sh"]
