# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CommuniGate Pro CLI client over the PWD protocol (TCP port 106, optional TLS).

Standard library only, so it runs on any managed host and as a plain library.
Every argument is encoded by ``cgp_codec.dumps`` (or is a validated ``Keyword``),
so no value can end a command line early or start another command.

    with CGPClient("mail.example.com", user="postmaster", password=pw, tls=True) as cgp:
        cgp.create_account("bob@example.com", settings={"RealName": "Bob"})
        settings = cgp.batch([("GETACCOUNTSETTINGS", name) for name in names])  # pipelined

Typed methods are the CLI command in snake case, written out one by one; server-wide objects
(settings, IP lists, router table, ...) go through one table, ``SERVER_SCOPES``.  Server replies
are classified into CGPError subclasses by their text; secrets (``Secret`` arguments, values
under secret keys as ``cgp_secrets`` defines them) are masked in every command text the client shows.
"""

import hashlib
import os
import re
import socket

try:
    from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec, cgp_secrets
except ImportError:  # used as a plain library, outside an ansible_collections tree
    try:
        from . import cgp_codec, cgp_secrets
    except ImportError:
        import cgp_codec
        import cgp_secrets

__all__ = [
    "CGPAccessDeniedError",
    "CGPAlreadyExistsError",
    "CGPAuthenticationError",
    "CGPClient",
    "CGPConnectionError",
    "CGPError",
    "CGPNotFoundError",
    "CGPWrongPasswordError",
    "DICT",
    "IP_LIST_KINDS",
    "Keyword",
    "LINES",
    "LOGIN_METHODS",
    "MASK",
    "RULES",
    "SERVER_SCOPES",
    "Secret",
    "ServerScope",
    "classify_error",
    "mask_command",
]

MASK = cgp_secrets.MASK
LOGIN_METHODS = ("auto", "apop", "plain", "webuser")
IP_LIST_KINDS = ("LAN", "CLIENT", "BLACKLISTED", "WHITEHOLE", "NATED", "NATSITE", "DEBUG", "DENIED")
LIST_OPERATIONS = ("subscribe", "feed", "digest", "index", "null", "banned", "unsubscribe")
POSTING_MODES = ("UNMODERATED", "MODERATEALL", "PROHIBITED", "SPECIAL")

_KEYWORD = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
_REPLY = re.compile(r"([0-9]+)(?:[ \t]+(.*))?\Z", re.S)
_TOKEN = re.compile(r"<[^<>\s]*@[^<>\s]*>")
_MASKED_ARG = cgp_codec.dumps(MASK)
# Bytes of pipelined commands not yet answered: small enough to fit in the kernel's socket
# buffers, so sendall never waits for a server that is itself blocked writing replies to us.
_PIPELINE_BYTES = 48 * 1024


# ---------------------------------------------------------------- errors


class CGPError(Exception):
    """A CLI command failed; ``command`` is masked, ``code`` the CGP code, ``text`` the server text."""

    def __init__(self, text, code=None, command=None):
        self.text = text
        self.code = code
        self.command = command
        reply = text if code is None else "%d %s" % (code, text)
        super().__init__(reply if command is None else "%s: %s" % (command, reply))


class CGPNotFoundError(CGPError):
    """The named domain, account, group, forwarder or list does not exist."""


class CGPAlreadyExistsError(CGPError):
    """An object with that name already exists."""


class CGPAccessDeniedError(CGPError):
    """The logged-in user lacks the right to run the command."""


class CGPAuthenticationError(CGPError):
    """Login failed; the message names the method, never the password."""


class CGPConnectionError(CGPError):
    """Cannot connect, timed out, connection dropped, or an unreadable reply."""


class CGPWrongPasswordError(CGPError):
    """VERIFYACCOUNTPASSWORD: the password is wrong."""


# First match wins; matched case-insensitively on the reply text, because codes differ by version.
_ERROR_TEXTS = (
    (CGPError, ("unknown command", "unknown keyword")),
    (CGPAlreadyExistsError, ("already exists",)),
    (
        CGPAccessDeniedError,
        (
            "required access right",
            "access denied",
            "not allowed",
            "permission denied",
            "not authorized",
            "no access right",
            "insufficient privileges",
        ),
    ),
    (CGPNotFoundError, ("unknown", "not found", "does not exist", "no such")),
)


def classify_error(code, text, command=None, verb=None):
    """Return the CGPError subclass instance for a failed command's reply."""
    lowered = text.lower()
    if verb == "VERIFYACCOUNTPASSWORD" and (code == 515 or "incorrect" in lowered or "wrong" in lowered):
        return CGPWrongPasswordError(text, code, command)
    for cls, fragments in _ERROR_TEXTS:
        if any(fragment in lowered for fragment in fragments):
            return cls(text, code, command)
    return CGPError(text, code, command)


# ---------------------------------------------------------------- arguments


class Keyword(str):
    """A bare CLI keyword (INTO, FORCE, PATH, ...): validated, sent without quotes."""

    __slots__ = ()

    def __new__(cls, value):
        if not isinstance(value, str) or not _KEYWORD.match(value):
            raise ValueError("invalid CLI keyword %r" % (value,))
        return str.__new__(cls, value)


class Secret:
    """A secret string: sent as is, shown as the mask in command texts, reprs and logs."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value.value if isinstance(value, Secret) else value

    def __repr__(self):
        return "Secret(%r)" % MASK

    __str__ = __repr__


def _plain(value, masked):
    """Unwrap Secrets at any depth; with masked, replace them and values under secret keys by the mask."""
    if isinstance(value, Secret):
        return MASK if masked else value.value
    if isinstance(value, dict):
        return dict(
            (key, MASK if masked and cgp_secrets.is_secret_key(key) else _plain(item, masked))
            for key, item in value.items()
        )
    if isinstance(value, (list, tuple)):
        return [_plain(item, masked) for item in value]
    return value


def _encode(value, masked=False):
    if isinstance(value, Keyword):
        return str(value)
    if isinstance(value, Secret):
        return _MASKED_ARG if masked else cgp_codec.dumps(value.value)
    if isinstance(value, (dict, list, tuple)):
        value = _plain(value, masked)
    return cgp_codec.dumps(value)


def _check_verb(verb):
    if not isinstance(verb, str) or not _KEYWORD.match(verb):
        raise ValueError("invalid CLI command name %r" % (verb,))
    return verb.upper()


def mask_command(verb, args):
    """The command line as sent, with Secret args and values under secret keys masked."""
    return " ".join([str(verb)] + [_encode(arg, True) for arg in args])


def _build(verb, args):
    line = " ".join([verb] + [_encode(arg) for arg in args])
    if "\r" in line or "\n" in line or "\0" in line:  # the codec guarantees this; never send two lines
        raise ValueError("CLI command %s would contain a line break or NUL" % verb)
    return (line + "\r\n").encode("utf-8", "surrogateescape")


def _opt(keyword, value):
    return [] if value is None else [Keyword(keyword), value]


def _flag(keyword, enabled):
    return [Keyword(keyword)] if enabled else []


def _number(value):
    """CLI numeric parameters (limits, counts) go as bare digits, as peers send them."""
    return str(int(value))


# ---------------------------------------------------------------- reply reading


class _LineReader:
    """Reads CRLF/LF-terminated lines from a socket, whatever the packet boundaries."""

    def __init__(self, sock, limit=cgp_codec.MAX_INPUT):
        self.sock = sock
        self.limit = limit
        self.buf = bytearray()
        self.start = 0  # first unread byte
        self.scanned = 0  # no LF before this offset

    def has_line(self):
        """True when a complete line is already buffered (readline will not block)."""
        return self.buf.find(b"\n", self.scanned) >= 0

    def readline(self):
        """Return the next line (str, line ending removed); raise EOFError when the peer closed."""
        while True:
            end = self.buf.find(b"\n", self.scanned)
            if end >= 0:
                line = bytes(self.buf[self.start : end - 1 if end > self.start and self.buf[end - 1] == 13 else end])
                self.start = self.scanned = end + 1
                return line.decode("utf-8", "surrogateescape")
            del self.buf[: self.start]  # compact only when more data is needed
            self.start, self.scanned = 0, len(self.buf)
            if self.scanned > self.limit:
                raise ValueError("reply line longer than %d bytes" % self.limit)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError()
            self.buf += chunk


class _ObjectScanner:
    """Tracks bracket and quote state line by line to tell when a multi-line object is complete."""

    _SIGNIFICANT = re.compile(r'["\\()\[\]{}]')

    def __init__(self):
        self.lines = []
        self.depth = 0
        self.in_string = False
        self.xml = False

    def feed(self, line):
        """Add one line; return True once a complete object has been read."""
        if not self.lines:
            if not line.strip():
                return False
            self.xml = line.lstrip().startswith("<")
        self.lines.append(line)
        if self.xml:  # rare: an XML object; let the codec decide whether it is complete
            try:
                cgp_codec.loads(self.text())
                return True
            except cgp_codec.CGPDecodeError:
                return False
        skip = -1
        for match in self._SIGNIFICANT.finditer(line):
            pos = match.start()
            if pos < skip:
                continue
            char = line[pos]
            if self.in_string:
                if char == "\\":
                    skip = pos + 2
                elif char == '"':
                    self.in_string = False
            elif char == '"':
                self.in_string = True
            elif char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth -= 1
        return not self.in_string and self.depth <= 0

    def text(self):
        return "\n".join(self.lines)


# ---------------------------------------------------------------- the client


class CGPClient:
    """One PWD session: connect, log in, INLINE, then one method per CLI command."""

    def __init__(
        self,
        host="localhost",
        port=106,
        user=None,
        password=None,
        login_method="auto",
        tls=False,
        validate_certs=True,
        ca_path=None,
        timeout=30.0,
        inline=True,
    ):
        if login_method not in LOGIN_METHODS:
            raise ValueError("login_method must be one of %s, not %r" % (", ".join(LOGIN_METHODS), login_method))
        self.host, self.port, self.user = host, int(port), user
        self._password = Secret(password) if password is not None else None
        self.login_method, self.tls, self.validate_certs, self.ca_path = login_method, tls, validate_certs, ca_path
        self._timeout, self.inline = timeout, inline
        self.banner = None
        self.server_token = None
        self.login_used = None
        self.commands_sent = 0
        # Called as intercept(verb, args) before a command is sent; a true result skips sending
        # (the module layer uses it to record write commands and to honour check mode).
        self.intercept = None
        self._last = None
        self._sock = None
        self._reader = None

    def __repr__(self):
        return "CGPClient(host=%r, port=%r, user=%r, login_method=%r, tls=%r)" % (
            self.host,
            self.port,
            self.user,
            self.login_method,
            self.tls,
        )

    @property
    def address(self):
        """host:port, as error messages name the server."""
        return "[%s]:%d" % (self.host, self.port) if ":" in self.host else "%s:%d" % (self.host, self.port)

    @property
    def last_command(self):
        """The last command sent, secrets masked (None before the first one)."""
        return None if self._last is None else mask_command(*self._last)

    @property
    def connected(self):
        return self._sock is not None

    @property
    def timeout(self):
        """Seconds allowed for connecting and for each read or write; settable on a live session."""
        return self._timeout

    @timeout.setter
    def timeout(self, value):
        self._timeout = value
        if self._sock is not None:
            self._sock.settimeout(value)

    # ------------------------------------------------------------ connection

    def connect(self):
        """Connect, read the banner, log in and switch to INLINE mode; return self."""
        if self._sock is not None:
            return self
        self._open()
        try:
            self._login()
            if self.inline:
                code, text = self._exchange(("INLINE",), "switching to INLINE mode")
                if code != 200:
                    raise self._fail("INLINE refused: %d %s" % (code, text), "switching to INLINE mode")
        except BaseException:
            self._abort()
            raise
        return self

    def _open(self):
        self._last = None
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise self._fail("cannot connect", "connecting", exc)
        try:  # whole lines are written at once: Nagle would only delay pipelined chunks
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        if self.tls:
            import ssl  # only for TLS: it is a good part of a module's start-up otherwise

            try:
                sock = self._tls_context(ssl).wrap_socket(sock, server_hostname=self.host)
            except ssl.SSLCertVerificationError as exc:
                sock.close()
                raise self._fail(
                    "TLS certificate verification failed: %s (give the issuing CA as ca_path, or set "
                    "validate_certs=False for a self-signed lab server)" % (exc.verify_message or exc),
                    "connecting",
                )
            except (OSError, ssl.SSLError) as exc:
                sock.close()
                raise self._fail("TLS handshake failed", "connecting", exc)
        sock.settimeout(self.timeout)
        self._sock, self._reader = sock, _LineReader(sock)
        code, text = self._read_line("reading the banner")
        self.banner = text
        if code != 200:
            raise self._fail("unexpected banner %d %s" % (code, text), "connecting")
        token = _TOKEN.search(text)
        self.server_token = token.group(0) if token else None

    def _tls_context(self, ssl):
        if not self.validate_certs:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return context
        if self.ca_path and os.path.isdir(self.ca_path):
            return ssl.create_default_context(capath=self.ca_path)
        return ssl.create_default_context(cafile=self.ca_path)

    def _login(self):
        if self.user is None:
            return
        method = self.login_method
        if method == "auto":
            method = "apop" if self.server_token else "plain"
        secret = self._password or Secret("")
        described = "%s%s" % (method, " (chosen by auto)" if method != self.login_method else "")
        if any(char in self.user + secret.value for char in "\r\n\0"):
            raise CGPAuthenticationError(
                "login as %r to %s with method %s: the user name and password must not "
                "contain CR, LF or NUL" % (self.user, self.address, described)
            )
        if method == "apop":
            if not self.server_token:
                raise CGPAuthenticationError(
                    "login as %r to %s with method apop: the server banner carries no "
                    "APOP token <...@...>: %r" % (self.user, self.address, self.banner)
                )
            digest = hashlib.md5((self.server_token + secret.value).encode("utf-8", "surrogateescape")).hexdigest()
            steps = [(("APOP", self.user, Secret(digest)), 200)]  # the digest is password-equivalent for this token
        elif method == "webuser":
            steps = [(("AUTH", "WEBUSER", self.user, secret), 200)]
        else:
            steps = [(("USER", self.user), 300), (("PASS", secret), 200)]
        for words, expected in steps:
            code, text = self._exchange(words, "login")
            if code != expected:
                if secret.value:
                    text = text.replace(secret.value, MASK)
                raise CGPAuthenticationError(
                    "login as %r to %s with method %s failed: %s" % (self.user, self.address, described, text),
                    code,
                    self.last_command,
                )
        self.login_used = method

    def _exchange(self, words, doing):
        """Send one protocol line of raw words (login, INLINE); return (code, text)."""
        self._last = (" ".join(MASK if isinstance(w, Secret) else w for w in words), ())
        raw = " ".join(w.value if isinstance(w, Secret) else w for w in words)
        self._send((raw + "\r\n").encode("utf-8", "surrogateescape"), doing)
        return self._read_line(doing)

    def close(self):
        """Send QUIT (errors ignored) and close the socket; safe to call twice."""
        if self._sock is None:
            return
        try:
            self._sock.settimeout(min(self.timeout or 5.0, 5.0))
            self._sock.sendall(b"QUIT\r\n")
            self._reader.readline()
        except (OSError, EOFError, ValueError):
            pass
        self._abort()

    def _abort(self):
        sock, self._sock, self._reader = self._sock, None, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc_info):
        self.close()

    def _fail(self, problem, doing, exc=None):
        """Drop the connection; return the CGPConnectionError to raise (naming host:port and the step)."""
        self._abort()
        if isinstance(exc, socket.timeout):
            problem = "timed out after %s s" % self.timeout
        elif exc is not None:
            problem = "%s: %s" % (problem, exc)
        return CGPConnectionError("%s: %s while %s" % (self.address, problem, doing), None, self.last_command)

    def _send(self, data, doing):
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise self._fail("connection lost", doing, exc)

    def _read_raw(self, doing):
        try:
            return self._reader.readline()
        except EOFError:
            raise self._fail("connection closed by the server", doing)
        except (OSError, ValueError) as exc:
            raise self._fail("cannot read the reply", doing, exc)

    def _read_line(self, doing):
        """Read one reply line; return (code, text)."""
        line = self._read_raw(doing)
        match = _REPLY.match(line)
        if match is None:
            raise self._fail("unreadable reply %r" % line[:200], doing)
        return int(match.group(1)), match.group(2) or ""

    def _read_reply(self, verb, args):
        """Read the reply to one CLI command: its data, None, or a CGPError instance (not raised)."""
        doing = "waiting for the reply to %s" % verb
        code, text = self._read_line(doing)
        if code == 201:
            data = text
        elif 200 <= code < 300:
            if code != 200 or not text.lower().startswith("data follow"):
                return None
            scanner = _ObjectScanner()
            while not scanner.feed(self._read_raw(doing)):
                pass
            data = scanner.text()
        else:
            return classify_error(code, text, mask_command(verb, args), verb)
        try:
            return cgp_codec.loads(data)
        except cgp_codec.CGPDecodeError as exc:
            raise self._fail("undecodable data (%s)" % exc, "reading the reply to %s" % verb)

    # ------------------------------------------------------------ commands

    def execute(self, verb, *args):
        """Run one CLI command; return its decoded data (None if it has none) or raise a CGPError."""
        verb = _check_verb(verb)
        data = _build(verb, args)
        if self.intercept is not None and self.intercept(verb, args):
            return None
        if self._sock is None:
            self.connect()
        self._last = (verb, args)
        self._send(data, "sending %s" % verb)
        self.commands_sent += 1
        result = self._read_reply(verb, args)
        if isinstance(result, CGPError):
            raise result
        return result

    _cmd = execute

    def batch(self, commands):
        """Pipeline (verb, *args) commands; return results in order, a CGPError instance where one failed."""
        commands = [(_check_verb(command[0]), tuple(command[1:])) for command in commands]
        lines = [_build(verb, args) for verb, args in commands]
        if self.intercept is not None:
            passed = [index for index, command in enumerate(commands) if not self.intercept(*command)]
            if len(passed) < len(commands):  # intercepted commands are not sent; their result is None
                results = [None] * len(commands)
                for index, result in zip(
                    passed, self._pipeline([commands[i] for i in passed], [lines[i] for i in passed])
                ):
                    results[index] = result
                return results
        return self._pipeline(commands, lines)

    def _pipeline(self, commands, lines):
        total = len(commands)
        if self._sock is None and total:
            self.connect()
        results, sent, in_flight = [], 0, 0
        try:
            while len(results) < total:
                # Top up the window before we would block on a read: the server never runs dry,
                # and our packets carry the ACKs that a Nagle-delayed server waits for.
                if sent < total and not self._reader.has_line():
                    start = sent
                    while sent < total and (sent == len(results) or in_flight + len(lines[sent]) <= _PIPELINE_BYTES):
                        in_flight += len(lines[sent])
                        sent += 1
                    if sent > start:
                        self._last = commands[sent - 1]
                        self._send(
                            b"".join(lines[start:sent]),
                            "sending %s (command %d of %d in a batch)" % (commands[sent - 1][0], sent, total),
                        )
                        self.commands_sent += sent - start
                results.append(self._read_reply(*commands[len(results)]))
                in_flight -= len(lines[len(results) - 1])
        except CGPConnectionError as exc:
            raise CGPConnectionError(
                "%s (batch of %d commands: %d replies read, %d commands sent)" % (exc.text, total, len(results), sent),
                None,
                mask_command(*commands[min(len(results), total - 1)]),
            )
        return results

    # ------------------------------------------------------------ server
    # One method per CLI command, named as the command in snake case; the cluster-wide
    # variants of server objects take cluster=True.

    def list_domains(self):
        return self._cmd("LISTDOMAINS")

    def main_domain_name(self):
        return self._cmd("MAINDOMAINNAME")

    def get_version(self):
        return self._cmd("GETVERSION")

    def get_current_time(self):
        return self._cmd("GETCURRENTTIME")

    def list_cli_commands(self):
        return self._cmd("LISTCLICOMMANDS")

    def list_modules(self):
        return self._cmd("LISTMODULES")

    def get_system_info(self, what):
        return self._cmd("GETSYSTEMINFO", what)

    def noop(self):
        return self._cmd("NOOP")

    def get_stat_element(self, object_id):
        return self._cmd("GETSTATELEMENT", object_id)

    def get_server_object(self, scope, module=None, cluster=False):
        """GET<stem> of a server-wide object (``SERVER_SCOPES``); ``module`` names the module of scope module."""
        return self._cmd(*SERVER_SCOPES[scope].command("GET", module, cluster))

    def update_server_object(self, scope, value, module=None, cluster=False):
        """UPDATE<stem>: merge ``value`` into a server-wide object."""
        return self._cmd(*SERVER_SCOPES[scope].command("UPDATE", module, cluster, value))

    def set_server_object(self, scope, value, module=None, cluster=False):
        """SET<stem>: replace a server-wide object with ``value``."""
        return self._cmd(*SERVER_SCOPES[scope].command("SET", module, cluster, value))

    # ------------------------------------------------------------ domains

    def create_domain(self, name, settings=None, shared=False, path=None):
        words = _flag("SHARED", shared) + _opt("PATH", path) + ([] if settings is None else [settings])
        return self._cmd("CREATEDOMAIN", name, *words)

    def rename_domain(self, old, new, path=None):
        return self._cmd("RENAMEDOMAIN", old, Keyword("INTO"), new, *_opt("PATH", path))

    def delete_domain(self, name, force=False):
        return self._cmd("DELETEDOMAIN", name, *_flag("FORCE", force))

    def suspend_domain(self, name):
        return self._cmd("SUSPENDDOMAIN", name)

    def resume_domain(self, name):
        return self._cmd("RESUMEDOMAIN", name)

    def get_domain_settings(self, name=None):
        return self._cmd("GETDOMAINSETTINGS", *_some(name))

    def get_domain_effective_settings(self, name=None):
        return self._cmd("GETDOMAINEFFECTIVESETTINGS", *_some(name))

    def update_domain_settings(self, name, settings):
        return self._cmd("UPDATEDOMAINSETTINGS", name, settings)

    def set_domain_settings(self, name, settings):
        return self._cmd("SETDOMAINSETTINGS", name, settings)

    def get_domain_aliases(self, name=None):
        return self._cmd("GETDOMAINALIASES", *_some(name))

    def set_domain_aliases(self, name, aliases):
        return self._cmd("SETDOMAINALIASES", name, aliases)

    def get_domain_mail_rules(self, name=None):
        return self._cmd("GETDOMAINMAILRULES", *_some(name))

    def set_domain_mail_rules(self, name, rules):
        return self._cmd("SETDOMAINMAILRULES", name, rules)

    def get_domain_signal_rules(self, name):
        return self._cmd("GETDOMAINSIGNALRULES", name)

    def set_domain_signal_rules(self, name, rules):
        return self._cmd("SETDOMAINSIGNALRULES", name, rules)

    def get_account_defaults(self, domain=None):
        return self._cmd("GETACCOUNTDEFAULTS", *_some(domain))

    def update_account_defaults(self, domain, settings):
        return self._cmd("UPDATEACCOUNTDEFAULTS", domain, settings)

    def set_account_defaults(self, domain, settings):
        return self._cmd("SETACCOUNTDEFAULTS", domain, settings)

    def get_account_default_prefs(self, domain=None):
        return self._cmd("GETACCOUNTDEFAULTPREFS", *_some(domain))

    def update_account_default_prefs(self, domain, prefs):
        return self._cmd("UPDATEACCOUNTDEFAULTPREFS", domain, prefs)

    def set_account_default_prefs(self, domain, prefs):
        return self._cmd("SETACCOUNTDEFAULTPREFS", domain, prefs)

    def get_account_template(self, domain=None):
        return self._cmd("GETACCOUNTTEMPLATE", *_some(domain))

    def update_account_template(self, domain, settings):
        return self._cmd("UPDATEACCOUNTTEMPLATE", domain, settings)

    def set_account_template(self, domain, settings):
        return self._cmd("SETACCOUNTTEMPLATE", domain, settings)

    def list_accounts(self, domain=None):
        return self._cmd("LISTACCOUNTS", *_some(domain))

    def list_domain_objects(
        self, domain, limit, filter=None, accounts=False, aliases=False, forwarders=False, cookie=None
    ):
        return self._cmd(
            "LISTDOMAINOBJECTS",
            domain,
            *(
                _opt("FILTER", filter)
                + [_number(limit)]
                + _flag("ACCOUNTS", accounts)
                + _flag("ALIASES", aliases)
                + _flag("FORWARDERS", forwarders)
                + _opt("COOKIE", cookie)
            ),
        )

    def get_domain_lists(self, domain=None):
        return self._cmd("GETDOMAINLISTS", *_some(domain))

    def get_domain_stat(self, domain, key=None):
        return self._cmd("GETDOMAINSTAT", domain, *_opt("KEY", key))

    # ------------------------------------------------------------ accounts

    def create_account(self, name, account_type=None, path=None, legacy=False, settings=None):
        words = (
            ([Keyword(account_type)] if account_type else [])
            + _opt("PATH", path)
            + _flag("LEGACY", legacy)
            + ([] if settings is None else [settings])
        )
        return self._cmd("CREATEACCOUNT", name, *words)

    def rename_account(self, old, new, path=None):
        return self._cmd("RENAMEACCOUNT", old, Keyword("INTO"), new, *_opt("PATH", path))

    def delete_account(self, name):
        return self._cmd("DELETEACCOUNT", name)

    def set_account_type(self, name, account_type):
        return self._cmd("SETACCOUNTTYPE", name, Keyword(account_type))

    def get_account_settings(self, name):
        return self._cmd("GETACCOUNTSETTINGS", name)

    def get_account_effective_settings(self, name):
        return self._cmd("GETACCOUNTEFFECTIVESETTINGS", name)

    def get_account_one_setting(self, name, key):
        return self._cmd("GETACCOUNTONESETTING", name, key)

    def update_account_settings(self, name, settings):
        return self._cmd("UPDATEACCOUNTSETTINGS", name, settings)

    def set_account_settings(self, name, settings):
        return self._cmd("SETACCOUNTSETTINGS", name, settings)

    def set_account_password(self, name, password, method=None, tag=None, check=False):
        if method is not None and tag is not None:
            raise ValueError("set_account_password: give method or tag, not both")
        return self._cmd(
            "SETACCOUNTPASSWORD",
            name,
            Keyword("PASSWORD"),
            Secret(password),
            *(_opt("METHOD", method) + _opt("NAME", tag) + _flag("CHECK", check)),
        )

    def verify_account_password(self, name, password):
        """True if the password is right, False if the server says it is wrong; other errors raise."""
        try:
            self._cmd("VERIFYACCOUNTPASSWORD", name, Keyword("PASSWORD"), Secret(password))
        except CGPWrongPasswordError:
            return False
        return True

    def get_account_aliases(self, name):
        return self._cmd("GETACCOUNTALIASES", name)

    def set_account_aliases(self, name, aliases):
        return self._cmd("SETACCOUNTALIASES", name, aliases)

    def get_account_telnums(self, name):
        return self._cmd("GETACCOUNTTELNUMS", name)

    def set_account_telnums(self, name, telnums):
        return self._cmd("SETACCOUNTTELNUMS", name, telnums)

    def modify_account_telnums(self, name, parameters):
        """parameters: {op: add, telnum: ...}, {op: del, telnum: ...} or {op: pop}; atomic on the server."""
        return self._cmd("MODIFYACCOUNTTELNUMS", name, parameters)

    def get_account_mail_rules(self, name):
        return self._cmd("GETACCOUNTMAILRULES", name)

    def set_account_mail_rules(self, name, rules):
        return self._cmd("SETACCOUNTMAILRULES", name, rules)

    def update_account_mail_rule(self, name, rule):
        return self._cmd("UPDATEACCOUNTMAILRULE", name, rule)

    def delete_account_mail_rule(self, name, rule_name):
        return self._cmd("UPDATEACCOUNTMAILRULE", name, Keyword("DELETE"), rule_name)

    def get_account_signal_rules(self, name):
        return self._cmd("GETACCOUNTSIGNALRULES", name)

    def update_account_signal_rule(self, name, rule):
        return self._cmd("UPDATEACCOUNTSIGNALRULE", name, rule)

    def delete_account_signal_rule(self, name, rule_name):
        return self._cmd("UPDATEACCOUNTSIGNALRULE", name, Keyword("DELETE"), rule_name)

    def get_account_rpops(self, name):
        return self._cmd("GETACCOUNTRPOPS", name)

    def set_account_rpops(self, name, records):
        """records: {record name: record}; replaces all of the account's RPOP records."""
        return self._cmd("SETACCOUNTRPOPS", name, records)

    def get_account_rimaps(self, name):
        return self._cmd("GETACCOUNTRIMAPS", name)

    def set_account_rimaps(self, name, records):
        """records: {record name: record}; replaces all of the account's RIMAP records."""
        return self._cmd("SETACCOUNTRIMAPS", name, records)

    def get_account_prefs(self, name):
        return self._cmd("GETACCOUNTPREFS", name)

    def get_account_effective_prefs(self, name):
        return self._cmd("GETACCOUNTEFFECTIVEPREFS", name)

    def update_account_prefs(self, name, prefs):
        return self._cmd("UPDATEACCOUNTPREFS", name, prefs)

    def set_account_prefs(self, name, prefs):
        return self._cmd("SETACCOUNTPREFS", name, prefs)

    def get_account_rights(self, name):
        return self._cmd("GETACCOUNTRIGHTS", name)

    def set_account_rights(self, name, rights):
        return self._cmd("SETACCOUNTRIGHTS", name, rights)

    def get_account_lists(self, name):
        return self._cmd("GETACCOUNTLISTS", name)

    def get_account_info(self, name, keys=None):
        """keys: None (whole info dictionary), one key name, or a list of key names."""
        if keys is None or isinstance(keys, str):
            return self._cmd("GETACCOUNTINFO", name, *_opt("Key", keys))
        return self._cmd("GETACCOUNTINFO", name, list(keys))

    def kill_account_sessions(self, name):
        return self._cmd("KILLACCOUNTSESSIONS", name)

    def get_account_stat(self, name, key=None):
        return self._cmd("GETACCOUNTSTAT", name, *_opt("KEY", key))

    # ------------------------------------------------------------ mailboxes

    def list_mailboxes(self, account, filter=None, auth=None):
        return self._cmd("LISTMAILBOXES", account, *(_opt("FILTER", filter) + _opt("AUTH", auth)))

    def create_mailbox(self, account, mailbox, mailbox_class=None, auth=None):
        return self._cmd(
            "CREATEMAILBOX", account, Keyword("MAILBOX"), mailbox, *(_opt("CLASS", mailbox_class) + _opt("AUTH", auth))
        )

    def rename_mailbox(self, account, mailbox, new_name, nested=False, auth=None):
        """nested: MAILBOXES, the submailboxes are renamed too."""
        return self._cmd(
            "RENAMEMAILBOX",
            account,
            Keyword("MAILBOXES" if nested else "MAILBOX"),
            mailbox,
            Keyword("INTO"),
            new_name,
            *_opt("AUTH", auth),
        )

    def delete_mailbox(self, account, mailbox, nested=False, auth=None):
        """nested: MAILBOXES, the submailboxes are deleted too."""
        return self._cmd(
            "DELETEMAILBOX", account, Keyword("MAILBOXES" if nested else "MAILBOX"), mailbox, *_opt("AUTH", auth)
        )

    def get_mailbox_info(self, account, mailbox, auth=None):
        return self._cmd("GETMAILBOXINFO", account, Keyword("MAILBOX"), mailbox, *_opt("AUTH", auth))

    def get_mailbox_acl(self, account, mailbox, auth=None):
        return self._cmd("GETMAILBOXACL", account, Keyword("MAILBOX"), mailbox, *_opt("AUTH", auth))

    def set_mailbox_acl(self, account, mailbox, acl, auth=None):
        """acl: {identifier: rights}; "+rights" adds, "-rights" removes, other text replaces (L5688-5736)."""
        return self._cmd("SETMAILBOXACL", account, Keyword("MAILBOX"), mailbox, *(_opt("AUTH", auth) + [acl]))

    def get_mailbox_rights(self, account, mailbox, auth):
        return self._cmd("GETMAILBOXRIGHTS", account, Keyword("MAILBOX"), mailbox, Keyword("AUTH"), auth)

    def set_mailbox_class(self, account, mailbox, mailbox_class, auth=None):
        return self._cmd(
            "SETMAILBOXCLASS",
            account,
            Keyword("MAILBOX"),
            mailbox,
            *(_opt("AUTH", auth) + [Keyword("CLASS"), mailbox_class]),
        )

    def get_mailbox_subscription(self, account):
        return self._cmd("GETMAILBOXSUBSCRIPTION", account)

    def set_mailbox_subscription(self, account, mailboxes):
        return self._cmd("SETMAILBOXSUBSCRIPTION", account, mailboxes)

    def get_mailbox_aliases(self, account):
        return self._cmd("GETMAILBOXALIASES", account)

    def set_mailbox_aliases(self, account, aliases):
        return self._cmd("SETMAILBOXALIASES", account, aliases)

    # ------------------------------------------------------------ groups and forwarders

    def list_groups(self, domain=None):
        return self._cmd("LISTGROUPS", *_some(domain))

    def create_group(self, name, settings=None):
        return self._cmd("CREATEGROUP", name, *_some(settings))

    def rename_group(self, old, new):
        return self._cmd("RENAMEGROUP", old, Keyword("INTO"), new)

    def delete_group(self, name):
        return self._cmd("DELETEGROUP", name)

    def get_group(self, name):
        return self._cmd("GETGROUP", name)

    def set_group(self, name, settings):
        return self._cmd("SETGROUP", name, settings)

    def list_forwarders(self, domain=None):
        return self._cmd("LISTFORWARDERS", *_some(domain))

    def create_forwarder(self, name, address):
        return self._cmd("CREATEFORWARDER", name, Keyword("TO"), address)

    def rename_forwarder(self, old, new):
        return self._cmd("RENAMEFORWARDER", old, Keyword("INTO"), new)

    def delete_forwarder(self, name):
        return self._cmd("DELETEFORWARDER", name)

    def get_forwarder(self, name):
        return self._cmd("GETFORWARDER", name)

    def find_forwarders(self, domain, address):
        return self._cmd("FINDFORWARDERS", domain, Keyword("TO"), address)

    # ------------------------------------------------------------ mailing lists

    def list_lists(self, domain=None):
        return self._cmd("LISTLISTS", *_some(domain))

    def create_list(self, name, owner):
        return self._cmd("CREATELIST", name, Keyword("FOR"), owner)

    def rename_list(self, name, new_name):
        return self._cmd("RENAMELIST", name, Keyword("INTO"), new_name)

    def delete_list(self, name):
        return self._cmd("DELETELIST", name)

    def get_list(self, name):
        return self._cmd("GETLIST", name)

    def update_list(self, name, settings):
        return self._cmd("UPDATELIST", name, settings)

    def list_operation(self, name, operation, subscriber, silently=False, confirm=False):
        """LIST name operation [SILENTLY] [CONFIRM] subscriber (subscribe, feed, ..., unsubscribe)."""
        if str(operation).lower() not in LIST_OPERATIONS:
            raise ValueError("list operation must be one of %s, not %r" % (", ".join(LIST_OPERATIONS), operation))
        return self._cmd(
            "LIST",
            name,
            Keyword(operation.upper()),
            *(_flag("SILENTLY", silently) + _flag("CONFIRM", confirm) + [subscriber]),
        )

    def list_subscribers(self, name, filter=None, limit=None):
        return self._cmd("LISTSUBSCRIBERS", name, *_filter_limit(filter, limit))

    def read_subscribers(self, name, filter=None, limit=None):
        return self._cmd("READSUBSCRIBERS", name, *_filter_limit(filter, limit))

    def get_subscriber_info(self, name, address):
        return self._cmd("GETSUBSCRIBERINFO", name, Keyword("NAME"), address)

    def set_posting_mode(self, name, address, mode):
        """mode: UNMODERATED, MODERATEALL, PROHIBITED, SPECIAL, or a number of moderated posts."""
        if isinstance(mode, int) and not isinstance(mode, bool):
            mode = _number(mode)
        elif str(mode).upper() in POSTING_MODES:
            mode = Keyword(mode.upper())
        else:
            raise ValueError("posting mode must be one of %s or a number, not %r" % (", ".join(POSTING_MODES), mode))
        return self._cmd("SETPOSTINGMODE", name, Keyword("FOR"), address, mode)

    # ------------------------------------------------------------ sessions

    def create_webuser_session(self, account, address, for_address=None, skin=None):
        return self._cmd(
            "CREATEWEBUSERSESSION",
            account,
            Keyword("ADDRESS"),
            address,
            *(_opt("FOR", for_address) + _opt("SKIN", skin)),
        )

    def list_account_sessions(
        self, account, address=None, for_address=None, protocol=None, transport=None, client=None
    ):
        if for_address is not None and address is None:
            raise ValueError("list_account_sessions: for_address needs address")
        words = (
            _opt("ADDRESS", address)
            + _opt("FOR", for_address)
            + _opt("PROTOCOL", protocol)
            + _opt("TRANSPORT", transport)
            + _opt("CLIENT", client)
        )
        return self._cmd("LISTACCOUNTSESSIONS", account, *words)

    def get_session(self, session_id, domain=None):
        return self._cmd("GETSESSION", Secret(session_id), *_opt("DOMAIN", domain))

    def kill_session(self, session_id, domain=None):
        return self._cmd("KILLSESSION", Secret(session_id), *_opt("DOMAIN", domain))


def _some(value):
    return () if value is None else (value,)


def _filter_limit(filter_text, limit):
    if filter_text is None and limit is None:
        return []
    return [Keyword("FILTER"), filter_text or ""] + ([] if limit is None else [_number(limit)])


# ---------------------------------------------------------------- server-wide objects

DICT = "dict"  # a settings dictionary
LINES = "lines"  # one multi-line string (IP lists, router table)
RULES = "rules"  # an array of rules (priority, name, conditions, actions[, comment])


class ServerScope:
    """One server-wide object: the shape of its value and its commands, <OP><stem> [module] [value].

    ``operations``: GET always; UPDATE merges (keeps omitted keys); SET replaces everything.
    ``cluster_stem`` is the stem of the cluster-wide variant, None where there is none.
    """

    __slots__ = ("name", "kind", "stem", "operations", "cluster_stem")

    def __init__(self, name, kind, stem, operations, cluster_stem=None):
        self.name, self.kind, self.stem = name, kind, stem
        self.operations, self.cluster_stem = tuple(operations.split()), cluster_stem

    @property
    def needs_module(self):
        return self.name == "module"

    def can(self, operation):
        return operation in self.operations

    def verb(self, operation, cluster=False):
        if not self.can(operation):
            raise ValueError("%s has no %s command" % (self.name, operation))
        if cluster and self.cluster_stem is None:
            raise ValueError("%s has no CLUSTER variant" % (operation + self.stem))
        return operation + (self.cluster_stem if cluster else self.stem)

    def command(self, operation, module=None, cluster=False, *value):
        """(VERB, args...) of one operation on this object."""
        if self.needs_module != (module is not None):
            raise ValueError("scope %s %s a module name" % (self.name, "needs" if self.needs_module else "takes no"))
        return (self.verb(operation, cluster),) + _some(module) + value


SERVER_SCOPES = dict(
    (row[0], ServerScope(*row))
    for row in (
        ("module", DICT, "MODULE", "GET UPDATE SET"),
        ("server_settings", DICT, "SERVERSETTINGS", "GET UPDATE"),
        ("log_settings", DICT, "LOGSETTINGS", "GET UPDATE"),
        ("server_account_defaults", DICT, "SERVERACCOUNTDEFAULTS", "GET UPDATE SET", "CLUSTERACCOUNTDEFAULTS"),
        ("server_account_prefs", DICT, "SERVERACCOUNTPREFS", "GET UPDATE SET", "CLUSTERACCOUNTPREFS"),
        ("domain_defaults", DICT, "DOMAINDEFAULTS", "GET UPDATE SET", "CLUSTERDOMAINDEFAULTS"),
        ("queue", DICT, "QUEUESETTINGS", "GET SET"),
        ("signal", DICT, "SIGNALSETTINGS", "GET SET"),
        ("media_server", DICT, "MEDIASERVERSETTINGS", "GET SET"),
        ("session", DICT, "SESSIONSETTINGS", "GET SET"),
        ("cluster_settings", DICT, "CLUSTERSETTINGS", "GET SET"),
        ("network", DICT, "NETWORK", "GET SET", "CLUSTERNETWORK"),
        ("dnr", DICT, "DNRSETTINGS", "GET SET"),
        ("banned", DICT, "BANNED", "GET SET", "CLUSTERBANNED"),
        ("router_settings", DICT, "ROUTERSETTINGS", "GET SET", "CLUSTERROUTERSETTINGS"),
        ("smtp_send_profiles", DICT, "SMTPSENDPROFILES", "GET SET"),
        ("directory_integration", DICT, "DIRECTORYINTEGRATION", "GET SET", "CLUSTERDIRECTORYINTEGRATION"),
        ("server_intercept", DICT, "SERVERINTERCEPT", "GET SET", "CLUSTERINTERCEPT"),
        ("router_table", LINES, "ROUTERTABLE", "GET SET", "CLUSTERROUTERTABLE"),
        ("server_mail_rules", RULES, "SERVERMAILRULES", "GET SET", "CLUSTERMAILRULES"),
        ("server_signal_rules", RULES, "SERVERSIGNALRULES", "GET SET", "CLUSTERSIGNALRULES"),
    )
    + tuple(
        ("%s_ips" % kind.lower(), LINES, "%sIPS" % kind, "GET SET", "CLUSTER%sIPS" % kind) for kind in IP_LIST_KINDS
    )
)
