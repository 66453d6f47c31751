"""The host's uptime in the `uptime` command's format, which Tempest's hypervisor uptime test
parses (nova's fake driver answers with a line it does not)."""
import time


def uptime_line():
    with open('/proc/uptime') as uptime:
        seconds = int(float(uptime.read().split()[0]))
    return ' %s up %d days, %d:%02d,  1 user,  load average: 0.00, 0.00, 0.00' % (
        time.strftime('%H:%M:%S'), seconds // 86400, seconds % 86400 // 3600,
        seconds % 3600 // 60)
