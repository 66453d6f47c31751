"""Takes oslo.messaging's half-second poll out of every RPC call's wait for its reply (run once, at
image build).

Later oslo.messaging releases (trixie's 16.1; not bookworm's 14.0) wait for an RPC reply by looking
at the reply queue without blocking and sleeping 0.5 s between looks (its ReplyWaiters.get;
upstream made the wait non-blocking for lp-2035113). A reply nearly always arrives within a few
milliseconds, so nearly every call costs half a second: nova-compute's object saves through
nova-conductor, the scheduler's select_destinations, neutron's agents asking neutron-server for a
port's details. One server boot makes about ten such calls in a row. The look stays non-blocking
(the reason upstream made it so still holds); only the pause between looks changes: 1 ms, doubling
up to 50 ms, so a quick reply is seen at once and a slow one costs at most 50 ms more.
Zed's (14.0) blocks on the queue instead: nothing to change there.
"""
import ast
import sys

if len(sys.argv) > 1:  # a copy of the module, as the unit tests give it
    PATH = sys.argv[1]
else:
    import oslo_messaging._drivers.amqpdriver as module
    PATH = module.__file__
SLEEP = 'time.sleep(0.5)'
FIRST_PAUSE = 0.001
LONGEST_PAUSE = 0.05
MARK = 'dockenstack: was'

with open(PATH) as f:
    source = f.read()
tree = ast.parse(source)
waiters = next((node for node in tree.body
                if isinstance(node, ast.ClassDef) and node.name == 'ReplyWaiters'), None)
get = waiters and next((node for node in waiters.body
                        if isinstance(node, ast.FunctionDef) and node.name == 'get'), None)
if get is None:
    sys.exit('%s has no ReplyWaiters.get: oslo.messaging changed, look again' % PATH)
loop = next((node for node in get.body if isinstance(node, ast.While)), None)
sleep = loop and next((node for node in ast.walk(loop) if isinstance(node, ast.Expr)
                       and ast.get_source_segment(source, node) == SLEEP), None)
if sleep is None:
    if MARK in ast.get_source_segment(source, get):
        print('%s: ReplyWaiters.get was changed already' % PATH)
        sys.exit(0)
    blocking = any(keyword.arg == 'block' and isinstance(keyword.value, ast.Constant)
                   and keyword.value.value is True
                   for node in ast.walk(get) if isinstance(node, ast.Call)
                   for keyword in node.keywords)
    if blocking:
        print('%s: ReplyWaiters.get blocks on the queue (an older oslo.messaging): '
              'nothing to change' % PATH)
        sys.exit(0)
    sys.exit('%s: ReplyWaiters.get neither blocks nor sleeps %s: oslo.messaging changed, look again'
             % (PATH, SLEEP))

lines = source.splitlines(keepends=True)
sleep_indent = ' ' * sleep.col_offset
loop_indent = ' ' * loop.col_offset
# From the bottom up, so the line numbers above stay right.
lines[sleep.lineno - 1] = (f'{sleep_indent}time.sleep(pause)\n'
                           f'{sleep_indent}pause = min(pause * 2, {LONGEST_PAUSE})\n')
lines.insert(loop.lineno - 1, f'{loop_indent}pause = {FIRST_PAUSE}  # {MARK} {SLEEP} per look\n')
edited = ''.join(lines)
compile(edited, PATH, 'exec')  # still Python
with open(PATH, 'w') as f:
    f.write(edited)
print('%s: ReplyWaiters.get pauses %s s, doubling up to %s s, between looks instead of 0.5 s '
      '(line %d)' % (PATH, FIRST_PAUSE, LONGEST_PAUSE, sleep.lineno))
