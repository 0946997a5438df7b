# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start emulators from tests: in this process (a thread) or as a subprocess.

    handle = start_in_process(password="secret", drop_after=3)
    ... connect to handle.host, handle.port ...
    handle.stop()

Options (both functions): host, port, user (default "postmaster"), password
(default "adminsecret"), main_domain, tls_cert, tls_key, state_file, log_path
(default: a fresh temporary file), delay_ms, drop_after, fail_command (a verb
or a list of verbs).
"""

import atexit
import hashlib
import os
import re
import socket
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

from . import codec
from .server import EmulatorServer

EXECUTABLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "cgp-emulator")
DEFAULT_PASSWORD = "adminsecret"
_tmp_root = None


def _tmp_dir():
    """A directory for logs, removed when this process exits."""
    global _tmp_root
    if _tmp_root is None:
        _tmp_root = tempfile.mkdtemp(prefix="cgp-emulator-")
        atexit.register(shutil.rmtree, _tmp_root, True)
    return tempfile.mkdtemp(dir=_tmp_root)


def _verbs(fail_command):
    if not fail_command:
        return []
    return [fail_command] if isinstance(fail_command, str) else list(fail_command)


def count_log_commands(path):
    """Commands in a log file: every line that is not an event line ("* ...")."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith("* "))


class _Handle:
    host = port = user = password = log_path = state = None

    def read_log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class InProcessEmulator(_Handle):
    """An emulator serving from a thread of this process."""

    def __init__(self, server, user, password):
        self.server = server
        self.host = server.host
        self.port = server.port
        self.user = user
        self.password = password
        self.log_path = server.log_path
        self.state = server.state

    def command_count(self):
        return self.server.command_count

    def verb_count(self, verb):
        return self.server.verb_counts.get(verb.upper(), 0)

    def stop(self):
        self.server.stop()


class SubprocessEmulator(_Handle):
    """An emulator running as a separate process (the cgp-emulator executable)."""

    def __init__(self, process, host, port, user, password, log_path, state_file):
        self.process = process
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.log_path = log_path
        self.state_file = state_file

    def command_count(self):
        return count_log_commands(self.log_path)

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Signal the process and wait; returns its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()
        return self.process.returncode


def start_in_process(
    host="127.0.0.1",
    port=0,
    user="postmaster",
    password=DEFAULT_PASSWORD,
    main_domain="example.test",
    tls_cert=None,
    tls_key=None,
    state_file=None,
    log_path=None,
    delay_ms=0,
    drop_after=None,
    fail_command=None,
    max_line=None,
):
    """Start an emulator in a thread; returns a handle (see the module doc).

    ``max_line`` (in-process only) lowers the command line length limit.
    """
    if log_path is None:
        log_path = os.path.join(_tmp_dir(), "emulator.log")
    server = EmulatorServer(
        host=host,
        port=port,
        user=user,
        password=password,
        main_domain=main_domain,
        tls_cert=tls_cert,
        tls_key=tls_key,
        state_file=state_file,
        log=log_path,
        delay_ms=delay_ms,
        drop_after=drop_after,
        fail_command=_verbs(fail_command),
        **({"max_line": max_line} if max_line else {}),
    )
    server.start()
    return InProcessEmulator(server, user, password)


def start_subprocess(
    host="127.0.0.1",
    port=0,
    user="postmaster",
    password=DEFAULT_PASSWORD,
    main_domain="example.test",
    tls_cert=None,
    tls_key=None,
    state_file=None,
    log_path=None,
    delay_ms=0,
    drop_after=None,
    fail_command=None,
    timeout=20,
):
    """Run the executable and wait for its READY line; returns a handle."""
    if log_path is None:
        log_path = os.path.join(_tmp_dir(), "emulator.log")
    argv = [
        sys.executable,
        EXECUTABLE,
        "--host",
        host,
        "--port",
        str(port),
        "--user",
        user,
        "--password",
        password,
        "--main-domain",
        main_domain,
        "--log",
        log_path,
    ]
    for option, value in (
        ("--tls-cert", tls_cert),
        ("--tls-key", tls_key),
        ("--state", state_file),
        ("--delay-ms", delay_ms or None),
        ("--drop-after", drop_after),
    ):
        if value is not None:
            argv += [option, str(value)]
    for verb in _verbs(fail_command):
        argv += ["--fail-command", verb]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    ready = []
    reader = threading.Thread(target=lambda: ready.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    line = ready[0] if ready else ""
    parts = line.split()
    if len(parts) != 3 or parts[0] != "READY":
        process.kill()
        err = process.communicate()[1]
        raise RuntimeError("emulator did not start (stdout %r): %s" % (line, err))
    return SubprocessEmulator(process, parts[1], int(parts[2]), user, password, log_path, state_file)


def self_signed_cert(directory, common_name="localhost"):
    """Create cert.pem/key.pem with the openssl tool; (cert, key) or None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "2",
            "-subj",
            "/CN=%s" % common_name,
            "-addext",
            "subjectAltName=DNS:%s,IP:127.0.0.1" % common_name,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return cert, key


def inline_session(handle, user=None, password=None):
    """A RawClient logged in (as the handle's admin by default) and in INLINE mode."""
    pwd = RawClient(handle)
    assert pwd.login(user, password) == "200 login OK"
    assert pwd.command("INLINE") == "200 inline mode set"
    return pwd


def ok(pwd, line):
    """Send one command that must answer 200 OK."""
    reply = pwd.command(line)
    assert reply == "200 OK", (line, reply)


def data(pwd, line):
    """The data of one command that must answer with data in INLINE mode (201)."""
    code, value = pwd.call(line)
    assert code == 201, (line, value)
    return value


class RawClient:
    """A bare PWD connection for protocol tests: bytes in, lines out (no collection code).

    with RawClient(handle) as pwd:
        pwd.login()                    # USER/PASS as the handle's admin
        pwd.command("INLINE")          # -> "200 inline mode set"
        code, data = pwd.call("LISTDOMAINS")
    """

    def __init__(self, handle=None, host=None, port=None, ssl_context=None, timeout=10):
        self.handle = handle
        sock = socket.create_connection((host or handle.host, port or handle.port), timeout)
        if ssl_context is not None:
            sock = ssl_context.wrap_socket(sock, server_hostname=host or handle.host)
        self.sock = sock
        self.rfile = sock.makefile("rb")
        self.banner = self.read_line()
        match = re.search(r"<[^<>]*@[^<>]*>", self.banner)
        self.token = match.group(0) if match else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self.rfile.close()
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode("utf-8"))

    def read_raw_line(self):
        """The next line with its CRLF, as bytes (b"" at EOF)."""
        return self.rfile.readline()

    def read_line(self):
        line = self.rfile.readline()
        if not line:
            raise EOFError("connection closed by the emulator")
        return line.decode("utf-8").rstrip("\r\n")

    def command(self, line):
        """Send one line (LF-terminated), return the first reply line."""
        self.send_raw(line + "\n")
        return self.read_line()

    def read_data(self):
        """Read the data lines after "200 data follow" and decode them."""
        text = ""
        while True:
            text += self.read_line() + "\n"
            try:
                return codec.loads(text)
            except codec.CGPDecodeError as exc:
                if exc.pos < len(text.rstrip()):  # an error before the end: not just incomplete
                    raise

    def call(self, line):
        """(code, decoded data or reply text) for one command, INLINE or not."""
        reply = self.command(line)
        code, text = (reply.split(" ", 1) + [""])[:2]
        if code == "201":
            return 201, codec.loads(text)
        if reply == "200 data follow":
            return 200, self.read_data()
        return int(code), text

    def login(self, user=None, password=None):
        user = user or self.handle.user
        password = self.handle.password if password is None else password
        reply = self.command("USER " + user)
        if not reply.startswith("300"):
            return reply
        return self.command("PASS " + password)

    def apop(self, user=None, password=None):
        user = user or self.handle.user
        password = self.handle.password if password is None else password
        digest = hashlib.md5((self.token + password).encode("utf-8")).hexdigest()
        return self.command("APOP %s %s" % (user, digest))
