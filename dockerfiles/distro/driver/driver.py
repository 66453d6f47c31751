"""dockenstack's compute driver for the distro stack: nova's FakeDriver, plus the two things a
gate exercises that the fake one does not do: a snapshot uploads real bytes to glance (so the
image becomes active), and the console log is long enough for Tempest's length checks.

Nova loads compute_driver only from the nova.virt package (Zed and 2025.1 alike), so this lives
in nova/virt/dockenstack/ and is named `dockenstack.driver.DockenstackDriver`. The FakeDriver
methods it overrides have the same signatures in nova 26 (Zed) and nova 31 (2025.1).
"""
import io

from nova.compute import task_states
from nova import exception
from nova.image import glance
from nova.virt import fake
from nova.virt.dockenstack import host_uptime

CONSOLE_LINES = 50


class DockenstackDriver(fake.FakeDriver):

    def snapshot(self, context, instance, image_id, update_task_state):
        if instance.uuid not in self.instances:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        payload = ('dockenstack snapshot of %s\n' % instance.uuid).encode() * 32
        glance.API().update(context, image_id,
                            {'disk_format': 'raw', 'container_format': 'bare'},
                            data=io.BytesIO(payload))

    def get_host_uptime(self):
        return host_uptime.uptime_line()

    def get_console_output(self, context, instance):
        return '\n'.join('dockenstack console of %s: line %d' % (instance.uuid, n)
                         for n in range(1, CONSOLE_LINES + 1)) + '\n'
