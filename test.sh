#!/usr/bin/env bash
# Runs every Flotilla test: unit, integration, Docker and UI tests.
#   ./test.sh            install what is missing, start a private dockerd and a virtual display, run ./mvnw -B verify
#   ./test.sh ARGS...    extra arguments go to Maven (e.g. ./test.sh -pl runtime-node -am)
# Everything it starts (dockerd, Xvfb) is stopped when it exits.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
have xvfb-run      || need_pkgs+=(xvfb xauth)
have dockerd       || need_pkgs+=(docker.io)
have etcd          || need_pkgs+=(etcd-server)
have etcdctl       || need_pkgs+=(etcd-client)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
have setsid        || need_pkgs+=(util-linux)
have import        || need_pkgs+=(imagemagick)
have ip            || need_pkgs+=(iproute2)      # fault tests: network namespaces
have iptables      || need_pkgs+=(iptables)      # fault tests: partitions
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need_pkgs+=(libgtk-3-0)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_pkgs[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/flotilla-test.XXXXXX)
dockerd_pid=""
cleanup() {
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    # remove what the tests left behind, then stop the private engine
    DOCKER_HOST="unix://$work/docker.sock" docker rm -f $(DOCKER_HOST="unix://$work/docker.sock" docker ps -aq) >/dev/null 2>&1 || true
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$dockerd_pid" 2>/dev/null || true
  fi
  umount "$work"/docker/data/overlay2/*/merged 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# A private Docker engine for the container tests (no systemd here; flags keep it off the host's iptables).
mkdir -p "$work/docker"
dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" --pidfile "$work/docker/docker.pid" \
  -H "unix://$work/docker.sock" --storage-driver=overlay2 --iptables=false --ip-masq=false \
  --exec-opt native.cgroupdriver=cgroupfs >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST="unix://$work/docker.sock"
for _ in $(seq 100); do [ -S "$work/docker.sock" ] && docker version >/dev/null 2>&1 && break; sleep 0.2; done
if ! docker version >/dev/null 2>&1; then
  echo "test.sh: the private dockerd did not start; its log:" >&2; tail -20 "$work/dockerd.log" >&2; exit 1
fi
# busybox:latest from Debian's static busybox: there is no registry to pull from.
rootfs="$work/busybox-rootfs"; mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for app in $(/bin/busybox --list); do [ "$app" = busybox ] || ln -sf busybox "$rootfs/bin/$app"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"; echo 'root:x:0:' >"$rootfs/etc/group"
tar -C "$rootfs" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - busybox:latest >/dev/null
echo "test.sh: private dockerd at $DOCKER_HOST with busybox:latest"

# A virtual display for the workbench tests.
xvfb-run -a -s "-screen 0 1600x1000x24" ./mvnw -B verify "$@"
