"""Glance images in the inner Docker engine, for the docker driver.

A Glance image of container_format=docker holds a `docker save` tarball. It is loaded into the
engine once per image id and tagged `nova-image:<image id>`, the reference servers are created
from; the tag goes when the last server made from it is deleted. A snapshot is the reverse: the
server's container committed, saved, and uploaded to the snapshot's Glance image.
"""
import contextlib
import os
import tempfile

from docker import errors as docker_errors
from oslo_concurrency import lockutils
from oslo_log import log as logging

from nova import exception
from nova.image import glance

LOG = logging.getLogger(__name__)

REPOSITORY = 'nova-image'
SNAPSHOT_REPOSITORY = 'nova-snapshot'
# Glance images are downloaded here before `docker load`: the engine's data is on a tmpfs, this
# is the gate container's disk.
DOWNLOAD_DIR = '/var/lib/nova/tmp'


def reference(image_id):
    return '%s:%s' % (REPOSITORY, image_id)


class EngineImages:

    def __init__(self, client):
        self._client = client
        self._glance = glance.API()

    @contextlib.contextmanager
    def in_use(self, context, image_meta):
        """The engine's reference for the server's Glance image, loaded on first use. Until the
        block (which creates the container that uses it) ends, no release of it can untag it."""
        with lockutils.lock('dockenstack-image-%s' % image_meta.id):
            yield self._load_once(context, image_meta)

    def _load_once(self, context, image_meta):
        image_id = image_meta.id
        if image_meta.obj_attr_is_set('container_format') and image_meta.container_format != 'docker':
            raise exception.ImageUnacceptable(
                image_id=image_id,
                reason='its container_format is %s; the docker driver boots `docker save` tarballs '
                       'uploaded with container_format=docker' % image_meta.container_format)
        ref = reference(image_id)
        try:
            self._client.images.get(ref)
            return ref
        except docker_errors.ImageNotFound:
            pass
        fd, path = tempfile.mkstemp(prefix='glance-%s-' % image_id, dir=DOWNLOAD_DIR)
        os.close(fd)
        try:
            self._glance.download(context, image_id, dest_path=path)
            with open(path, 'rb') as saved:
                loaded = self._client.images.load(saved)
        except docker_errors.APIError as error:
            raise exception.ImageUnacceptable(
                image_id=image_id, reason='the engine could not load it as a `docker save` '
                                          'tarball: %s' % error.explanation)
        finally:
            os.unlink(path)
        if len(loaded) != 1:
            raise exception.ImageUnacceptable(
                image_id=image_id,
                reason='its tarball holds %d images; a server boots exactly one' % len(loaded))
        loaded[0].tag(REPOSITORY, image_id)
        LOG.info('loaded Glance image %s into the engine as %s (%s)', image_id, ref, loaded[0].id)
        return ref

    def release(self, image_id, label):
        """Drops the image's tag unless a container labelled `label`=`image_id` still uses it;
        the engine keeps layers that other tags or containers share."""
        if not image_id:
            return
        with lockutils.lock('dockenstack-image-%s' % image_id):
            users = self._client.containers.list(
                all=True, filters={'label': '%s=%s' % (label, image_id)}, ignore_removed=True)
            if users:
                return
            try:
                self._client.images.remove(reference(image_id))
            except (docker_errors.ImageNotFound, docker_errors.APIError) as error:
                # A conflict means a container (perhaps one being spawned) holds it: keep it.
                LOG.debug('kept %s: %s', reference(image_id), error)

    def upload_snapshot(self, context, container, image_id, uploading):
        """Commits the container, saves the commit and uploads it to `image_id` in Glance. Calls
        `uploading()` between the commit and the upload (nova's task-state step)."""
        committed = container.commit(repository=SNAPSHOT_REPOSITORY, tag=image_id)
        try:
            uploading()
            with tempfile.TemporaryFile(dir=DOWNLOAD_DIR) as saved:
                for chunk in committed.save(named=False):
                    saved.write(chunk)
                saved.seek(0)
                self._glance.update(context, image_id,
                                    {'disk_format': 'raw', 'container_format': 'docker'},
                                    data=saved, purge_props=False)
        finally:
            # A server booted from the snapshot loads it from Glance, like any other image.
            try:
                self._client.images.remove('%s:%s' % (SNAPSHOT_REPOSITORY, image_id))
            except docker_errors.APIError as error:
                LOG.warning('could not remove the snapshot commit %s: %s', image_id, error)
