# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PWD protocol server: sockets, login, INLINE, dispatch, logging, faults.

One thread per connection; commands on a connection are answered in order
(pipelined input is read with a buffered reader, so nothing that arrives
together is lost).  Every command runs under ``State.lock``.

``--delay-ms`` models link latency, not a slow server: each reply leaves no
earlier than the time its command line was read plus the delay, while the
commands after it are read and run meanwhile (a writer thread per connection
sends the replies when they are due).  So one command at a time costs the
delay per command, and pipelined commands share it.
"""

import argparse
import hashlib
import itertools
import json
import queue
import os
import random
import re
import selectors
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
import traceback

from . import codec
from .errors import (ACCESS_DENIED, CLIError, INJECTED_FAILURE, LINE_TOO_LONG, NOT_LOGGED_IN,
                     SYNTAX, UNKNOWN_COMMAND, WRONG_PASSWORD)
from .registry import COMMANDS, Args, Context, Data, load_handlers
from .state import State

MAX_LINE = 8 * 1024 * 1024
MASK = "********"
VERSION = "6.3"
_LOGIN_VERBS = ("USER", "PASS", "APOP", "AUTH", "QUIT", "NOOP", "INLINE")
_VERB = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9_]*)(?:[ \t]|$)")
_AUTH = re.compile(r"[ \t]*(\S+)[ \t]+(\S+)[ \t](.*)\Z", re.S)
_ATOM_OUT = re.compile(r"[A-Za-z0-9\-_.@!%:]+\Z")
_NON_SECRET_KEYS = ("canmodifypassword", "useapppassword", "passwordencryption",
                    "passwordcomplexity", "minpasswordlength", "requirepassword")


# ---------------------------------------------------------------- output

def _compact(value):
    """One-line CGP text, with the unquoted atoms and spacing a real server uses."""
    if isinstance(value, str) and not isinstance(value, codec.XML):
        return value if _ATOM_OUT.match(value) else codec.dumps(value)
    if isinstance(value, dict):
        return "{" + "".join("%s = %s; " % (_compact(str(k)), _compact(v)) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_compact(v) for v in value) + ")"
    return codec.dumps(value)


def render_multiline(value):
    """The data part of a "200 data follow" answer.  Dictionaries are written
    one key per line and long arrays one element per line, so clients must
    really read multi-line data; short arrays stay on one line as in the
    reference's sample session."""
    if isinstance(value, dict) and value:
        lines = ["{"] + ["  %s = %s;" % (_compact(str(k)), _compact(v)) for k, v in value.items()]
        return "\r\n".join(lines + ["}"])
    if isinstance(value, (list, tuple)):
        line = _compact(value)
        if len(line) <= 100:
            return line
        items = [_compact(v) for v in value]
        body = ["  " + item + ("," if i < len(items) - 1 else "") for i, item in enumerate(items)]
        return "\r\n".join(["("] + body + [")"])
    return _compact(value)


# ---------------------------------------------------------------- log masking

def _secret_key(key):
    low = str(key).lower()
    return low == "password" or (low.endswith("password") and low not in _NON_SECRET_KEYS)


def mask_value(value):
    """A copy of value with every Password-like dictionary value masked."""
    if isinstance(value, dict):
        return {k: (MASK if _secret_key(k) else mask_value(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    return value


def mask_words(words):
    """Mask the word after a PASSWORD keyword and Password keys in dictionaries."""
    out = []
    after_keyword = False
    for word in words:
        if after_keyword:
            out.append(MASK)
            after_keyword = False
            continue
        if isinstance(word, str) and word.upper() == "PASSWORD":
            after_keyword = True
        out.append(mask_value(word))
    return out


# Commands whose first argument is a session ID: an ID is a credential, like a password.
SESSION_ID_VERBS = frozenset(("GETSESSION", "UPDATESESSION", "KILLSESSION", "BLESSSESSION", "STORESESSIONFILE"))


def masked_line(verb, words):
    """The command as logged: re-encoded with the codec after masking."""
    words = mask_words(words)
    if verb.upper() in SESSION_ID_VERBS and words:
        words[0] = MASK
    encoded = []
    for word in words:
        try:
            encoded.append(codec.dumps(word))
        except (ValueError, TypeError):
            encoded.append("<unencodable>")
    return " ".join([verb] + encoded)


# ---------------------------------------------------------------- server

class EmulatorServer(object):
    """A listening PWD server.  start() binds and serves in a thread; stop() ends it."""

    def __init__(self, host="127.0.0.1", port=0, user="postmaster", password="",
                 main_domain="example.test", tls_cert=None, tls_key=None, state_file=None,
                 log=None, delay_ms=0, drop_after=None, fail_command=(), state=None,
                 max_line=MAX_LINE):
        load_handlers()
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.main_domain = main_domain
        self.state_file = state_file
        self.delay = (delay_ms or 0) / 1000.0
        self.drop_after = drop_after
        self.fail_commands = set(v.upper() for v in (fail_command or ()))
        self.max_line = max_line
        self.state = state if state is not None else self._initial_state()
        self.ssl_context = None
        if tls_cert:
            self.ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ssl_context.load_cert_chain(tls_cert, tls_key or None)
        self._log_lock = threading.Lock()
        self._own_log = False
        if log is None:
            self.log_file = sys.stderr
        elif isinstance(log, str):
            self.log_file = open(log, "a", encoding="utf-8", errors="backslashreplace", buffering=1)
            self._own_log = True
        else:
            self.log_file = log
        self.log_path = log if isinstance(log, str) else None
        self.command_count = 0
        self.verb_counts = {}
        self._count_lock = threading.Lock()
        self._conn_ids = itertools.count(1)
        self._connections = set()
        self._stopping = threading.Event()
        self._sock = None
        self._thread = None
        self._wake_r, self._wake_w = socket.socketpair()

    # ------------------------------------------------------------ state

    def _initial_state(self):
        state = None
        if self.state_file and os.path.exists(self.state_file):
            with open(self.state_file, encoding="utf-8") as handle:
                state = State.from_json(json.load(handle))
        if state is None:
            state = State.new(self.main_domain, self.user, self.password)
        else:
            state.ensure_admin(self.user, self.password)
        self.main_domain = state.main_domain
        return state

    def save_state(self):
        """Write the --state file atomically (caller holds the state lock)."""
        if not self.state_file:
            return
        text = self.state.dumps_json()
        directory = os.path.dirname(os.path.abspath(self.state_file))
        fd, tmp = tempfile.mkstemp(prefix=".cgp-state-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, self.state_file)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    # ------------------------------------------------------------ logging

    def log(self, text):
        with self._log_lock:
            try:
                self.log_file.write(text + "\n")
                self.log_file.flush()
            except (ValueError, OSError):
                pass

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
        self.log("* listening on %s:%d (main domain %s%s)" % (
            self.host, self.port, self.main_domain, ", TLS" if self.ssl_context else ""))
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
            while not self._stopping.is_set():
                for key, dummy in selector.select():  # pylint: disable=unused-variable
                    if key.fileobj is self._wake_r or self._stopping.is_set():
                        return
                    try:
                        conn, peer = self._sock.accept()
                    except OSError:
                        continue
                    # Replies to pipelined commands must not wait for delayed ACKs.
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    thread = threading.Thread(target=self._serve_connection, args=(conn, peer),
                                              name="cgp-conn", daemon=True)
                    thread.start()
        finally:
            selector.close()

    def stop(self):
        """Stop listening, close every connection, wait for the accept loop."""
        if self._stopping.is_set():
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
        self.log("* stopped")
        for sock in (self._wake_r, self._wake_w):
            sock.close()
        if self._own_log:
            with self._log_lock:
                self.log_file.close()

    # ------------------------------------------------------------ connections

    def _serve_connection(self, conn, peer):
        conn_id = "c%d" % next(self._conn_ids)
        self._connections.add(conn)
        try:
            if self.ssl_context is not None:
                conn.settimeout(30)
                try:
                    conn = self.ssl_context.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    self.log("* %s TLS handshake failed: %s" % (conn_id, exc))
                    return
                conn.settimeout(None)
                self._connections.add(conn)
            Connection(self, conn, conn_id, peer).run()
        except (OSError, ValueError):
            pass
        finally:
            self._connections.discard(conn)
            try:
                conn.close()
            except OSError:
                pass

    def count(self, verb):
        with self._count_lock:
            self.command_count += 1
            self.verb_counts[verb] = self.verb_counts.get(verb, 0) + 1


class Connection(object):
    """One PWD session."""

    def __init__(self, server, sock, conn_id, peer):
        self.server = server
        self.sock = sock
        self.conn_id = conn_id
        self.peer = peer
        self.rfile = sock.makefile("rb")
        self.inline = False
        self.login = None          # name as given
        self.pending_user = None   # after USER
        self.ctx = None
        self.commands = 0
        self.token = "<%d%03d.%d@%s>" % (int(conn_id[1:]), random.randint(0, 999),
                                         int(time.time()), server.main_domain)
        self.received = time.monotonic()  # when the line being answered was read (for --delay-ms)
        self.replies = self.writer = None
        if server.delay and not isinstance(sock, ssl.SSLSocket):
            self.replies = queue.Queue()
            self.writer = threading.Thread(target=self._write_replies, name="cgp-reply", daemon=True)
            self.writer.start()

    # ------------------------------------------------------------ I/O

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

    # ------------------------------------------------------------ main loop

    def run(self):
        try:
            self.serve()
        finally:
            self.flush()

    def serve(self):
        server = self.server
        server.log("* %s connect from %s" % (self.conn_id, self.peer[0] if self.peer else "?"))
        self.send("200 CommuniGate Pro at %s PWD Server %s ready %s"
                  % (server.main_domain, VERSION, self.token))
        while not server._stopping.is_set():
            line = self.read_line()
            if line is None:
                break
            if line is not False and not line.strip():
                continue
            if server.drop_after is not None and self.commands >= server.drop_after:
                server.log("* %s dropped after %d commands" % (self.conn_id, self.commands))
                self.flush()  # the replies to the commands before still go out
                try:
                    self.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            self.commands += 1
            if line is False:
                server.count("?")
                server.log("%s %s <line too long>" % (self.conn_id, self.login or "-"))
                self.send("%d %s" % LINE_TOO_LONG)
                continue
            if not self.handle(line):
                break
        server.log("* %s closed" % self.conn_id)

    def handle(self, line):
        """Answer one command line; False ends the connection."""
        server = self.server
        match = _VERB.match(line)
        if match is None:
            server.count("?")
            server.log("%s %s <unparsable command>" % (self.conn_id, self.login or "-"))
            self.send("%d %s" % UNKNOWN_COMMAND)
            return True
        verb_text = match.group(1)
        verb = verb_text.upper()
        rest = line[match.end():]
        server.count(verb)
        if verb in server.fail_commands:
            server.log("%s %s %s <injected failure>" % (self.conn_id, self.login or "-", verb_text))
            self.send("%d %s" % INJECTED_FAILURE)
            return True
        if verb in ("USER", "PASS", "APOP", "AUTH", "NEWPASS"):
            return self.handle_login(verb, verb_text, rest)
        if verb == "QUIT":
            server.log("%s %s %s" % (self.conn_id, self.login or "-", verb_text))
            self.send("200 CommuniGate Pro PWD connection closed")
            return False
        try:
            words = codec.loads_words(rest)
        except codec.CGPDecodeError as exc:
            server.log("%s %s %s <unparsable arguments>" % (self.conn_id, self.login or "-", verb_text))
            self.send("500 %s" % exc)
            return True
        server.log("%s %s %s" % (self.conn_id, self.login or "-", masked_line(verb_text, words)))
        if verb == "NOOP":
            self.send("200 OK")
            return True
        if self.ctx is None:
            self.send("%d %s" % NOT_LOGGED_IN)
            return True
        if verb == "INLINE":
            self.inline = True
            self.send("200 inline mode set")
            return True
        self.send(self.execute(verb, words))
        return True

    def execute(self, verb, words):
        """Run a registered command; return the reply text."""
        server = self.server
        entry = COMMANDS.get(verb)
        if entry is None:
            return "%d %s" % UNKNOWN_COMMAND
        ctx = self.ctx
        ctx.verb = verb
        try:
            if entry.sysadmin and not ctx.is_admin:
                raise CLIError(*ACCESS_DENIED)
            with server.state.lock:
                if entry.write and not ctx.is_domain_admin:
                    raise CLIError(*ACCESS_DENIED)
                result = entry.func(ctx, Args(words))
                if entry.write:
                    server.save_state()
                if result is None:
                    return "200 OK"
                if isinstance(result, Data):
                    result = result.value
                if self.inline:
                    return "201 " + codec.dumps(result)
                return "200 data follow\r\n" + render_multiline(result)
        except CLIError as exc:
            return "%d %s" % (exc.code, exc.text)
        except Exception as exc:  # a handler bug: answer, log, keep the connection
            server.log("* %s internal error in %s: %s" % (self.conn_id, verb, traceback.format_exc()))
            return "500 internal emulator error (%s)" % type(exc).__name__

    # ------------------------------------------------------------ login

    def handle_login(self, verb, verb_text, rest):
        server = self.server
        shown = {"USER": "USER %s" % rest.strip(), "PASS": "PASS " + MASK, "NEWPASS": "NEWPASS " + MASK}
        if verb == "APOP":
            shown[verb] = "APOP %s %s" % ((rest.split() or ["?"])[0], MASK)
        if verb == "AUTH":
            parts = rest.split(None, 2)
            shown[verb] = "AUTH %s %s" % (" ".join(parts[:2]), MASK)
        server.log("%s %s %s" % (self.conn_id, self.login or "-", shown[verb]))
        if verb == "NEWPASS":
            self.send("%d %s" % ACCESS_DENIED)
            return True
        if self.ctx is not None:
            self.send("500 already logged in")
            return True
        if verb == "USER":
            name = rest.strip()
            if not name:
                self.send("%d %s" % SYNTAX("USER name expected"))
                return True
            self.pending_user = name
            self.send("300 please send the PASS")
            return True
        if verb == "PASS":
            if self.pending_user is None:
                self.send("%d %s" % SYNTAX("send USER first"))
                return True
            name, self.pending_user = self.pending_user, None
            return self.finish_login(name, lambda pw: pw == rest)
        if verb == "APOP":
            parts = rest.split()
            if len(parts) != 2:
                self.send("%d %s" % SYNTAX("APOP name digest expected"))
                return True
            name, digest = parts
            token = self.token
            return self.finish_login(name, lambda pw: hashlib.md5(
                (token + pw).encode("utf-8")).hexdigest() == digest.lower())
        match = _AUTH.match(rest)  # AUTH WEBUSER user password (the rest of the line)
        if match is None or match.group(1).upper() != "WEBUSER":
            self.send("%d %s" % SYNTAX("AUTH WEBUSER name password expected"))
            return True
        password = match.group(3)
        return self.finish_login(match.group(2), lambda pw: pw == password)

    def finish_login(self, name, check):
        server = self.server
        state = server.state
        with state.lock:
            local, at, dom = name.rpartition("@")
            if not at:
                local, dom = dom, state.main_domain
            domain = state.find_domain(dom)
            account = domain.accounts.get(local.lower()) if domain is not None else None
            is_admin = account is not None and self._is_admin(domain, account)
            ok = account is not None and check(account.password)
            if ok and not is_admin:
                modes = state.account_effective_settings(domain, account).get("AccessModes")
                if domain.suspended or (isinstance(modes, str) and modes.lower() == "none"):
                    ok = False
            if not ok:
                self.send("%d %s" % WRONG_PASSWORD)
                return True
            account.info["LastLogin"] = codec_now()
            if self.peer:
                try:
                    account.info["LastAddress"] = codec.IPAddress(self.peer[0])
                except ValueError:
                    pass
            account.stat["Logins"] = int(account.stat.get("Logins", 0)) + 1
            self.login = name
            self.ctx = Context(state, name, domain.name, is_admin, session={}, server=server)
        self.send("200 login OK")
        return True

    def _is_admin(self, domain, account):
        state = self.server.state
        admin_local, admin_dom = (state.admin_user.split("@", 1) + [""])[:2]
        admin_dom = admin_dom or state.main_domain
        if domain.name.lower() == admin_dom.lower() and account.name.lower() == admin_local.lower():
            return True
        return (domain.name.lower() == state.main_domain.lower()
                and any(str(r).lower() == "master" for r in account.rights))


def codec_now():
    """The current time as a naive GMT datetime (one-second resolution)."""
    import datetime
    return datetime.datetime.utcnow().replace(microsecond=0)


# ---------------------------------------------------------------- command line

def build_parser():
    parser = argparse.ArgumentParser(
        prog="cgp-emulator",
        description="CommuniGate Pro PWD/CLI server emulator (for tests and demos only).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default 0: a free port)")
    parser.add_argument("--user", default="postmaster", help="administrator login (default postmaster)")
    parser.add_argument("--password", required=True, help="administrator password")
    parser.add_argument("--main-domain", default="example.test", help="main domain (default example.test)")
    parser.add_argument("--tls-cert", help="PEM certificate: speak TLS from the first byte")
    parser.add_argument("--tls-key", help="PEM private key (if not inside --tls-cert)")
    parser.add_argument("--state", help="JSON state file: loaded at start, saved after every write")
    parser.add_argument("--log", help="command log file (default stderr)")
    parser.add_argument("--delay-ms", type=int, default=0,
                        help="link latency: send each reply this long after its command arrived (banner too); "
                             "pipelined commands are read and run meanwhile")
    parser.add_argument("--drop-after", type=int, default=None,
                        help="close a connection abruptly after N commands on it")
    parser.add_argument("--fail-command", action="append", default=[], metavar="VERB",
                        help="answer VERB with '500 injected failure' (repeatable)")
    return parser


def server_from_args(args):
    return EmulatorServer(
        host=args.host, port=args.port, user=args.user, password=args.password,
        main_domain=args.main_domain, tls_cert=args.tls_cert, tls_key=args.tls_key,
        state_file=args.state, log=args.log, delay_ms=args.delay_ms,
        drop_after=args.drop_after, fail_command=args.fail_command)


def main(argv=None):
    args = build_parser().parse_args(argv)
    server = server_from_args(args).bind()
    done = threading.Event()

    def on_signal(signum, frame):  # pylint: disable=unused-argument
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    sys.stdout.write("READY %s %d\n" % (server.host, server.port))
    sys.stdout.flush()
    while not done.wait(0.5):
        pass
    server.stop()
    return 0
