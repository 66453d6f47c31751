"""Docker as nova's hypervisor: each server is a container on the Docker engine inside the gate
container (dockenstack-inner-engine starts it), driven through Debian's python3-docker.

A server is two containers, both labelled with the instance uuid so they are found again after a
nova-compute restart:
- the network holder (`nova-<uuid>-net`, network none, the busybox of the host sleeping): it owns
  the network namespace that the ports' veth ends live in (vif_plumbing), and the hostname. A
  container's restart destroys its own namespace; the holder is never restarted, so the ports
  stay plugged (and ACTIVE) across reboots and stop/start.
- the server (`nova-<uuid>`), from the Glance image (engine_images), on `--network
  container:<holder>`, with `--init` (a prompt stop), the flavor's memory as its limit and its
  vCPUs as a CPU quota.

Operations: reboot soft = restart (SIGTERM, then SIGKILL after a grace time), hard = SIGKILL and
start; power off/on = stop/start; pause/unpause = the engine's cgroup freezer; console output =
the container's logs; snapshot = commit + save, uploaded as container_format=docker. Suspend is
not offered: the engine cannot save a container's memory to disk (that needs CRIU, absent here),
and calling pause "suspend" would lie about what survives a host restart.

Written against nova 26 (Zed, Debian bookworm) and nova 31 (2025.1 Epoxy, Debian trixie), and
checked on both. The ports are plugged as the VIF type Neutron bound them with (vif_plumbing):
`bridge` on Zed, whose stack runs the linuxbridge agent, `ovs` on Epoxy, whose neutron 26 has no
linuxbridge and runs the Open vSwitch agent. What differs between the two ComputeDriver
interfaces, and how this copes:
- reboot and power_on take `share_info` in 31 (virtiofs shares), as a last parameter that
  defaults to None here, so nova 26's calls without it fit too; nova 31's compute manager passes
  it to power_on by position (seen: a TypeError on every start when it was **kwargs). No share
  is ever attached (supports_virtio_fs stays False).
- 31's compute manager asks a new service's driver for list_instance_uuids before init_host:
  the engine client is made on first use, not in init_host.
- 31 asks drivers for get_nodenames_by_uuid (the node uuid kept in state_path/compute_id); the
  base class's answer from get_available_nodes serves both.
- the capability set grew between them (supports_virtio_fs, supports_mem_backing_file,
  supports_address_space_*, …): this copies the base class's dict and changes only the keys it
  means, so neither version meets an unknown key.
- resume, resume_state_on_host_boot and rescue take share_info in 31: none is offered here (the
  base class's NotImplementedError stands), so there is nothing to adapt.
- everything else this driver implements (spawn, destroy, cleanup, get_info, power_off, pause,
  unpause, snapshot, get_console_output, update_provider_tree, get_available_resource,
  plug_vifs, unplug_vifs) has the same signature in both.
The same holds for what it calls elsewhere (checked at both tags): glance.API's download(dest_path)
and update(purge_props), virtapi.wait_for_instance_event raising eventlet's Timeout,
hardware.InstanceInfo, ComputeDriver._get_allocation_ratios; and for python3-docker 5.0.3
(bookworm) and 7.1 (trixie): containers.create(init, nano_cpus, mem_limit), images.load,
Image.save, APIClient.import_image_from_data.
"""
import io
import os
import platform
import signal
import tarfile

import docker
from docker import errors as docker_errors
import eventlet
import os_resource_classes as orc
from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import excutils
from oslo_utils import units
from oslo_utils import versionutils

import nova.conf
from nova.compute import power_state
from nova.compute import task_states
from nova import exception
from nova.virt import driver
from nova.virt import hardware
from nova.virt.dockenstack import engine_images
from nova.virt.dockenstack import host_uptime
from nova.virt.dockenstack import vif_plumbing

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

ENGINE_URL = 'unix:///var/run/docker.sock'
INSTANCE_LABEL = 'org.openstack.nova.instance'
ROLE_LABEL = 'org.openstack.nova.role'
IMAGE_LABEL = 'org.openstack.nova.image'
NAME_LABEL = 'org.openstack.nova.name'
HOLDER_IMAGE = 'dockenstack-netns-holder:1'
# Sets root's password to $NEW_PASS inside a server: chpasswd where the image has it (Debian and
# most distributions), else busybox's mkpasswd and /etc/shadow (the test image's busybox has no
# chpasswd applet).
SET_ROOT_PASSWORD = r'''
if command -v chpasswd >/dev/null; then printf 'root:%s\n' "$NEW_PASS" | chpasswd
else hash=$(printf '%s\n' "$NEW_PASS" | mkpasswd -m sha512 -P 0) && sed -i "s|^root:[^:]*:|root:$hash:|" /etc/shadow
fi
'''
# Seconds a soft reboot gives the server's processes between SIGTERM and SIGKILL.
SOFT_REBOOT_GRACE = 30


class DockerDriver(driver.ComputeDriver):

    capabilities = dict(
        driver.ComputeDriver.capabilities,
        has_imagecache=False,
        supports_evacuate=False,
        supports_attach_interface=False,
        supports_multiattach=False,
        supports_image_type_raw=True,
    )

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi)
        self._engine = None
        self._engine_images = None

    # -- the engine -------------------------------------------------------------------------

    @property
    def _client(self):
        """The engine's client, made on first use rather than in init_host: nova 31 asks a new
        compute service for list_instance_uuids (its sanity check) before calling init_host."""
        if self._engine is None:
            try:
                engine = docker.DockerClient(base_url=ENGINE_URL, version='auto', timeout=120)
                version = engine.version()
            except docker_errors.DockerException as error:
                LOG.error('the Docker engine at %s does not answer (%s); the distro stack starts '
                          'it with dockenstack-inner-engine', ENGINE_URL, error)
                raise exception.HypervisorUnavailable(host=CONF.host)
            LOG.info('docker driver on engine %s (API %s)', version['Version'],
                     version['ApiVersion'])
            self._engine = engine
        return self._engine

    @property
    def _images(self):
        if self._engine_images is None:
            self._engine_images = engine_images.EngineImages(self._client)
        return self._engine_images

    def init_host(self, host):
        self._ensure_holder_image()

    def _ensure_holder_image(self):
        """The holder only sleeps: an image of the host's static busybox, made once."""
        try:
            self._client.images.get(HOLDER_IMAGE)
            return
        except docker_errors.ImageNotFound:
            pass
        layer = io.BytesIO()
        with tarfile.open(fileobj=layer, mode='w') as tar:
            tar.add('/bin/busybox', arcname='bin/busybox')
        repository, tag = HOLDER_IMAGE.split(':')
        self._client.api.import_image_from_data(
            layer.getvalue(), repository=repository, tag=tag,
            changes=['CMD ["/bin/busybox", "sleep", "2147483647"]'])

    def _containers(self, role, uuid=None):
        labels = ['%s=%s' % (ROLE_LABEL, role)]
        labels.append('%s=%s' % (INSTANCE_LABEL, uuid) if uuid else INSTANCE_LABEL)
        # The engine lists, then docker-py inspects each container: one removed in between (a
        # server deleted while another is claimed) is gone, not an error that fails the claim.
        return self._client.containers.list(all=True, filters={'label': labels},
                                            ignore_removed=True)

    def _find(self, role, instance):
        found = self._containers(role, instance.uuid)
        return found[0] if found else None

    def _server(self, instance):
        server = self._find('server', instance)
        if server is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return server

    # -- what the compute manager asks ------------------------------------------------------

    def get_info(self, instance, use_cache=True):
        server = self._server(instance)
        state = server.attrs['State']
        if state.get('Paused'):
            power = power_state.PAUSED
        elif state.get('Running'):
            power = power_state.RUNNING
        elif state.get('Dead') or state.get('OOMKilled'):
            power = power_state.CRASHED
        else:
            power = power_state.SHUTDOWN
        return hardware.InstanceInfo(state=power, internal_id=server.id)

    def list_instances(self):
        return [c.labels.get(NAME_LABEL, c.name) for c in self._containers('server')]

    def list_instance_uuids(self):
        return [c.labels[INSTANCE_LABEL] for c in self._containers('server')]

    def get_available_nodes(self, refresh=False):
        return [CONF.host]

    def get_host_uptime(self):
        return host_uptime.uptime_line()

    def get_available_resource(self, nodename):
        info = self._client.info()
        vcpus = info['NCPU']
        memory_mb = info['MemTotal'] // units.Mi
        disk = os.statvfs(info['DockerRootDir'])
        disk_gb = disk.f_blocks * disk.f_frsize // units.Gi
        free_gb = disk.f_bavail * disk.f_frsize // units.Gi
        servers = self._containers('server')
        limits = [c.attrs['HostConfig'] for c in servers]
        version = info['ServerVersion'].split('+')[0].split('-')[0]
        return {
            'vcpus': vcpus,
            'memory_mb': memory_mb,
            'local_gb': disk_gb,
            'vcpus_used': sum((h.get('NanoCpus') or 0) // 10**9 for h in limits),
            'memory_mb_used': sum((h.get('Memory') or 0) // units.Mi for h in limits),
            'local_gb_used': disk_gb - free_gb,
            'hypervisor_type': 'docker',
            'hypervisor_version': versionutils.convert_version_to_int(version),
            'hypervisor_hostname': nodename,
            'cpu_info': jsonutils.dumps({'arch': platform.machine(), 'vendor': 'docker',
                                         'model': info.get('OperatingSystem', ''),
                                         'topology': {'cells': 1, 'sockets': 1, 'cores': vcpus,
                                                      'threads': 1}}),
            'disk_available_least': free_gb,
            'numa_topology': None,
            'supported_instances': [(platform.machine(), 'docker', 'exe')],
        }

    def update_provider_tree(self, provider_tree, nodename, allocations=None):
        resources = self.get_available_resource(nodename)
        ratios = self._get_allocation_ratios(provider_tree.data(nodename).inventory)

        def inventory(total, resource_class, reserved):
            return {'total': total, 'min_unit': 1, 'max_unit': total, 'step_size': 1,
                    'allocation_ratio': ratios[resource_class], 'reserved': reserved}

        provider_tree.update_inventory(nodename, {
            orc.VCPU: inventory(resources['vcpus'], orc.VCPU, CONF.reserved_host_cpus),
            orc.MEMORY_MB: inventory(resources['memory_mb'], orc.MEMORY_MB,
                                     CONF.reserved_host_memory_mb),
            orc.DISK_GB: inventory(resources['local_gb'], orc.DISK_GB,
                                   -(-CONF.reserved_host_disk_mb // 1024)),
        })

    # -- a server's life --------------------------------------------------------------------

    def spawn(self, context, instance, image_meta, injected_files, admin_password, allocations,
              network_info=None, block_device_info=None, power_on=True, accel_info=None,
              **kwargs):
        network_info = network_info or []
        # Wait for Neutron to see each port's device (the L2 agent reports it up, the port turns
        # ACTIVE, nova gets network-vif-plugged), as libvirt does: ports already ACTIVE send
        # nothing, so only inactive ones are waited for.
        events = [('network-vif-plugged', vif['id']) for vif in network_info
                  if vif.get('active', True) is False] if CONF.vif_plugging_timeout else []
        try:
            holder = self._start_holder(instance)
            # The container is created while the image is held: another server's delete
            # could otherwise untag it between its load and this create.
            with self._images.in_use(context, image_meta) as image:
                server = self._create_server(instance, image, image_meta, holder)
            with self.virtapi.wait_for_instance_event(
                    instance, events, deadline=CONF.vif_plugging_timeout,
                    error_callback=self._vif_failed):
                self._plug(instance, holder, network_info)
        except eventlet.timeout.Timeout:
            if CONF.vif_plugging_is_fatal:
                LOG.error('Neutron sent no network-vif-plugged within %ss', CONF.vif_plugging_timeout,
                          instance=instance)
                self._remove(instance, network_info, image_meta.id)
                raise exception.VirtualInterfaceCreateException()
        except Exception:
            with excutils.save_and_reraise_exception():
                self._remove(instance, network_info, image_meta.id)
        if power_on:
            server.start()

    @staticmethod
    def _vif_failed(event_name, instance):
        LOG.error('Neutron reported failure on %s', event_name, instance=instance)
        if CONF.vif_plugging_is_fatal:
            raise exception.VirtualInterfaceCreateException()

    def _start_holder(self, instance):
        holder = self._find('holder', instance)
        if holder is None:
            holder = self._client.containers.create(
                HOLDER_IMAGE, name='nova-%s-net' % instance.uuid, network_mode='none',
                hostname=(instance.hostname or instance.uuid)[:63], init=True,
                labels={INSTANCE_LABEL: instance.uuid, ROLE_LABEL: 'holder'})
        if holder.status != 'running':
            holder.start()
            holder.reload()
        return holder

    def _plug(self, instance, holder, network_info):
        pid = holder.attrs['State']['Pid']
        for index, vif in enumerate(network_info):
            vif_plumbing.plug(pid, index, vif, instance.uuid)

    def _create_server(self, instance, image, image_meta, holder):
        flavor = instance.flavor
        cpus = min(flavor.vcpus, os.cpu_count() or 1)
        return self._client.containers.create(
            image, name='nova-%s' % instance.uuid, network_mode='container:%s' % holder.id,
            init=True, mem_limit='%dm' % flavor.memory_mb, nano_cpus=cpus * 10**9,
            labels={INSTANCE_LABEL: instance.uuid, ROLE_LABEL: 'server',
                    IMAGE_LABEL: image_meta.id or '', NAME_LABEL: instance.name})

    def _ensure_network(self, instance, network_info):
        """Before a server starts: its holder runs and its ports are plugged (after a host
        restart neither is true)."""
        holder = self._start_holder(instance)
        self._plug(instance, holder, network_info or [])

    def plug_vifs(self, instance, network_info):
        self._ensure_network(instance, network_info)

    def unplug_vifs(self, instance, network_info):
        for vif in network_info or []:
            vif_plumbing.unplug(vif)

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, destroy_secrets=True, **kwargs):
        self._remove(instance, network_info, None)

    def cleanup(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, migrate_data=None, destroy_vifs=True, destroy_secrets=True,
                **kwargs):
        self._remove(instance, network_info if destroy_vifs else None, None)

    def _remove(self, instance, network_info, image_id):
        """Everything a server made: its container, its holder, its veths, its image tag.
        What is already gone is fine (destroy is retried, and called after failed spawns)."""
        server = self._find('server', instance)
        if server is not None:
            image_id = server.labels.get(IMAGE_LABEL) or image_id
            server.remove(force=True)
        holder = self._find('holder', instance)
        if holder is not None:
            holder.remove(force=True)
        self.unplug_vifs(instance, network_info)
        self._images.release(image_id, IMAGE_LABEL)

    def reboot(self, context, instance, network_info, reboot_type, block_device_info=None,
               bad_volumes_callback=None, accel_info=None, share_info=None):
        server = self._server(instance)
        self._ensure_network(instance, network_info)
        if reboot_type == 'SOFT':
            server.restart(timeout=SOFT_REBOOT_GRACE)
        else:
            if server.status in ('running', 'paused'):
                server.kill(signal=signal.SIGKILL)
            server.start()

    def power_off(self, instance, timeout=0, retry_interval=0):
        # timeout 0 is nova's "not clean": the engine's stop with 0 kills at once.
        self._server(instance).stop(timeout=timeout)

    def power_on(self, context, instance, network_info, block_device_info=None,
                 accel_info=None, share_info=None):
        server = self._server(instance)
        self._ensure_network(instance, network_info)
        server.start()

    def pause(self, instance):
        self._server(instance).pause()

    def unpause(self, instance):
        self._server(instance).unpause()

    def set_admin_password(self, instance, new_pass):
        # The container is the guest and has no agent to ask: root's password is set inside it
        # by its own tools. The password travels in the exec's environment, never in a command
        # line that `ps` or the engine's events would show.
        server = self._server(instance)
        if server.status != 'running':
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        result = server.exec_run(['sh', '-c', SET_ROOT_PASSWORD], environment={'NEW_PASS': new_pass},
                                 user='root')
        if result.exit_code != 0:
            LOG.warning('setting the root password in %s failed (exit %s): %s', server.name,
                        result.exit_code, result.output.decode('utf-8', errors='replace').strip())
            raise exception.SetAdminPasswdNotSupported()

    def get_console_output(self, context, instance):
        logs = self._server(instance).logs(stdout=True, stderr=True, tail=1000)
        return logs.decode('utf-8', errors='replace')

    def snapshot(self, context, instance, image_id, update_task_state):
        server = self._server(instance)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        self._images.upload_snapshot(
            context, server, image_id,
            uploading=lambda: update_task_state(task_state=task_states.IMAGE_UPLOADING,
                                                expected_state=task_states.IMAGE_PENDING_UPLOAD))
