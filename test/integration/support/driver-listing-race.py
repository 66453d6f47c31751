# Run inside the distro image with the host engine's socket at /var/run/docker.sock (by
# test/integration/docker-driver.test.ts): lists "servers" with the docker driver while another
# thread creates and removes them, as Tempest's classes do on a fast machine, and counts the
# listings that fail because a container went away between the engine's list and its inspect.
# The same loop over docker-py's plain list shows the race is really there.
# Arguments: the image to create containers from, the labels (JSON) that mark them for cleanup.
import json
import sys
import threading
import time
import uuid

import docker
from docker import errors

from nova.virt.dockenstack import docker_driver

image, cleanup_labels = sys.argv[1], json.loads(sys.argv[2])
client = docker.DockerClient(base_url='unix:///var/run/docker.sock', version='auto')
driver = docker_driver.DockerDriver(None)
driver._engine = client  # the host's engine stands in for the stack's inner one
SECONDS = 15


def churn(stop):
    live = []
    while not stop.is_set():
        labels = dict(cleanup_labels, **{docker_driver.ROLE_LABEL: 'server',
                                         docker_driver.INSTANCE_LABEL: str(uuid.uuid4())})
        live.append(client.containers.create(image, ['true'], labels=labels))
        if len(live) > 8:
            live.pop(0).remove(force=True)
    for container in live:
        container.remove(force=True)


def race(listing):
    stop = threading.Event()
    churner = threading.Thread(target=churn, args=(stop,))
    churner.start()
    calls = failures = 0
    deadline = time.monotonic() + SECONDS
    try:
        while time.monotonic() < deadline:
            calls += 1
            try:
                listing()
            except errors.NotFound:
                failures += 1
    finally:
        stop.set()
        churner.join()
    return {'calls': calls, 'failures': failures}


servers = {'label': ['%s=server' % docker_driver.ROLE_LABEL, docker_driver.INSTANCE_LABEL]}
result = {
    'plain': race(lambda: client.containers.list(all=True, filters=servers)),
    'driver': race(driver.list_instance_uuids),
}
print(json.dumps(result))
