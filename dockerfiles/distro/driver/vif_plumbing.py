"""A Neutron port as a veth pair, for the docker driver.

The host end carries the name the linuxbridge agent looks for (nova's VIF devname: `tap` and the
port id's first 11 characters) and goes on the network's bridge (`brq` and the network id's first
11 characters). Putting it there is the hypervisor's job: the agent does not bridge the taps of
`compute:*` ports, it only reports them up, which makes the port ACTIVE and Neutron send nova
`network-vif-plugged`. The other end becomes eth<N> inside a network namespace (the network-holder
container's) with the port's MAC, fixed IPs, MTU and the subnet's gateway as default route.

Commands run as root through oslo.concurrency (nova-compute runs as root in the distro stack), so
they cooperate with nova-compute's eventlet hub.
"""
import ipaddress

from oslo_concurrency import processutils
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Linux's limit for an interface name (IFNAMSIZ - 1) is 15; these stay at 14 like Neutron's.
BRIDGE_PREFIX = 'brq'
PEER_PREFIX = 'dkp'
ID_CHARS = 11


def _ip(*args, check_exit_code=(0,)):
    return processutils.execute('ip', *args, check_exit_code=list(check_exit_code))


def _ip_in(pid, *args):
    return processutils.execute('nsenter', '--net=/proc/%d/ns/net' % pid, 'ip', *args)


def link_exists(name):
    _out, err = _ip('link', 'show', 'dev', name, check_exit_code=(0, 1))
    return not err.strip()


def bridge_name(vif):
    return vif['network'].get('bridge') or BRIDGE_PREFIX + vif['network']['id'][:ID_CHARS]


def tap_name(vif):
    return vif.get('devname') or 'tap' + vif['id'][:ID_CHARS]


def _mtu(vif):
    return (vif['network'].get('meta') or {}).get('mtu')


def ensure_bridge(name):
    """The network's bridge; the DHCP agent or the linuxbridge agent may be making it too."""
    if not link_exists(name):
        # Exit code 2 is "File exists": someone else won the race, which is fine.
        _ip('link', 'add', 'name', name, 'type', 'bridge', check_exit_code=(0, 2))
    _ip('link', 'set', 'dev', name, 'up')


def plug(pid, index, vif):
    """Plugs one VIF: host end on the bridge, peer as eth<index> in the namespace of `pid`.
    Does nothing when the tap is there already (nova-compute restarts call plug_vifs again)."""
    tap = tap_name(vif)
    if link_exists(tap):
        return
    peer = PEER_PREFIX + vif['id'][:ID_CHARS]
    if link_exists(peer):  # a half-done earlier attempt
        _ip('link', 'del', 'dev', peer, check_exit_code=(0, 1))
    _ip('link', 'add', 'name', tap, 'type', 'veth', 'peer', 'name', peer)
    mtu = _mtu(vif)
    if mtu:
        _ip('link', 'set', 'dev', tap, 'mtu', str(mtu))
    _ip('link', 'set', 'dev', peer, 'netns', str(pid))
    inside = 'eth%d' % index
    _ip_in(pid, 'link', 'set', 'dev', peer, 'name', inside)
    _ip_in(pid, 'link', 'set', 'dev', inside, 'address', vif['address'])
    if mtu:
        _ip_in(pid, 'link', 'set', 'dev', inside, 'mtu', str(mtu))
    _ip_in(pid, 'link', 'set', 'dev', 'lo', 'up')
    _ip_in(pid, 'link', 'set', 'dev', inside, 'up')
    for subnet in vif['network']['subnets']:
        prefix = ipaddress.ip_network(subnet['cidr']).prefixlen
        family = '-6' if subnet['version'] == 6 else '-4'
        for fixed in subnet['ips']:
            extra = ('nodad',) if subnet['version'] == 6 else ()
            _ip_in(pid, family, 'addr', 'add', '%s/%d' % (fixed['address'], prefix),
                   'dev', inside, *extra)
        gateway = (subnet.get('gateway') or {}).get('address')
        if gateway and subnet['ips'] and index == 0:
            # The first VIF's gateway is the default route, as a DHCP client would set it.
            _ip_in(pid, family, 'route', 'replace', 'default', 'via', gateway, 'dev', inside)
    ensure_bridge(bridge_name(vif))
    _ip('link', 'set', 'dev', tap, 'master', bridge_name(vif))
    _ip('link', 'set', 'dev', tap, 'up')
    LOG.debug('plugged port %s: %s on %s, %s as %s', vif['id'], tap, bridge_name(vif),
              vif['address'], inside)


def unplug(vif):
    """Removes the veth pair (deleting one end deletes both). Gone already is fine."""
    tap = tap_name(vif)
    if link_exists(tap):
        _ip('link', 'del', 'dev', tap, check_exit_code=(0, 1))
