"""Takes Debian's ten-second sleep out of Tempest's subnet delete (run once, at image build).

Debian's Tempest sleeps 10 s before every DELETE of a subnet (its add-delay-in-subnet-teardown
patch, since 29.0.0-3: "it takes time to teardown some ports"); upstream Tempest does not. Every
network test class deletes its subnets one after another in its class cleanup, so the CI
selection's NetworksTest alone spent 100 s of one worker asleep after its last test. Should
neutron still hold a port on a subnet being deleted, the delete fails with a 409 and the class's
tearDownClass says so in the report: the gate never hides it.
"""
import ast
import sys

import tempest.lib.services.network.subnets_client as module

PATH = module.__file__
SLEEP = 'time.sleep(10)'

with open(PATH) as f:
    source = f.read()
lines = source.splitlines(keepends=True)
tree = ast.parse(source)
delete = next((node for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef) and node.name == 'delete_subnet'), None)
if delete is None:
    sys.exit('%s has no delete_subnet: Tempest changed, look again' % PATH)
sleeps = [node.lineno for node in ast.walk(delete)
          if isinstance(node, ast.Expr) and ast.get_source_segment(source, node) == SLEEP]
if not sleeps:
    print('%s: delete_subnet does not sleep (upstream Tempest): nothing to change' % PATH)
    sys.exit(0)
for lineno in sorted(sleeps, reverse=True):
    del lines[lineno - 1]
edited = ''.join(lines)
compile(edited, PATH, 'exec')  # still Python
with open(PATH, 'w') as f:
    f.write(edited)
print('%s: removed the %s before each subnet delete (line %s)'
      % (PATH, SLEEP, ', '.join(map(str, sleeps))))
