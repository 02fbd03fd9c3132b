#!/usr/bin/env bash
# Builds deploy/Dockerfile without a Docker engine or an image registry, then runs the image
# against this machine's PostgreSQL and Redis: migrate, serve, /readyz, one GraphQL query.
#
#   deploy/build-image.sh                  # from anywhere, as root
#   deploy/build-image.sh --rebuild-base   # build the base image again even if it exists
#   deploy/build-image.sh --print-base     # print the base image it would use, and stop
#
# The Dockerfile's base (FROM python:X.Y-slim) cannot be pulled here, so a stand-in with
# the same name is made from Debian's packages (mmdebstrap: python3, venv, pip) and kept in
# the local image store; later runs reuse it. The Dockerfile itself is built unchanged.
#
# Knobs (environment): IMAGE (reliefhub:latest), PGHOST/PGPORT/PGUSER (127.0.0.1, 5432,
# postgres; trust auth), SMOKE_DB (reliefhub_image: dropped and created on every run),
# SMOKE_REDIS_URL (redis://127.0.0.1:6379/5), SMOKE_PORT (first free port from 18400),
# STORAGE_DRIVER (read by buildah and podman themselves; vfs where overlay cannot mount).
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKERFILE=deploy/Dockerfile
IMAGE=${IMAGE:-reliefhub:latest}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
SMOKE_DB=${SMOKE_DB:-reliefhub_image}
SMOKE_REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/5}
export PGHOST PGPORT PGUSER

REBUILD_BASE=0
PRINT_BASE=0
for arg in "$@"; do
  case "$arg" in
    --rebuild-base) REBUILD_BASE=1 ;;
    --print-base) PRINT_BASE=1 ;;
    *) echo "usage: $0 [--rebuild-base | --print-base]" >&2; exit 2 ;;
  esac
done

STARTED=$(date +%s)
STEP_STARTED=$STARTED
step() {
  local now
  now=$(date +%s)
  if [ -n "${STEP_NAME:-}" ]; then echo "    ${STEP_NAME}: $((now - STEP_STARTED)) s"; fi
  STEP_NAME=$1
  STEP_STARTED=$now
  echo "==> $1"
}
fail() {
  echo "build-image: $*" >&2
  exit 1
}

# --- the base the Dockerfile names -------------------------------------------------------
# Read from the Dockerfile, not repeated here: FROM python:${PYTHON_VERSION}-slim with the
# ARG's default substituted. Stages that start FROM an earlier stage are not bases.
python_version=$(sed -n 's/^ARG PYTHON_VERSION=\([0-9.]*\).*/\1/p' "$DOCKERFILE" | head -n 1)
bases=$(awk '
  toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; break } }
' "$DOCKERFILE" | sed "s/\${PYTHON_VERSION}/${python_version}/g" | sort -u)
stages=$(awk 'toupper($1) == "FROM" && toupper($(NF-1)) == "AS" { print $NF }' "$DOCKERFILE")
for stage in $stages; do bases=$(grep -vx "$stage" <<<"$bases" || true); done
if [ -z "$bases" ] || [ "$(wc -l <<<"$bases")" -ne 1 ]; then
  fail "expected one base image in $DOCKERFILE, found: ${bases:-none}"
fi
BASE=$bases
case "$BASE" in
  python:*-slim) ;;
  *) fail "$DOCKERFILE starts FROM $BASE; this script can only stand in for python:X.Y-slim" ;;
esac
base_version=${BASE#python:}
base_version=${base_version%-slim}
# A short name is looked up as docker.io/library/NAME, so the stand-in is stored under that.
BASE_REF=docker.io/library/$BASE
if [ "$PRINT_BASE" = 1 ]; then
  echo "$BASE"
  exit 0
fi
# The Debian release whose python3 is that version.
case "$base_version" in
  3.11) SUITE=bookworm ;;
  3.13) SUITE=trixie ;;
  *) fail "no Debian release has Python $base_version as python3 (3.11: bookworm, 3.13: trixie)" ;;
esac

[ "$(id -u)" = 0 ] || fail "run as root: mmdebstrap, buildah and podman need it here"

# --- tools -------------------------------------------------------------------------------
step "tools from Debian's packages"
# runc rather than crun: crun refuses a machine whose cgroups are mixed v1/v2 (this one).
needed=()
for pair in mmdebstrap:mmdebstrap buildah:buildah podman:podman runc:runc curl:curl \
  psql:postgresql-client pg_isready:postgresql-client redis-cli:redis-tools ss:iproute2; do
  command -v "${pair%%:*}" >/dev/null || needed+=("${pair#*:}")
done
if [ "${#needed[@]}" -gt 0 ]; then
  echo "    installing ${needed[*]}"
  apt-get update -qq
  mapfile -t needed < <(printf '%s\n' "${needed[@]}" | sort -u)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${needed[@]}" >/dev/null
fi
echo "    $(buildah --version), $(podman --version)"

# --- clean up what this run starts, and what killed runs left -----------------------------
RUN_ID=$$
BASE_CTR=reliefhub-base-$RUN_ID
API_CTR=reliefhub-smoke-api-$RUN_ID
MIGRATE_CTR=reliefhub-smoke-migrate-$RUN_ID
cleanup() {
  local status=$?
  # One at a time: podman rm stops at the first name it does not know.
  podman rm -f -t 5 "$API_CTR" >/dev/null 2>&1 || true
  podman rm -f -t 5 "$MIGRATE_CTR" >/dev/null 2>&1 || true
  buildah rm "$BASE_CTR" >/dev/null 2>&1 || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A run that was killed outright left its containers behind; the pid in each name tells
# whether that run is gone (a concurrent run's containers are left alone).
leftovers=$(
  buildah containers --format '{{.ContainerName}}' 2>/dev/null | grep '^reliefhub-base-[0-9]*$'
  podman ps -a --format '{{.Names}}' 2>/dev/null | grep '^reliefhub-smoke-[a-z]*-[0-9]*$'
) || true
for name in $leftovers; do
  pid=${name##*-}
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "    removing $name, left by an earlier run"
    podman rm -f "$name" >/dev/null 2>&1 || buildah rm "$name" >/dev/null 2>&1 || true
  fi
done

# --- the base ------------------------------------------------------------------------------
if [ "$REBUILD_BASE" = 0 ] && podman image exists "$BASE_REF"; then
  step "base $BASE_REF: already built, kept"
else
  step "base $BASE_REF from Debian $SUITE (mmdebstrap)"
  buildah from --name "$BASE_CTR" scratch >/dev/null
  rootfs=$(buildah mount "$BASE_CTR")
  # What python:X.Y-slim gives the Dockerfile: `python`, `python -m venv` (with pip),
  # groupadd/useradd (minbase has them), CA certificates; no documentation, as slim.
  mmdebstrap --quiet --variant=minbase \
    --include=python3,python3-venv,python-is-python3,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    "$SUITE" "$rootfs" </dev/null
  got=$(chroot "$rootfs" python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  [ "$got" = "$base_version" ] || fail "Debian $SUITE has Python $got, not $base_version"
  buildah umount "$BASE_CTR" >/dev/null
  buildah config --env LANG=C.UTF-8 \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd python3 \
    --label "org.opencontainers.image.description=Debian $SUITE, python3 $got, for $BASE" \
    "$BASE_CTR"
  buildah commit --quiet --rm "$BASE_CTR" "$BASE_REF" >/dev/null
fi

# --- the image -----------------------------------------------------------------------------
step "image $IMAGE from $DOCKERFILE (buildah, layers cached)"
# chroot isolation: RUN steps need no OCI runtime, cgroups or rlimits (see runc above).
# The host's CA bundle is mounted over the base's for the RUN steps only: where the
# network intercepts TLS with a CA of its own (as here), Debian's pip trusts that bundle
# and reaches PyPI; a mount is not committed, so the image keeps Debian's bundle.
ca_mount=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  ca_mount=(--volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
fi
build_log=/tmp/reliefhub-build.$RUN_ID.log
bud() {
  if ! buildah bud --layers --pull=never --isolation chroot --network host "${ca_mount[@]}" \
    -f "$DOCKERFILE" "$@" . >>"$build_log" 2>&1; then
    tail -n 60 "$build_log"
    rm -f "$build_log"
    fail "buildah could not build $DOCKERFILE"
  fi
}
# The first stage is built and tagged on its own first, so that its layers (the
# dependencies' install above all) are never dangling and the pruning below keeps them;
# the full build then takes them from the cache.
first_stage=$(head -n 1 <<<"$stages")
if [ -n "$first_stage" ]; then
  bud --target "$first_stage" -t "${IMAGE%:*}-$first_stage-stage:latest"
fi
bud -t "$IMAGE"
echo "    $(grep -c 'STEP [0-9]*/[0-9]*: [A-Z]' "$build_log" || true) steps," \
  "$(grep -c -- '--> Using cache' "$build_log" || true) of them from the layer cache"
rm -f "$build_log"
# What the new build replaced (the previous image and the layers only it used) has no
# name left: pruned, or every change of the code would leave ~600 MB behind.
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
  [ -n "$(podman image prune -f 2>/dev/null)" ] || break
done
user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
case "${user%%:*}" in
  "" | 0 | root) fail "$IMAGE runs as root ('$user')" ;;
esac
echo "    $(podman image inspect --format '{{.Id}}' "$IMAGE" | cut -c1-12), user $user," \
  "$(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%d MB", $1 / 1e6 }')"

# --- run it --------------------------------------------------------------------------------
step "PostgreSQL database $SMOKE_DB (new) and Redis $SMOKE_REDIS_URL"
pg_isready -q || fail "PostgreSQL does not answer on $PGHOST:$PGPORT"
redis-cli -u "$SMOKE_REDIS_URL" ping >/dev/null 2>&1 ||
  fail "Redis does not answer at $SMOKE_REDIS_URL"
# New each run, so the migration runs from the first revision every time.
psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$SMOKE_DB\" WITH (FORCE)" >/dev/null
psql -q -d postgres -c "CREATE DATABASE \"$SMOKE_DB\"" >/dev/null

port=${SMOKE_PORT:-}
if [ -z "$port" ]; then
  for candidate in $(seq 18400 18499); do
    if [ -z "$(ss -Hltn "sport = :$candidate")" ]; then port=$candidate; break; fi
  done
  [ -n "$port" ] || fail "no free port in 18400-18499"
fi
# A Fernet key (32 random bytes, URL-safe base64), as production wants one.
secret_key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')
# Host networking reaches the machine's PostgreSQL and Redis on 127.0.0.1; HOST keeps the
# server on loopback. Limits are set explicitly because podman's defaults (raise them to
# the maximum) are refused in this sandbox; these are the host's own, or lower.
run_args=(--runtime runc --network host
  --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096
  -e "DATABASE_URL=postgresql://$PGUSER@$PGHOST:$PGPORT/$SMOKE_DB"
  -e "REDIS_URL=$SMOKE_REDIS_URL"
  -e "RELIEFHUB_SECRET_KEY=$secret_key"
  -e HOST=127.0.0.1 -e "PORT=$port")

step "reliefhub migrate"
migrate_log=/tmp/reliefhub-migrate.$RUN_ID.log
if ! podman run --name "$MIGRATE_CTR" --rm "${run_args[@]}" "$IMAGE" migrate \
  >"$migrate_log" 2>&1; then
  cat "$migrate_log"
  rm -f "$migrate_log"
  fail "reliefhub migrate failed"
fi
echo "    revisions applied: $(grep -c 'Running upgrade' "$migrate_log" || true)"
rm -f "$migrate_log"

step "reliefhub serve (the image's default command) on 127.0.0.1:$port"
podman run --name "$API_CTR" -d "${run_args[@]}" "$IMAGE" >/dev/null
ready=""
for _ in $(seq 1 60); do
  if [ "$(podman inspect --format '{{.State.Running}}' "$API_CTR")" != true ]; then
    podman logs "$API_CTR" 2>&1 | tail -n 40
    fail "the server exited"
  fi
  ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)
  [ "$ready" = 200 ] && break
  sleep 1
done
if [ "$ready" != 200 ]; then
  curl -s "http://127.0.0.1:$port/readyz" || true
  podman logs "$API_CTR" 2>&1 | tail -n 40
  fail "/readyz answered $ready, not 200, within 60 s"
fi
echo "    /readyz: $(curl -s "http://127.0.0.1:$port/readyz")"

step "GraphQL: { categories { code unit } }"
answer=$(curl -s -H 'content-type: application/json' \
  -d '{"query":"{ categories { code unit } }"}' "http://127.0.0.1:$port/graphql")
if ! grep -q '"data":{"categories":\[{"code":"[A-Z_]*","unit":"' <<<"$answer" ||
  grep -q '"errors"' <<<"$answer"; then
  echo "$answer" | head -c 2000
  podman logs "$API_CTR" 2>&1 | tail -n 20
  fail "the GraphQL query returned no categories"
fi
echo "    $(grep -o '"code"' <<<"$answer" | wc -l) categories," \
  "e.g. $(grep -o '{"code":[^}]*}' <<<"$answer" | head -n 1)"

step "stop"
podman rm -f -t 10 "$API_CTR" >/dev/null
echo "    stop: $(($(date +%s) - STEP_STARTED)) s"
echo "build-image: $IMAGE built and answered, in $(($(date +%s) - STARTED)) s"
