"""Creates what Tempest needs to exist before it runs: flavors, a test image, a shared network.
Writes their ids to /var/lib/dockenstack/resources.env for dockenstack-tempest-config."""
import io
import os

import openstack

conn = openstack.connect()  # the admin's OS_* variables

def flavor(flavor_id, name, ram):
    found = conn.compute.find_flavor(name)
    return found or conn.compute.create_flavor(id=flavor_id, name=name, ram=ram, vcpus=1, disk=1)

nano = flavor('42', 'm1.nano', 128)
micro = flavor('84', 'm1.micro', 192)
print(f'flavors {nano.name} ({nano.id}) and {micro.name} ({micro.id})', flush=True)

# No internet here: the test image is our own. The docker driver boots the `docker save` of the
# busybox image dockenstack-inner-engine made; the fake driver never boots anything, so a small
# raw disk serves it.
def test_image_data():
    if os.environ.get('VIRT_DRIVER') == 'docker':
        with open('/var/lib/dockenstack/test-image.tar', 'rb') as saved:
            return 'docker', io.BytesIO(saved.read())
    return 'bare', io.BytesIO(b'\0' * (1024 * 1024))

image = conn.image.find_image('dockenstack-test-image')
if image is None:
    container_format, data = test_image_data()
    image = conn.image.create_image(name='dockenstack-test-image', disk_format='raw',
                                    container_format=container_format, visibility='public',
                                    data=data, validate_checksum=False)
    image = conn.get_image(image.id)
    if image.status != 'active':
        raise SystemExit(f'[ERROR] the test image is {image.status}, not active')
print(f'image {image.name} ({image.id}, container_format {image.container_format})', flush=True)

network = conn.network.find_network('private')
if network is None:
    network = conn.network.create_network(name='private', shared=True)
    conn.network.create_subnet(network_id=network.id, name='private-subnet', ip_version=4,
                               cidr='10.1.0.0/24', enable_dhcp=True)
public = conn.network.find_network('public')
if public is None:
    public = conn.network.create_network(name='public', is_router_external=True,
                                         provider_network_type='flat',
                                         provider_physical_network='public')
    conn.network.create_subnet(network_id=public.id, name='public-subnet', ip_version=4,
                               cidr='172.24.4.0/24', enable_dhcp=False)
print(f'networks private ({network.id}) and public ({public.id})', flush=True)

with open('/var/lib/dockenstack/resources.env', 'w') as out:
    out.write(f'IMAGE_ID={image.id}\nFLAVOR_ID={nano.id}\nFLAVOR_ALT_ID={micro.id}\n'
              f'NETWORK_ID={network.id}\nPUBLIC_NETWORK_ID={public.id}\n')
