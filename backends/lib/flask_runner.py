"""Runs a Flask-SocketIO test server the way every seed backend here runs.

The command line (--port N, 0 for a free port; --data-dir DIR) and the
"listening on http://127.0.0.1:<port>" line are the contract the Node
adapters rely on (backends/lib/child-server.mjs). eventlet's own listener is
used instead of socketio.run() because only it tells us the port it got.
"""
import argparse
import os
import signal
import sys

import eventlet
import eventlet.wsgi


def parse_options(description):
    """--port and --data-dir, as the Node backends take them (backends/lib/cli-options.mjs)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--data-dir', default=None, help='where the SQLite file lives (in memory without it)')
    return parser.parse_args()


def serve(app, port, on_exit=None):
    """Serves app on 127.0.0.1:port until SIGTERM or SIGINT, then calls on_exit and exits 0."""
    listener = eventlet.listen(('127.0.0.1', port))

    def stop(_signum, _frame):
        # The handler runs in whichever green thread was current, so an exception raised here
        # may end only that request's green thread and leave the server running. Exit the
        # process instead: every write was committed when it was made, so on_exit has only
        # files to close.
        try:
            if on_exit:
                on_exit()
        finally:
            sys.stdout.flush()
            os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f'listening on http://127.0.0.1:{listener.getsockname()[1]}', flush=True)
    eventlet.wsgi.server(listener, app, log_output=False)
