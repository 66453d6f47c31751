"""Boots one server on the docker driver and checks that it is real: ACTIVE, its port ACTIVE
because the release's L2 agent saw its device where the port's binding wants it (the linuxbridge
agent: a tap on the network's bridge; Open vSwitch: a port of br-int carrying the port's id), its
container holding the port's MAC and IP, its console output the container's own text, its network
kept across a soft reboot; then deletes it and checks its containers are gone.
check_server() returns one line saying what it saw, or raises CheckFailed with the reason on the
first thing that is wrong (verify-stack.py runs it beside the stack's other checks)."""
import os
import re
import subprocess
import time

import docker
import openstack

INSTANCE_LABEL = 'org.openstack.nova.instance'
# dockenstack-verify passes the release's agent (release/<suite>.sh).
AGENT = os.environ.get('NEUTRON_L2_AGENT', 'neutron-linuxbridge-agent')
AGENT_LOG = '/var/log/neutron/%s.log' % AGENT
CONSOLE_MARK = 'dockenstack test image: /init started'


class CheckFailed(Exception):
    """What a check found wrong, in a sentence."""


def fail(message):
    raise CheckFailed(message)


def wait(what, seconds, probe):
    """Polls probe until it answers truthy; an API error counts as "not yet" until the deadline
    (the first RPC call a nova-api worker makes can time out: MessagingTimeout, HTTP 500)."""
    deadline = time.monotonic() + seconds
    error = None
    while True:
        try:
            value = probe()
        except openstack.exceptions.HttpException as raised:
            value, error = None, raised
        if value:
            return value
        if time.monotonic() > deadline:
            fail('%s did not happen within %ds%s' % (what, seconds,
                                                     ' (last error: %s)' % error if error else ''))
        time.sleep(1)


def resources():
    with open('/var/lib/dockenstack/resources.env') as env:
        return dict(line.strip().split('=', 1) for line in env if '=' in line)


def inside(pid, *command):
    return subprocess.run(['nsenter', '--net=/proc/%d/ns/net' % pid, *command],
                          capture_output=True, text=True, check=True).stdout


def where_plugged(tap, port, vif_type):
    """The switch the tap is on, checked against the binding; fails when it is elsewhere."""
    if vif_type == 'ovs':
        bridge = subprocess.run(['ovs-vsctl', 'port-to-br', tap], capture_output=True,
                                text=True).stdout.strip()
        iface_id = subprocess.run(['ovs-vsctl', 'get', 'Interface', tap,
                                   'external_ids:iface-id'], capture_output=True,
                                  text=True).stdout.strip().strip('"')
        if bridge != 'br-int' or iface_id != port.id:
            fail('tap %s is on OVS bridge %r with iface-id %r, not on br-int with %s'
                 % (tap, bridge, iface_id, port.id))
        return bridge
    if vif_type == 'bridge':
        master = os.path.realpath('/sys/class/net/%s/master' % tap)
        bridge = os.path.basename(master)
        if not bridge.startswith('brq'):
            fail('tap %s is on %r, not on a brq bridge' % (tap, bridge))
        return bridge
    fail('port %s is bound with vif_type %r' % (port.id, vif_type))


def check_server(conn):
    ids = resources()
    engine = docker.DockerClient(base_url='unix:///var/run/docker.sock')
    started = time.monotonic()
    server = conn.compute.create_server(name='dockenstack-verify-server', image_id=ids['IMAGE_ID'],
                                        flavor_id=ids['FLAVOR_ID'],
                                        networks=[{'uuid': ids['NETWORK_ID']}])
    try:
        server = conn.compute.wait_for_server(server, status='ACTIVE', failures=['ERROR'], interval=1,
                                              wait=180)
    except Exception as error:
        fail('server %s did not become ACTIVE: %s' % (server.id, error))
    booted = time.monotonic() - started
    ports = list(conn.network.ports(device_id=server.id))
    if len(ports) != 1:
        fail('server %s has %d ports, not 1' % (server.id, len(ports)))
    port = ports[0]
    if port.status != 'ACTIVE':
        fail('port %s of server %s is %s, not ACTIVE' % (port.id, server.id, port.status))
    tap = 'tap' + port.id[:11]
    vif_type = port.binding_vif_type
    bridge = where_plugged(tap, port, vif_type)
    # Both agents log "Port <device> updated" when they wire a device up: the linuxbridge agent
    # names it by its tap, the Open vSwitch agent by the port id.
    device = port.id if vif_type == 'ovs' else tap
    with open(AGENT_LOG) as log:
        if not re.search(r'Port %s updated' % re.escape(device), log.read()):
            fail('%s never updated device %s (%s)' % (AGENT, device, AGENT_LOG))
    containers = engine.containers.list(filters={'label': ['%s=%s' % (INSTANCE_LABEL, server.id),
                                                           'org.openstack.nova.role=server']})
    if len(containers) != 1:
        fail('the engine runs %d containers for server %s, not 1' % (len(containers), server.id))
    container = containers[0]
    pid = container.attrs['State']['Pid']
    link = inside(pid, 'ip', '-o', 'link', 'show', 'dev', 'eth0')
    address = inside(pid, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0')
    fixed_ip = port.fixed_ips[0]['ip_address']
    if port.mac_address not in link or ' %s/' % fixed_ip not in address:
        fail('container %s has eth0 %s / %s, not the port\'s %s / %s'
             % (container.name, link.strip(), address.strip(), port.mac_address, fixed_ip))
    wait('console output from the container', 180,
         lambda: CONSOLE_MARK in (conn.compute.get_server_console_output(server)
                                  .get('output') or ''))
    # A soft reboot restarts the container; its network lives in the holder and must survive.
    conn.compute.reboot_server(server, 'SOFT')
    wait('the soft reboot', 120,
         lambda: conn.compute.get_server(server.id).status == 'ACTIVE'
         and engine.containers.get(container.id).attrs['State']['StartedAt']
         != container.attrs['State']['StartedAt'])
    pid = engine.containers.get(container.id).attrs['State']['Pid']
    if port.mac_address not in inside(pid, 'ip', '-o', 'link', 'show', 'dev', 'eth0'):
        fail('eth0 with MAC %s is gone after a soft reboot of %s' % (port.mac_address, server.id))
    if conn.network.get_port(port.id).status != 'ACTIVE':
        fail('port %s is not ACTIVE after a soft reboot of %s' % (port.id, server.id))
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, interval=1, wait=120)
    wait('the removal of container %s' % container.name, 30,
         lambda: not engine.containers.list(all=True, filters={
             'label': '%s=%s' % (INSTANCE_LABEL, server.id)}))
    return ('server %s ACTIVE in %.0fs as container %s; port %s ACTIVE (vif_type %s: device %s on '
            '%s, seen by %s), eth0 %s %s inside; console has "%s"; soft reboot kept eth0 and the '
            'port ACTIVE; deleted, containers gone'
            % (server.id, booted, container.name, port.id, vif_type, tap, bridge, AGENT,
               port.mac_address, fixed_ip, CONSOLE_MARK))
