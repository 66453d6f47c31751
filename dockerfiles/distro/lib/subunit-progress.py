"""Reads a subunit v2 stream on stdin and prints one line per finished test:
`{worker} STATUS test_id (seconds)`; the harness shows these as progress."""
import sys

import subunit
import testtools

FINAL = {'success', 'fail', 'skip', 'xfail', 'uxsuccess'}


class Progress(testtools.StreamResult):
    def __init__(self):
        super().__init__()
        self.started = {}

    def status(self, test_id=None, test_status=None, test_tags=None, runnable=True,
               file_name=None, file_bytes=None, eof=False, mime_type=None, route_code=None,
               timestamp=None):
        if test_id is None or test_status is None:
            return
        if test_status == 'inprogress':
            self.started[test_id] = timestamp
        elif test_status in FINAL:
            start = self.started.pop(test_id, None)
            took = (timestamp - start).total_seconds() if start and timestamp else 0.0
            worker = next((t for t in (test_tags or ()) if t.startswith('worker-')), 'worker-?')
            print(f'{{{worker[7:]}}} {test_status.upper()} {test_id} ({took:.2f}s)', flush=True)


stream = subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name='stdout')
stream.run(Progress())
