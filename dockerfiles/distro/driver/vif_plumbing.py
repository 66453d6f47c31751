"""A Neutron port as a veth pair, for the docker driver.

The host end carries nova's VIF devname (`tap` and the port id's first 11 characters); the other
end becomes eth<N> inside a network namespace (the network-holder container's) with the port's
MAC, fixed IPs, MTU and the subnet's gateway as default route. Where the host end goes follows
the VIF type Neutron bound the port with, so one driver serves both releases' L2 agents:

- `bridge` (the linuxbridge agent, Zed): on the Linux bridge the network info names
  (`brq` and the network id's first 11 characters). Putting it there is the hypervisor's job: the
  agent does not bridge the taps of `compute:*` ports, it only sees them and reports them up.
- `ovs` (the Open vSwitch agent, Epoxy, whose neutron has no linuxbridge any more): a port of the
  integration bridge (br-int) whose Interface carries the external_ids the agent keys on:
  `iface-id` (the Neutron port id), `attached-mac`, `iface-status` and `vm-uuid`, as os-vif
  writes them for libvirt. The agent then tags the port's VLAN, reports the device up, and the
  port turns ACTIVE. With firewall_driver=noop the binding asks for no hybrid plug (no qbr
  bridge), so the veth goes on br-int directly. A veth works on a bridge of OVS's userspace
  datapath (netdev), which reads and writes it through a packet socket; but a packet socket
  hands OVS the server's TCP segments with their checksums left to an offload that never
  happens, and the receiving server drops them (seen: ping and DHCP worked, TCP between two
  servers did not). So the server's end has transmit checksumming off (ethtool -K tx off): its
  kernel computes every checksum itself.

Either way Neutron then sends nova `network-vif-plugged`. Commands run as root through
oslo.concurrency (nova-compute runs as root in the distro stack), so they cooperate with
nova-compute's eventlet hub.
"""
import ipaddress

from oslo_concurrency import processutils
from oslo_log import log as logging

from nova import exception

LOG = logging.getLogger(__name__)

# Linux's limit for an interface name (IFNAMSIZ - 1) is 15; these stay at 14 like Neutron's.
BRIDGE_PREFIX = 'brq'
PEER_PREFIX = 'dkp'
ID_CHARS = 11
# nova.network.model's VIF_TYPE_BRIDGE and VIF_TYPE_OVS: the two bindings this driver can plug.
LINUX_BRIDGE = 'bridge'
OPEN_VSWITCH = 'ovs'
INTEGRATION_BRIDGE = 'br-int'


def _ip(*args, check_exit_code=(0,)):
    return processutils.execute('ip', *args, check_exit_code=list(check_exit_code))


def _in(pid, *command):
    return processutils.execute('nsenter', '--net=/proc/%d/ns/net' % pid, *command)


def _ip_in(pid, *args):
    return _in(pid, 'ip', *args)


def _vsctl(*args):
    # A bounded wait: ovsdb-server not answering must fail the spawn, not hang it.
    return processutils.execute('ovs-vsctl', '--timeout=30', *args)


def link_exists(name):
    _out, err = _ip('link', 'show', 'dev', name, check_exit_code=(0, 1))
    return not err.strip()


def bridge_name(vif):
    if vif['type'] == OPEN_VSWITCH:
        return vif['network'].get('bridge') or INTEGRATION_BRIDGE
    return vif['network'].get('bridge') or BRIDGE_PREFIX + vif['network']['id'][:ID_CHARS]


def tap_name(vif):
    return vif.get('devname') or 'tap' + vif['id'][:ID_CHARS]


def _mtu(vif):
    return (vif['network'].get('meta') or {}).get('mtu')


def check_type(vif):
    """Refuses, before anything is made, a binding this driver cannot plug (e.g. vhostuser,
    which OVS with DPDK would ask for)."""
    if vif['type'] not in (LINUX_BRIDGE, OPEN_VSWITCH):
        raise exception.VirtualInterfacePlugException(
            'port %s is bound with vif_type %r; the docker driver plugs %r (linuxbridge agent) '
            'and %r (Open vSwitch agent) ports' % (vif['id'], vif['type'], LINUX_BRIDGE,
                                                   OPEN_VSWITCH))


def ensure_linux_bridge(name):
    """The network's bridge; the DHCP agent or the linuxbridge agent may be making it too."""
    if not link_exists(name):
        # Exit code 2 is "File exists": someone else won the race, which is fine.
        _ip('link', 'add', 'name', name, 'type', 'bridge', check_exit_code=(0, 2))
    _ip('link', 'set', 'dev', name, 'up')


def _attach(tap, vif, instance_uuid):
    """The host end where the port's agent looks for it. Repeatable: plug_vifs after a
    nova-compute restart comes here again for ports that are already attached."""
    bridge = bridge_name(vif)
    if vif['type'] == OPEN_VSWITCH:
        if (vif.get('details') or {}).get('ovs_hybrid_plug'):
            # An iptables firewall would want a qbr bridge between; this stack runs noop.
            LOG.warning('port %s asks for a hybrid plug; plugged into %s directly, so no '
                        'iptables security group filters it', vif['id'], bridge)
        # --may-exist leaves an attached port as it is; the external_ids are set again either way.
        _vsctl('--may-exist', 'add-port', bridge, tap,
               '--', 'set', 'Interface', tap,
               'external_ids:iface-id=%s' % vif['id'],
               'external_ids:iface-status=active',
               'external_ids:attached-mac=%s' % vif['address'],
               'external_ids:vm-uuid=%s' % instance_uuid)
    else:
        ensure_linux_bridge(bridge)
        _ip('link', 'set', 'dev', tap, 'master', bridge)
    _ip('link', 'set', 'dev', tap, 'up')
    return bridge


def plug(pid, index, vif, instance_uuid):
    """Plugs one VIF: peer as eth<index> in the namespace of `pid`, host end attached as its
    binding wants. The veth is made only when the tap is missing (deleting the holder's
    namespace deletes both ends, so an existing tap means an intact pair)."""
    check_type(vif)
    tap = tap_name(vif)
    inside = 'eth%d' % index
    if not link_exists(tap):
        _make_pair(pid, tap, inside, index, vif)
    bridge = _attach(tap, vif, instance_uuid)
    LOG.debug('plugged port %s (%s): %s on %s, %s as %s', vif['id'], vif['type'], tap, bridge,
              vif['address'], inside)


def _make_pair(pid, tap, inside, index, vif):
    peer = PEER_PREFIX + vif['id'][:ID_CHARS]
    if link_exists(peer):  # a half-done earlier attempt
        _ip('link', 'del', 'dev', peer, check_exit_code=(0, 1))
    _ip('link', 'add', 'name', tap, 'type', 'veth', 'peer', 'name', peer)
    mtu = _mtu(vif)
    if mtu:
        _ip('link', 'set', 'dev', tap, 'mtu', str(mtu))
    _ip('link', 'set', 'dev', peer, 'netns', str(pid))
    _ip_in(pid, 'link', 'set', 'dev', peer, 'name', inside)
    _ip_in(pid, 'link', 'set', 'dev', inside, 'address', vif['address'])
    if mtu:
        _ip_in(pid, 'link', 'set', 'dev', inside, 'mtu', str(mtu))
    if vif['type'] == OPEN_VSWITCH:
        _in(pid, 'ethtool', '--offload', inside, 'tx', 'off')
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


def unplug(vif):
    """Removes the host end from its switch and the veth pair (deleting one end deletes both).
    Gone already is fine."""
    tap = tap_name(vif)
    if vif.get('type') == OPEN_VSWITCH:
        # Before the veth goes: OVS would otherwise keep a port whose device has vanished.
        _vsctl('--if-exists', 'del-port', bridge_name(vif), tap)
    if link_exists(tap):
        _ip('link', 'del', 'dev', tap, check_exit_code=(0, 1))
