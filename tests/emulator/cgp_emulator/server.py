# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The listening PWD server: accept connections, TLS, the command log, counters, the state.

One thread per connection (connection.py does its I/O, session.py its
protocol, login.py its login).  Every command runs under ``State.lock``.
"""

import itertools
import selectors
import socket
import ssl
import sys
import threading

from .connection import Connection
from .persistence import StateSaver, load_state
from .registry import load_handlers
from .session import Session

MAX_LINE = 8 * 1024 * 1024


class EmulatorServer:
    """A listening PWD server.  start() binds and serves in a thread; stop() ends it."""

    def __init__(
        self,
        host="127.0.0.1",
        port=0,
        user="postmaster",
        password="",
        main_domain="example.test",
        tls_cert=None,
        tls_key=None,
        state_file=None,
        log=None,
        delay_ms=0,
        drop_after=None,
        fail_command=(),
        state=None,
        max_line=MAX_LINE,
    ):
        load_handlers()
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.delay = (delay_ms or 0) / 1000.0
        self.drop_after = drop_after
        self.fail_commands = set(v.upper() for v in (fail_command or ()))
        self.max_line = max_line
        self._open_log(log)
        self.state = state if state is not None else load_state(state_file, main_domain, user, password)
        self.main_domain = self.state.main_domain
        self.saver = StateSaver(self.state, state_file, self.log) if state_file else None
        self.ssl_context = _ssl_context(tls_cert, tls_key)
        self.command_count = 0
        self.verb_counts = {}
        self._count_lock = threading.Lock()
        self._conn_ids = itertools.count(1)
        self._connections = set()
        self._stopping = threading.Event()
        self._sock = None
        self._thread = None
        self._wake_r, self._wake_w = socket.socketpair()

    @property
    def stopping(self):
        """True once stop() has begun."""
        return self._stopping.is_set()

    def state_changed(self):
        """A write command succeeded (the caller holds the state lock)."""
        if self.saver is not None:
            self.saver.changed()

    # ------------------------------------------------------------ logging and counters

    def _open_log(self, log):
        self._log_lock = threading.Lock()
        self._own_log = isinstance(log, str)
        self.log_path = log if self._own_log else None
        if log is None:
            self.log_file = sys.stderr
        elif self._own_log:
            self.log_file = open(log, "a", encoding="utf-8", errors="backslashreplace", buffering=1)  # pylint: disable=consider-using-with
        else:
            self.log_file = log

    def log(self, text):
        with self._log_lock:
            try:
                self.log_file.write(text + "\n")
                self.log_file.flush()
            except (ValueError, OSError):
                pass

    def count(self, verb):
        with self._count_lock:
            self.command_count += 1
            self.verb_counts[verb] = self.verb_counts.get(verb, 0) + 1

    # ------------------------------------------------------------ life cycle

    def bind(self):
        infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM)
        family, address = infos[0][0], infos[0][4]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self.log(
            "* listening on %s:%d (main domain %s%s)"
            % (self.host, self.port, self.main_domain, ", TLS" if self.ssl_context else "")
        )
        return self

    def start(self):
        """Bind and serve in a background thread."""
        if self._sock is None:
            self.bind()
        self._thread = threading.Thread(target=self.serve_forever, name="cgp-emulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        selector = selectors.DefaultSelector()
        selector.register(self._sock, selectors.EVENT_READ)
        selector.register(self._wake_r, selectors.EVENT_READ)
        try:
            while not self.stopping:
                for key, _events in selector.select():
                    if key.fileobj is self._wake_r or self.stopping:
                        return
                    self._accept()
        finally:
            selector.close()

    def _accept(self):
        try:
            conn, peer = self._sock.accept()
        except OSError:
            return
        # Replies to pipelined commands must not wait for delayed ACKs.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=self._serve_connection, args=(conn, peer), name="cgp-conn", daemon=True).start()

    def stop(self):
        """Stop listening, close every connection, wait for the accept loop."""
        if self.stopping:
            return
        self._stopping.set()
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)
        for conn in list(self._connections):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._sock is not None:
            self._sock.close()
        if self.saver is not None:
            self.saver.flush()
        self.log("* stopped")
        for sock in (self._wake_r, self._wake_w):
            sock.close()
        if self._own_log:
            with self._log_lock:
                self.log_file.close()

    # ------------------------------------------------------------ connections

    def _serve_connection(self, raw, peer):
        conn_id = "c%d" % next(self._conn_ids)
        conn = raw
        self._connections.add(raw)
        try:
            if self.ssl_context is not None:
                conn = self._handshake(raw, conn_id)
            if conn is not None:
                self.log("* %s connect from %s" % (conn_id, peer[0] if peer else "?"))
                Connection(self, conn, Session(self, conn_id, peer)).run()
        except (OSError, ValueError):
            pass
        finally:
            for sock in (raw, conn):
                self._connections.discard(sock)
            try:
                (conn or raw).close()
            except OSError:
                pass

    def _handshake(self, raw, conn_id):
        """The TLS socket over ``raw`` (TLS from the first byte), or None if the handshake fails."""
        raw.settimeout(30)
        try:
            tls = self.ssl_context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            self.log("* %s TLS handshake failed: %s" % (conn_id, exc))
            return None
        tls.settimeout(None)
        self._connections.add(tls)
        return tls


def _ssl_context(cert, key):
    if not cert:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key or None)
    return context
