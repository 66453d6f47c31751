# RabbitMQ for the distro stack, started without its init script: that script waits with
# `rabbitmqctl wait`, and every rabbitmqctl is an Erlang VM of its own, seconds of CPU on a
# two-core machine that is starting a dozen Python services at the same moment (a fresh stack
# waited 38 s after the broker had logged "Server startup complete", a restart 18 s). The broker is
# ready for OpenStack's services when its AMQP port accepts a connection.

# start_rabbitmq_daemon: the broker in the background, as the init script would run it, not awaited.
start_rabbitmq_daemon() {
  mkdir -p /run/rabbitmq && chown rabbitmq:rabbitmq /run/rabbitmq
  # The Erlang schedulers spin while idle by default: CPU the services beside it need.
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='+sbwt none +sbwtdcpu none +sbwtdio none' RABBITMQ_PID_FILE=/run/rabbitmq/pid \
    start-stop-daemon --quiet --chuid rabbitmq --start --exec /usr/sbin/rabbitmq-server --pidfile /run/rabbitmq/pid --background
}

# rabbitmq_first_user USER PASSWORD: the user a fresh broker makes at its first boot, with every
# permission on the default vhost (in place of the guest user). The image's broker has never
# booted, so dockenstack-stack needs no rabbitmqctl (two more Erlang VMs) to add its user.
rabbitmq_first_user() {
  cat > /etc/rabbitmq/rabbitmq.conf <<EOT
default_user = $1
default_pass = $2
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
EOT
  chmod 640 /etc/rabbitmq/rabbitmq.conf && chgrp rabbitmq /etc/rabbitmq/rabbitmq.conf
}

# rabbitmq_accepts: the AMQP port takes a connection.
rabbitmq_accepts() {
  { : 3<>/dev/tcp/127.0.0.1/5672; } 2>/dev/null
}
