"""Registers the services, their endpoints and their users in keystone, in one process (each
`openstack` CLI call costs about two seconds on two cores)."""
import os

import openstack

host = os.environ['HOST_IP']
region = os.environ['REGION_NAME']
password = os.environ['SERVICE_PASSWORD']

conn = openstack.connect(auth_url=f'http://{host}:5000/v3', username='admin',
                         password=os.environ['OS_PASSWORD'], project_name='admin',
                         user_domain_id='default', project_domain_id='default',
                         region_name=region, identity_api_version='3')
identity = conn.identity

service_project = identity.find_project('service') or identity.create_project(
    name='service', domain_id='default', description='OpenStack services')
admin_role = identity.find_role('admin')
service_role = identity.find_role('service') or identity.create_role(name='service')
for role in ('member', 'reader'):
    identity.find_role(role) or identity.create_role(name=role)

SERVICES = [
    ('glance', 'image', f'http://{host}:9292'),
    ('placement', 'placement', f'http://{host}:8778'),
    ('nova', 'compute', f'http://{host}:8774/v2.1'),
    ('neutron', 'network', f'http://{host}:9696'),
]
for name, kind, url in SERVICES:
    user = identity.find_user(name, domain_id='default') or identity.create_user(
        name=name, password=password, domain_id='default')
    identity.assign_project_role_to_user(service_project, user, admin_role)
    identity.assign_project_role_to_user(service_project, user, service_role)
    service = identity.find_service(name) or identity.create_service(name=name, type=kind)
    existing = {e.interface for e in identity.endpoints(service_id=service.id)}
    for interface in ('public', 'internal', 'admin'):
        if interface not in existing:
            identity.create_endpoint(service_id=service.id, interface=interface, url=url,
                                     region_id=region)
    print(f'registered {kind} service {name} at {url}', flush=True)
