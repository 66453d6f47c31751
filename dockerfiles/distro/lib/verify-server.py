"""Boots one server on the docker driver and checks that it is real: ACTIVE, its port ACTIVE
because the linuxbridge agent saw its device, its container holding the port's MAC and IP, its
console output the container's own text, its network kept across a soft reboot; then deletes it
and checks its containers are gone.
Prints one line saying what it saw; exits 1 with the reason on the first thing that is wrong."""
import re
import subprocess
import sys
import time

import docker
import openstack

INSTANCE_LABEL = 'org.openstack.nova.instance'
AGENT_LOG = '/var/log/neutron/neutron-linuxbridge-agent.log'
CONSOLE_MARK = 'dockenstack test image: /init started'


def fail(message):
    print(message, flush=True)
    sys.exit(1)


def wait(what, seconds, probe):
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            fail('%s did not happen within %ds' % (what, seconds))
        time.sleep(1)


def resources():
    with open('/var/lib/dockenstack/resources.env') as env:
        return dict(line.strip().split('=', 1) for line in env if '=' in line)


def inside(pid, *command):
    return subprocess.run(['nsenter', '--net=/proc/%d/ns/net' % pid, *command],
                          capture_output=True, text=True, check=True).stdout


def main():
    ids = resources()
    conn = openstack.connect()
    engine = docker.DockerClient(base_url='unix:///var/run/docker.sock')
    started = time.monotonic()
    server = conn.compute.create_server(name='dockenstack-verify-server', image_id=ids['IMAGE_ID'],
                                        flavor_id=ids['FLAVOR_ID'],
                                        networks=[{'uuid': ids['NETWORK_ID']}])
    try:
        server = conn.compute.wait_for_server(server, status='ACTIVE', failures=['ERROR'], wait=180)
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
    with open(AGENT_LOG) as log:
        if not re.search(r'\b%s\b' % tap, log.read()):
            fail('the linuxbridge agent never mentioned device %s (%s)' % (tap, AGENT_LOG))
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
    wait('console output from the container', 30,
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
    conn.compute.wait_for_delete(server, wait=120)
    wait('the removal of container %s' % container.name, 30,
         lambda: not engine.containers.list(all=True, filters={
             'label': '%s=%s' % (INSTANCE_LABEL, server.id)}))
    print('server %s ACTIVE in %.0fs as container %s; port %s ACTIVE (device %s seen by the '
          'linuxbridge agent), eth0 %s %s inside; console has "%s"; soft reboot kept eth0 and the port ACTIVE; deleted, containers gone'
          % (server.id, booted, container.name, port.id, tap, port.mac_address, fixed_ip,
             CONSOLE_MARK), flush=True)


if __name__ == '__main__':
    main()
