"""The checks of dockenstack-verify, in one process: what Tempest would otherwise find late. The
hypervisor is the configured driver's, glance takes the `docker` container format, on the docker
driver a server really boots (verify_server.py), every endpoint in the catalog answers.

One process and one token for them all: an `openstack` command per check cost about two seconds
of CPU each (its start), on a two-core machine whose services are still settling. The server's
boot, the longest check, runs in a thread beside the others.

Prints a line per check ("ok   WHAT: DETAIL" or "FAIL WHAT: REASON"), then "all checks passed";
exits 1 when a check failed. Environment: the admin's OS_* variables (admin_env), VIRT_DRIVER,
NEUTRON_L2_AGENT."""
import concurrent.futures
import os
import sys
import time
import urllib.error
import urllib.request

import openstack

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_server  # noqa: E402  (beside this file, not on the path)

VIRT_DRIVER = os.environ.get('VIRT_DRIVER', 'fake')
COMPUTE_DRIVER_FILE = '/var/lib/dockenstack/compute_driver'


def log(line):
    print('%s %s' % (time.strftime('%H:%M:%S', time.gmtime()), line), flush=True)


def hypervisor_type(conn):
    types = sorted({h.hypervisor_type for h in conn.compute.hypervisors(details=True)})
    with open(COMPUTE_DRIVER_FILE) as f:
        driver = f.read().strip()
    detail = 'type %s, compute_driver %s' % (' '.join(types) or 'none', driver)
    if VIRT_DRIVER not in types:
        raise verify_server.CheckFailed(detail)
    return detail


def docker_format(conn):
    # Through the image service's REST API: its calls are the same in every SDK release.
    image = conn.image.post('/images', json={
        'name': 'dockenstack-verify-docker-format', 'container_format': 'docker',
        'disk_format': 'raw'}).json()
    try:
        with open('/etc/hostname', 'rb') as data:
            conn.image.put('/images/%s/file' % image['id'], data=data.read(),
                           headers={'Content-Type': 'application/octet-stream'})
        status = conn.image.get('/images/%s' % image['id']).json()['status']
    finally:
        conn.image.delete('/images/%s' % image['id'])
    detail = 'image %s was %s' % (image['id'], status)
    if status != 'active':
        raise verify_server.CheckFailed(detail)
    return detail


def answers(url):
    """The HTTP status the URL answers with; any status is an answer (the version documents of
    some services are a 300)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.status)
    except urllib.error.HTTPError as error:
        return str(error.code)


def public_endpoints(conn):
    types = {service.id: service.type for service in conn.identity.services()}
    for endpoint in conn.identity.endpoints(interface='public'):
        # The compute endpoint's version suffix answers only with a token; its root answers all.
        url = endpoint.url[:-len('v2.1')] if endpoint.url.endswith('/v2.1') else endpoint.url
        yield types.get(endpoint.service_id, endpoint.service_id), url


def main():
    conn = openstack.connect()
    failures = 0

    def report(what, run):
        nonlocal failures
        try:
            detail = run()
            log('ok   %s%s' % (what, ': %s' % detail if detail else ''))
        except Exception as error:  # a check's failure, whatever raised it, is that check's line
            log('FAIL %s: %s' % (what, error))
            failures += 1

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        server = pool.submit(verify_server.check_server, conn) if VIRT_DRIVER == 'docker' else None
        report("hypervisor reports the '%s' driver" % VIRT_DRIVER, lambda: hypervisor_type(conn))
        report('glance accepts container_format=docker', lambda: docker_format(conn))
        if server:
            report('a server boots on the docker driver', server.result)
    for service, url in public_endpoints(conn):
        report('%s endpoint %s answers' % (service, url), lambda url=url: answers(url))
    if failures:
        print('%s [ERROR] %d check(s) failed' % (time.strftime('%H:%M:%S', time.gmtime()), failures),
              file=sys.stderr, flush=True)
        sys.exit(1)
    log('all checks passed')


if __name__ == '__main__':
    main()
