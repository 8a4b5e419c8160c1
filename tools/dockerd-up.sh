#!/usr/bin/env bash
# Starts a Docker Engine for Shoal's tests and benchmarks (installing Debian's docker.io and
# busybox-static first when missing), and imports the local test image. Idempotent: an engine
# already answering on the socket is reused.
#
#   tools/dockerd-up.sh            # prints the DOCKER_HOST to use
#
# Environment: SHOAL_DOCKERD_DIR (default /var/lib/shoal-dockerd) holds the engine's data,
# SHOAL_DOCKER_SOCK (default /run/shoal-dockerd/docker.sock) its API socket.
set -euo pipefail

dir=${SHOAL_DOCKERD_DIR:-/var/lib/shoal-dockerd}
sock=${SHOAL_DOCKER_SOCK:-/run/shoal-dockerd/docker.sock}
run=$(dirname "$sock")
image=${SHOAL_TEST_IMAGE:-shoal-test/busybox:latest}
export DOCKER_HOST=unix://$sock

log() { echo "dockerd-up: $*" >&2; }

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 \
  || need_install+=(busybox-static)
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing ${need_install[*]} and not root: install them with apt-get" ; exit 1
  fi
  log "installing ${need_install[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
fi

# One starter at a time: scripts started together (tests, bin/shoal-local, benchmarks) share one engine.
if mkdir -p "$run" "$dir" 2>/dev/null && touch "$run/dockerd-up.lock" 2>/dev/null; then
  exec 9>"$run/dockerd-up.lock"
  flock 9
fi

if ! docker version >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "no Docker Engine answers on $sock, and starting one needs root"; exit 1
  fi
  mkdir -p "$run" "$dir"
  # A pid file left by an engine that died (or was killed while wedged) keeps dockerd from starting.
  if [ -f "$run/dockerd.pid" ] && ! kill -0 "$(cat "$run/dockerd.pid" 2>/dev/null)" 2>/dev/null; then
    rm -f "$run/dockerd.pid"
  fi
  log "starting dockerd on $sock (data in $dir)"
  # Own bridge range, so a second engine on the host does not fight over 172.17.0.0/16.
  nohup dockerd --host "unix://$sock" --data-root "$dir/data" --exec-root "$run/exec" \
      --pidfile "$run/dockerd.pid" --bip 172.29.0.1/16 \
      >"$dir/dockerd.log" 2>&1 9>&- &
  for _ in $(seq 1 300); do
    docker version >/dev/null 2>&1 && break
    sleep 0.2
  done
  docker version >/dev/null 2>&1 || { log "dockerd did not come up; see $dir/dockerd.log"; tail -20 "$dir/dockerd.log" >&2; exit 1; }
fi

if ! docker image inspect "$image" >/dev/null 2>&1; then
  log "building test image $image from busybox-static"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
  cp /bin/busybox "$root/bin/busybox"
  for c in $(/bin/busybox --list); do [ "$c" = busybox ] || ln -s busybox "$root/bin/$c"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  tar -C "$root" -c . | docker import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
fi
echo "$DOCKER_HOST"
