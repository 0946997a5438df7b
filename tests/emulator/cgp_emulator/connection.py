# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The socket side of one connection: one thread, one non-blocking socket, plain or TLS.

The thread reads what has arrived, runs every complete command line (through
the Session) and queues each reply with the time it is due: when its line was
read plus ``--delay-ms``.  It sends the replies in order once they are due,
waiting in a selector for whichever comes first: more input, room to send, or
the next due time.  So ``--delay-ms`` models link latency, not a slow server,
and the same way over TCP and TLS: one command at a time costs the delay per
command, commands sent together (pipelined) share it.  One thread does all of
the connection's I/O because one TLS object must not be used from two threads.

Back-pressure: while more than OUTPUT_LIMIT bytes of replies wait, no more
lines are read or run, so a client that sends without reading is held back by
TCP, as by a blocking server.
"""

import collections
import selectors
import socket
import ssl
import time

RECV_SIZE = 256 * 1024
SEND_SIZE = 256 * 1024
OUTPUT_LIMIT = 4 * 1024 * 1024
_COMPACT = 64 * 1024  # drop the consumed start of the input buffer once it is this big (and half of it)


class Connection:
    """Serves one client socket with a Session (session.py) until QUIT, EOF, a drop or the server's stop."""

    def __init__(self, server, sock, session):
        self.server = server
        self.sock = sock
        self.session = session
        sock.setblocking(False)
        self.inbuf = bytearray()
        self.start = 0  # where the unread part of inbuf begins
        self.scanned = 0  # bytes after start known to hold no LF
        self.discarding = False  # inside an over-long line, whose bytes are dropped
        self.eof = False
        self.received = time.monotonic()  # when the last input arrived: replies are due from then
        self.queued = collections.deque()  # [due time, bytes] of replies not yet sent, in order
        self.chunk = None  # the bytes being sent: a TLS write must be retried with the same ones
        self.pending = 0  # bytes queued or in the chunk
        self.reading = True  # False after EOF, QUIT, a drop or the server's stop
        self.dropped = self.broken = False
        self.commands = 0
        self.read_waits_for = selectors.EVENT_READ  # TLS may need to send before it can read,
        self.send_waits_for = selectors.EVENT_WRITE  # or to read before it can send

    def run(self):
        self._queue(self.session.banner())
        with selectors.DefaultSelector() as selector:
            selector.register(self.sock, selectors.EVENT_READ)
            while True:
                self._run_lines()
                self._send_due()
                if self._finished():
                    break
                self._wait(selector)
        if self.dropped:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        else:
            self.server.log("* %s closed" % self.session.conn_id)

    def _finished(self):
        return self.broken or (not self.reading and not self.queued and self.chunk is None)

    def _can_read(self):
        return self.reading and not self.eof and self.pending < OUTPUT_LIMIT

    def _wait(self, selector):
        """Block until input, room to send, or the next reply's due time; read what came in."""
        events, timeout = 0, None
        if self._can_read():
            if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
                self._read()  # decrypted input waits inside the TLS object, where no selector sees it
                return
            events |= self.read_waits_for
        if self.chunk is not None:
            events |= self.send_waits_for
        elif self.queued:
            timeout = max(0.0, self.queued[0][0] - time.monotonic())
        if not events:
            time.sleep(timeout)
            return
        if selector.get_key(self.sock).events != events:
            selector.modify(self.sock, events)
        if selector.select(timeout) and self._can_read():
            self._read()

    # ------------------------------------------------------------ input

    def _read(self):
        """Receive what has arrived (until the socket has nothing more) and run the lines in it."""
        while self._can_read():
            try:
                data = self.sock.recv(RECV_SIZE)
            except ssl.SSLWantWriteError:
                self.read_waits_for = selectors.EVENT_WRITE
                return
            except (BlockingIOError, ssl.SSLWantReadError):
                self.read_waits_for = selectors.EVENT_READ
                return
            except OSError:
                data = b""  # reset by the peer: the input ends here
            self.received = time.monotonic()
            if not data:
                self.eof = True
                return
            self.inbuf += data
            self._run_lines()

    def _run_lines(self):
        """Run the complete lines received so far (at EOF, also the unterminated last one)."""
        if self.server.stopping:
            self.reading = False
        while self.reading and self.pending < OUTPUT_LIMIT:
            line = self._next_line()
            if line is None:
                self.reading = not self.eof
                return
            self._run(line)

    def _next_line(self):
        """The next line without its LF (bytes), False for an over-long one, None when none is complete."""
        buf, start = self.inbuf, self.start
        end = buf.find(b"\n", start + self.scanned)
        if end < 0:
            return self._partial_line()
        line = False if self.discarding or end - start > self.server.max_line else bytes(buf[start:end])
        self.start, self.scanned, self.discarding = end + 1, 0, False
        if self.start >= _COMPACT and self.start * 2 >= len(buf):
            del buf[: self.start]
            self.start = 0
        return line

    def _partial_line(self):
        """No LF yet: None, or at EOF the rest as the last line; an over-long rest is dropped (False)."""
        rest = len(self.inbuf) - self.start
        too_long = self.discarding or rest > self.server.max_line
        if self.eof and (rest or self.discarding):
            line = False if too_long else bytes(self.inbuf[self.start :])
            self._clear_input()
            return line
        if too_long:
            self._clear_input()
            self.discarding = True
        else:
            self.scanned = rest
        return None

    def _clear_input(self):
        del self.inbuf[:]
        self.start = self.scanned = 0
        self.discarding = False

    def _run(self, raw):
        """Answer one line (False: an over-long one)."""
        if raw is not False:
            text = (raw[:-1] if raw.endswith(b"\r") else raw).decode("utf-8", "surrogateescape")
            if not text.strip():
                return
        if self.server.drop_after is not None and self.commands >= self.server.drop_after:
            self.server.log("* %s dropped after %d commands" % (self.session.conn_id, self.commands))
            self.reading, self.dropped = False, True  # the replies before still go out
            return
        self.commands += 1
        if raw is False:
            self._queue(self.session.too_long())
            return
        reply, keep_open = self.session.handle(text)
        self._queue(reply)
        self.reading = self.reading and keep_open

    # ------------------------------------------------------------ output

    def _queue(self, text):
        data = (text + "\r\n").encode("utf-8", "surrogateescape")
        self.queued.append([self.received + self.server.delay, memoryview(data)])
        self.pending += len(data)

    def _send_due(self):
        """Send the replies that are due, in order, as far as the socket takes them."""
        while not self.broken and (self.chunk is not None or self._next_chunk()):
            try:
                sent = self.sock.send(self.chunk)
            except ssl.SSLWantReadError:
                self.send_waits_for = selectors.EVENT_READ
                return
            except (BlockingIOError, ssl.SSLWantWriteError):
                self.send_waits_for = selectors.EVENT_WRITE
                return
            except OSError:
                self.broken = True  # the peer is gone: nothing more can be sent
                return
            self.pending -= sent
            self.chunk = self.chunk[sent:] if sent < len(self.chunk) else None

    def _next_chunk(self):
        """Make the next chunk from the due replies (at most SEND_SIZE bytes); False if none is due."""
        now, parts, size = time.monotonic(), [], 0
        while self.queued and self.queued[0][0] <= now and size < SEND_SIZE:
            head = self.queued[0]
            part = head[1][: SEND_SIZE - size]
            head[1] = head[1][len(part) :]
            if not head[1]:
                self.queued.popleft()
            parts.append(part)
            size += len(part)
        if not parts:
            return False
        self.chunk = parts[0] if len(parts) == 1 else memoryview(b"".join(parts))
        return True
