# OpenStack 2025.1 Epoxy (Debian trixie): what the distro stack does differently on this release.
# Sourced by common.sh; the other releases' files define the same names.
OPENSTACK_RELEASE="2025.1 Epoxy"

# uwsgi's way to load each API: the WSGI modules these projects added in 2025.1 (the pbr
# wsgi_scripts in /usr/bin are deprecated upstream).
KEYSTONE_WSGI=(--module keystone.wsgi.api:application)
PLACEMENT_WSGI=(--module placement.wsgi.api:application)
NOVA_API_WSGI=(--module nova.wsgi.osapi_compute:application)

# Neutron's L2: Open vSwitch. Neutron 26 removed the linuxbridge mechanism driver and agent
# (Debian's neutron-linuxbridge-agent package is left with an init script and no agent). The
# host has no openvswitch kernel module, so the bridges use OVS's userspace datapath, whose
# internal ports are tap devices.
NEUTRON_MECHANISM_DRIVER=openvswitch
NEUTRON_L2_AGENT=neutron-openvswitch-agent
NEUTRON_L2_AGENT_CONF=/etc/neutron/plugins/ml2/openvswitch_agent.ini

neutron_l2_configure() {  # neutron_l2_configure HOST_IP
  ini "$NEUTRON_L2_AGENT_CONF" <<EOT
[ovs]
datapath_type = netdev
bridge_mappings = public:br-ex
local_ip = $1
[agent]
tunnel_types = vxlan
l2_population = false
[securitygroup]
enable_security_group = true
firewall_driver = noop
EOT
}

neutron_l2_start() {  # ovsdb-server and ovs-vswitchd, then the bridge of the public network
  [[ -c /dev/net/tun ]] || { mkdir -p /dev/net && mknod -m 666 /dev/net/tun c 10 200; }
  mkdir -p /var/run/openvswitch /var/log/openvswitch
  /usr/share/openvswitch/scripts/ovs-ctl start --no-ovs-vswitchd --system-id=random >/var/log/openvswitch/ovs-ctl.log 2>&1 \
    || die "ovsdb-server did not start: $(tail -3 /var/log/openvswitch/ovs-ctl.log)"
  # Not through ovs-ctl: it refuses to start ovs-vswitchd when the kernel module cannot be loaded.
  ovs-appctl -t ovs-vswitchd version >/dev/null 2>&1 || ovs-vswitchd unix:/var/run/openvswitch/db.sock --pidfile --detach --log-file=/var/log/openvswitch/ovs-vswitchd.log \
    >>/var/log/openvswitch/ovs-ctl.log 2>&1 || die "ovs-vswitchd did not start: $(tail -3 /var/log/openvswitch/ovs-vswitchd.log)"
  ovs-vsctl --may-exist add-br br-ex -- set bridge br-ex datapath_type=netdev
}

# Tempest 43 dropped [identity-feature-enabled] application_credentials (always tested now) and
# [image-feature-enabled] api_v1 (glance v1 is gone): nothing of this release's own to add.
tempest_release_options() { :; }
