# Shared by the dockenstack-* commands: logging in stack.sh's spirit (a line per step, a timing
# per phase, `[ERROR]` lines that say what failed), and small helpers.
set -o errexit -o nounset -o pipefail

DOCKENSTACK_ETC=/etc/dockenstack
DOCKENSTACK_STATE=/var/lib/dockenstack
mkdir -p "$DOCKENSTACK_STATE"

# What differs between OpenStack releases lives in release/<suite>.sh, for the image's suite.
DEBIAN_SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")
# shellcheck disable=SC1090
source "/usr/local/lib/dockenstack/release/$DEBIAN_SUITE.sh"

_phase_name=
_phase_started=0
_run_started=$(date +%s)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf '%s [ERROR] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; exit 1; }

phase() {
  end_phase
  _phase_name=$1
  _phase_started=$(date +%s)
  log "+++ phase: $_phase_name"
}

end_phase() {
  if [[ -n $_phase_name ]]; then
    log "--- phase: $_phase_name done in $(( $(date +%s) - _phase_started ))s"
    _phase_name=
  fi
}

on_error() {
  local code=$? line=$1 command=$2
  printf '%s [ERROR] %s:%s: `%s` exited with %s (phase: %s)\n' "$(date -u +%H:%M:%S)" "${0##*/}" "$line" "$command" "$code" "${_phase_name:-none}" >&2
  exit "$code"
}
trap 'on_error $LINENO "$BASH_COMMAND"' ERR

# ini FILE <<'EOF' … EOF: set the fragment's keys in FILE.
ini() { python3 /usr/local/lib/dockenstack/ini-overlay.py "$1"; }

# wait_for WHAT SECONDS COMMAND…: retry COMMAND until it succeeds, for at most SECONDS.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || die "$what did not answer within ${seconds}s"
    sleep 1
  done
}

# step NAME LOG FUNCTION|COMMAND…: run a step in the background (its output to LOG) while the
# script goes on; await_step NAME waits for it and stops the stack if it failed, with its last lines.
declare -A _step_pid _step_log
step() {
  local name=$1 log=$2; shift 2
  mkdir -p "$(dirname "$log")"
  "$@" >"$log" 2>&1 </dev/null &
  _step_pid[$name]=$!
  _step_log[$name]=$log
  log "$name started (log: $log)"
}
await_step() {
  local name=$1 started=$(date +%s)
  wait "${_step_pid[$name]}" || die "$name failed: $(tail -3 "${_step_log[$name]}")"
  log "$name done (waited $(( $(date +%s) - started ))s)"
}

# The run's settings, from the [[local|localrc]] section the harness wrote, read in a subshell
# with stand-ins for DevStack's functions so that only plain assignments come out.
load_localrc() {
  local file=$DOCKENSTACK_ETC/localrc
  [[ -r $file ]] || die "$file is missing: the harness writes it before running the stack"
  eval "$(
    set +o nounset
    ENABLED_SERVICES=""
    enable_service() { local s; for s in "$@"; do ENABLED_SERVICES+=",$s"; done; }
    disable_service() { local s; for s in "$@"; do ENABLED_SERVICES=$(echo ",$ENABLED_SERVICES," | sed "s/,$s,/,/g"); done; }
    disable_all_services() { ENABLED_SERVICES=""; }
    enable_plugin() { :; }
    # shellcheck disable=SC1090
    source "$file"
    for name in ADMIN_PASSWORD DATABASE_PASSWORD RABBIT_PASSWORD SERVICE_PASSWORD VIRT_DRIVER \
                HOST_IP REGION_NAME ENABLED_SERVICES DOCKENSTACK_COMPUTE_DRIVER; do
      printf '%s=%q\n' "$name" "${!name-}"
    done
  )"
  [[ -n $ADMIN_PASSWORD && -n $DATABASE_PASSWORD && -n $RABBIT_PASSWORD && -n $SERVICE_PASSWORD ]] \
    || die "localrc must set ADMIN_PASSWORD, DATABASE_PASSWORD, RABBIT_PASSWORD and SERVICE_PASSWORD"
  VIRT_DRIVER=${VIRT_DRIVER:-fake}
  REGION_NAME=${REGION_NAME:-RegionOne}
  HOST_IP=${HOST_IP:-$(hostname -i | awk '{print $1}')}
}

# The admin's credentials, for the openstack client.
admin_env() {
  export OS_AUTH_URL=http://$HOST_IP:5000/v3 OS_USERNAME=admin OS_PASSWORD=$ADMIN_PASSWORD \
         OS_PROJECT_NAME=admin OS_USER_DOMAIN_ID=default OS_PROJECT_DOMAIN_ID=default \
         OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=$REGION_NAME
}
