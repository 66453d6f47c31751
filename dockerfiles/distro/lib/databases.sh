# The distro stack's MariaDB, as dockenstack-schemas (at image build) and dockenstack-stack both
# set it up: its settings, the OpenStack databases and the user the services connect as.

OPENSTACK_DATABASES=(keystone glance placement nova_api nova nova_cell0 neutron)
SCHEMAS_MARK=/var/lib/dockenstack/schemas

# mariadb_settings: a throwaway single-host cloud needs no durability: the log is written at each
# commit but flushed once a second, no binlog sync, no doublewrite. The migrations and every API
# call's writes stop waiting on fsync.
# Snapshot isolation off: MariaDB 11.6.2 and later (trixie's 11.8) turn it on by default, and then
# an UPDATE of a row another transaction changed since this one's snapshot fails with error 1020
# ("Record has changed since last read") and rolls the whole transaction back, where OpenStack's
# code, written for REPEATABLE READ as MySQL and earlier MariaDB do it, waits for the row lock.
# Nova's instance_info_cache_update does its UPDATE in a savepoint: two refreshes of one server's
# network cache at once (a delete's deallocation and neutron's network-changed event) made it fail
# with "SAVEPOINT sa_savepoint_1 does not exist", the server went to ERROR and its class's
# tearDownClass failed (nova bug 2116186; 14 failures in a full Epoxy gate). Bookworm's 10.11 has
# the setting too, off by default.
mariadb_settings() {
  cat > /etc/mysql/mariadb.conf.d/99-dockenstack.cnf <<EOT
[mysqld]
innodb_flush_log_at_trx_commit = 2
sync_binlog = 0
innodb_doublewrite = 0
max_connections = 1000
innodb_snapshot_isolation = OFF
EOT
}

# openstack_databases PASSWORD: the databases (those there are kept) and their user `openstack`,
# whose password becomes PASSWORD (the image's build password is replaced by the run's).
openstack_databases() {
  local db
  for db in "${OPENSTACK_DATABASES[@]}"; do
    mysql -e "CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4;"
  done
  mysql -e "CREATE USER IF NOT EXISTS 'openstack'@'127.0.0.1' IDENTIFIED BY '$1';
            CREATE USER IF NOT EXISTS 'openstack'@'localhost' IDENTIFIED BY '$1';
            ALTER USER 'openstack'@'127.0.0.1' IDENTIFIED BY '$1'; ALTER USER 'openstack'@'localhost' IDENTIFIED BY '$1';
            GRANT ALL ON *.* TO 'openstack'@'127.0.0.1'; GRANT ALL ON *.* TO 'openstack'@'localhost';
            SET GLOBAL max_connections = 1000;"
}
