# memcached for the distro stack: keystone's [cache] and every API's keystonemiddleware
# (memcached_servers) use it. Without it each request to any API is a token validation in
# keystone, made by a keystone without its own cache (issue 19: Epoxy's CI gate sent keystone
# 1575 validations at 0.43 s each, Zed's 68 at 0.06 s, and the two cores went to that).
# Started here rather than by /etc/init.d/memcached: trixie's /etc/memcached.conf also listens on
# ::1, which the gate container's lo lacks (IPv6 off), so that memcached exits at once while the
# init script still reports it started. This one listens only where the configs point.

# memcached_answers HOST:PORT: memcached there replies to `version`.
memcached_answers() {
  local reply=
  { printf 'version\r\n' >&3 && read -r -t 2 reply <&3; } 2>/dev/null 3<>"/dev/tcp/${1%:*}/${1##*:}"
  [[ $reply == VERSION* ]]
}

# start_memcached HOST:PORT: a memcached daemon on HOST:PORT only, awaited (wait_for, common.sh).
start_memcached() {
  memcached -d -u memcache -m 64 -l "${1%:*}" -p "${1##*:}"
  wait_for "memcached on $1" 15 memcached_answers "$1"
}
