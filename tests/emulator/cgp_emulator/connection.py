# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The socket side of one connection: read command lines, send replies, model link latency.

Pipelined input is read with a buffered reader, so nothing that arrives
together is lost; replies go out in order.  ``--delay-ms`` models link
latency, not a slow server: each reply leaves no earlier than the time its
command line was read plus the delay, while the commands after it are read
and run meanwhile (a writer thread sends the replies when they are due).
"""

import queue
import socket
import ssl
import threading
import time


class Connection(object):
    """Serves one client socket with a Session (session.py) until QUIT, EOF, a drop or the server's stop."""

    def __init__(self, server, sock, session):
        self.server = server
        self.sock = sock
        self.session = session
        self.rfile = sock.makefile("rb")
        self.commands = 0
        self.received = time.monotonic()  # when the line being answered was read (for --delay-ms)
        self.replies = self.writer = None
        if server.delay and not isinstance(sock, ssl.SSLSocket):
            self.replies = queue.Queue()
            self.writer = threading.Thread(target=self._write_replies, name="cgp-reply", daemon=True)
            self.writer.start()

    def send(self, text):
        data = (text + "\r\n").encode("utf-8", "surrogateescape")
        delay = self.server.delay
        if not delay:
            self.sock.sendall(data)
        elif self.replies is not None:
            self.replies.put((self.received + delay, data))
        else:
            # TLS: one SSL object must not read and write in two threads; wait here instead
            time.sleep(max(0.0, self.received + delay - time.monotonic()))
            self.sock.sendall(data)

    def _write_replies(self):
        """Writer thread (with --delay-ms): send each queued reply when it is due, in order."""
        broken = False
        while True:
            item = self.replies.get()
            if item is None:
                return
            due, data = item
            if broken:
                continue
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            try:
                self.sock.sendall(data)
            except OSError:
                broken = True  # the peer is gone: drop the rest

    def flush(self):
        """Wait until every queued reply has been sent (before closing or dropping the connection)."""
        if self.writer is not None:
            self.replies.put(None)
            self.writer.join(self.server.delay + 10)
            self.writer = None

    def read_line(self):
        """Next line without its LF/CRLF; None at EOF; False if too long."""
        limit = self.server.max_line
        line = self.rfile.readline(limit + 1)
        self.received = time.monotonic()
        if not line:
            return None
        if not line.endswith(b"\n") and len(line) > limit:
            while True:  # discard the rest of the over-long line
                chunk = self.rfile.readline(65536)
                if not chunk or chunk.endswith(b"\n"):
                    break
            return False
        if line.endswith(b"\n"):
            line = line[:-1]
        if line.endswith(b"\r"):
            line = line[:-1]
        return line.decode("utf-8", "surrogateescape")

    def run(self):
        try:
            self.serve()
        finally:
            self.flush()

    def serve(self):
        server = self.server
        self.send(self.session.banner())
        while not server.stopping:
            line = self.read_line()
            if line is None:
                break
            if line is not False and not line.strip():
                continue
            if server.drop_after is not None and self.commands >= server.drop_after:
                self.drop()
                return
            self.commands += 1
            if line is False:
                self.send(self.session.too_long())
                continue
            reply, keep_open = self.session.handle(line)
            self.send(reply)
            if not keep_open:
                break
        server.log("* %s closed" % self.session.conn_id)

    def drop(self):
        """--drop-after: the replies to the commands before still go out, then the link breaks."""
        self.server.log("* %s dropped after %d commands" % (self.session.conn_id, self.commands))
        self.flush()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
