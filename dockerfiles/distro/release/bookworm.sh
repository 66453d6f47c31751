# OpenStack Zed (Debian bookworm): what the distro stack does differently on this release.
# Sourced by common.sh; the other releases' files define the same names.
OPENSTACK_RELEASE="Zed"

# uwsgi's way to load each API: Debian's pbr-generated WSGI scripts.
KEYSTONE_WSGI=(--wsgi-file /usr/bin/keystone-wsgi-public)
PLACEMENT_WSGI=(--wsgi-file /usr/bin/placement-api)
NOVA_API_WSGI=(--wsgi-file /usr/bin/nova-api-wsgi)

# Neutron's L2: the linuxbridge agent, which Zed still ships but marks experimental.
NEUTRON_MECHANISM_DRIVER=linuxbridge
NEUTRON_L2_AGENT=neutron-linuxbridge-agent
NEUTRON_L2_AGENT_CONF=/etc/neutron/plugins/ml2/linuxbridge_agent.ini

neutron_l2_configure() {  # neutron_l2_configure HOST_IP
  ini "$NEUTRON_CONF" <<EOT
[experimental]
linuxbridge = true
EOT
  # The agent wants a physical mapping: an empty bridge serves.
  ip link show br-public >/dev/null 2>&1 || ip link add br-public type bridge
  ip link set br-public up
  ini "$NEUTRON_L2_AGENT_CONF" <<EOT
[linux_bridge]
physical_interface_mappings = public:br-public
[vxlan]
enable_vxlan = true
local_ip = $1
l2_population = false
[securitygroup]
enable_security_group = true
firewall_driver = noop
EOT
}

neutron_l2_start() { :; }  # the agent needs nothing running beside it

tempest_release_options() {  # Tempest 33's flags that Tempest 43 no longer has
  cat <<EOT
[identity-feature-enabled]
application_credentials = true
[image-feature-enabled]
api_v1 = false
EOT
}
