# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every communigate.pro module shares: connection options, the client, write
recording for ``commands`` and check mode, the one place input errors and client errors
become the task's failure, and the exit that masks secrets."""

import time

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule, env_fallback, heuristic_log_sanitize

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import (
    CGPAuthenticationError,
    CGPClient,
    CGPConnectionError,
    CGPError,
    CGPNotFoundError,
    Keyword,
    mask_command,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    check_connection,
    check_setting_keys,
    check_shapes,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import (
    NO_LOG_PLACEHOLDER,
    Masker,
    mask,
    mask_pair,
    secret_values,
    text_values,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import json_safe

# Objects CGP can only replace whole (a group, an IP list, a domain's rules, aliases): after writing one,
# the task reads it again once other writers had time to finish a write based on an older read, and
# applies its change again to what is there now when it was lost, up to CONVERGE_ATTEMPTS times.
CONVERGE_ATTEMPTS = 5
SETTLE_SECONDS = 0.2  # at least; three round trips of the read when the link is slower

CONNECTION_ARGUMENT_SPEC = dict(
    login_host=dict(type="str", default="localhost", fallback=(env_fallback, ["CGP_HOST"])),
    login_port=dict(type="int", default=106, fallback=(env_fallback, ["CGP_PORT"])),
    login_user=dict(type="str", fallback=(env_fallback, ["CGP_USER"])),
    login_password=dict(type="str", no_log=True, fallback=(env_fallback, ["CGP_PASSWORD"])),
    login_method=dict(
        type="str",
        default="auto",
        choices=["auto", "apop", "plain", "webuser"],
        fallback=(env_fallback, ["CGP_LOGIN_METHOD"]),
    ),
    tls=dict(type="bool", default=False, fallback=(env_fallback, ["CGP_TLS"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["CGP_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["CGP_CA_PATH"])),
    timeout=dict(type="float", default=30, fallback=(env_fallback, ["CGP_TIMEOUT"])),
    pipelining=dict(type="bool", default=True, fallback=(env_fallback, ["CGP_PIPELINING"])),
)


# ---------------------------------------------------------------- module


class _AnsibleModule(AnsibleModule):
    """An AnsibleModule whose invocation record (syslog / journal) waits until CGPModule knows every
    secret of the task, including those no option declares (a password inside ``settings``, the
    arguments ``secret_args`` of cgp_cli names), and which hides the secrets of list elements
    (``masker``) in one pass instead of one pass per secret."""

    secrets_known = False
    masker = None

    def _log_invocation(self):
        if not self.secrets_known:
            return
        if not self.masker:
            super()._log_invocation()
            return
        log_args = {}
        for param, value in invocation_args(self.argument_spec, self.params).items():
            option = self.argument_spec.get(self.aliases.get(param, param), {})
            if option.get("no_log"):
                log_args[param] = "NOT_LOGGING_PARAMETER"
            else:
                text = self.masker.text(str(mask(value, NO_LOG_PLACEHOLDER)))
                log_args[param] = heuristic_log_sanitize(text, self.no_log_values)
        self.log("Invoked with %s" % " ".join("%s=%s" % item for item in log_args.items()), log_args=log_args)


class CGPModule:
    """An AnsibleModule with a CGP client, recorded writes and uniform errors.

    Reads and writes take a bound client method (``cgp.read(cgp.client.list_domains)``); a write
    is recorded masked in ``commands`` and, in check mode, not sent (the client's intercept hook).
    """

    def __init__(self, argument_spec, secrets=None, **kwargs):
        """``secrets(params)``: more secret strings of the task than the options and cgp_secrets declare."""
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self.module = _AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.commands = []
        self.changed = False
        self.client = None
        self.progress = None  # a Progress while a planner runs
        self._recording = False
        self._replaced = []  # (what, read command, parse, modify, write) to verify before exit
        self._settle = SETTLE_SECONDS
        self.masker = Masker()
        self.spec = spec
        self._register_secrets(spec, secrets)
        for option in ("login_user", "login_password"):
            if not self.params.get(option):
                self.fail(
                    "%s is required (set the option or the %s environment variable)"
                    % (option, "CGP_USER" if option == "login_user" else "CGP_PASSWORD")
                )
        self.run(self._check_input, spec)

    def _check_input(self, cgp, spec):
        """What every module refuses before anything is sent: a bad connection option, a container
        where text is wanted, a settings dictionary with an empty or control-character key."""
        check_connection(self.params)
        check_shapes(spec, given_options())
        check_setting_keys(spec, self.params)

    def _register_secrets(self, spec, secrets):
        """Every secret of the task, then the invocation record.

        The few secrets of the task's own options (login_password, password, a Password inside
        ``settings``, cgp_cli's secret_args) go to ansible-core's no_log_values. The many of a list
        form's elements (a password per account) go to ``masker`` instead, which hides them in one
        pass over the output: ansible-core's masking costs every output string times every secret.
        """
        params, module = self.params, self.module
        lists = [
            name
            for name, option in spec.items()
            if option.get("type") == "list" and option.get("elements") == "dict" and params.get(name)
        ]
        many = set()
        for name in lists:
            many.update(element_secrets(spec[name].get("options") or {}, params[name]))
        few = set(secret_values(dict((name, value) for name, value in params.items() if name not in lists)))
        few.update(
            text for name, option in spec.items() if option.get("no_log") for text in text_values(params.get(name))
        )
        few.update(secrets(params) if secrets else ())
        module.no_log_values.difference_update(many - few)
        module.no_log_values.update(few)
        for secret in many - few:
            self.masker.add(secret)
        module.masker = self.masker
        module.secrets_known = True
        if not module.no_log:
            module._log_invocation()

    def warn(self, text):
        """A warning for the task's output, secrets hidden."""
        self.module.warn(self.masker.text(text))

    def run(self, handler, *args, **kwargs):
        """Call ``handler(self, ...)``: the one place where bad input becomes the task's failure."""
        try:
            handler(self, *args, **kwargs)
        except InputError as exc:
            self.fail(str(exc))

    # -- connection

    def connect(self):
        p = self.params
        self.client = CGPClient(
            host=p["login_host"],
            port=p["login_port"],
            user=p["login_user"],
            password=p["login_password"],
            login_method=p["login_method"],
            tls=p["tls"],
            validate_certs=p["validate_certs"],
            ca_path=p["ca_path"],
            timeout=p["timeout"],
        )
        self.client.intercept = self._intercept
        try:
            self.client.connect()
        except CGPError as exc:
            self.fail_error(exc, "cannot log in:")
        return self.client

    def close(self):
        if self.client is not None:
            self.client.close()

    # -- reads and writes

    def _intercept(self, verb, args):
        """Client hook: record a write command; True tells the client not to send it."""
        if not self._recording:
            return False
        self.commands.append(mask_command(verb, args))
        return self.check_mode

    def read(self, method, *args, **kwargs):
        """The result of a read through a client method; an error fails the task."""
        try:
            return method(*args, **kwargs)
        except CGPError as exc:
            self.fail_error(exc)

    def read_or_none(self, method, *args, **kwargs):
        """A read whose "not found" answer means the object does not exist."""
        try:
            return method(*args, **kwargs)
        except CGPNotFoundError:
            return None
        except CGPError as exc:
            self.fail_error(exc)

    def batch(self, commands, expected=()):
        """Pipelined reads, (verb, *args) tuples; any failure fails the module.

        An error of a class in ``expected`` (e.g. CGPWrongPasswordError, CGPNotFoundError) is returned
        in its slot instead. With the pipelining option off, the commands are sent one at a time.
        """
        try:
            if self.params.get("pipelining", True):
                results = self.client.batch(commands)
            else:
                results = []
                for command in commands:
                    results.extend(self.client.batch([command]))
        except CGPError as exc:
            self.fail_error(exc)
        for result in results:
            if isinstance(result, CGPError) and not isinstance(result, tuple(expected)):
                self.fail_error(result)
        return results

    @staticmethod
    def keyword(word):
        return Keyword(word)

    def write(self, method, *args, **kwargs):
        """Send (or in check mode only record) one write command through a client method.

        ``context`` (keyword), e.g. "account 'a@b': cannot delete it:", leads any error message.
        ``tolerate`` (keyword): error classes returned instead of failing the task (the refused
        command is then not in ``commands``), e.g. CGPAlreadyExistsError when a create lost a race.
        """
        context = kwargs.pop("context", None)
        tolerate = tuple(kwargs.pop("tolerate", ()))
        self.changed = True
        self._recording = True
        try:
            return method(*args, **kwargs)
        except CGPConnectionError as exc:
            # Sent, but no answer: the server may or may not have applied it.
            self.fail_error(exc, context, uncertain=self.commands.pop() if self.commands else None)
        except CGPError as exc:
            # The server refused the command recorded before sending: it did not apply.
            if self.commands:
                self.commands.pop()
            if isinstance(exc, tolerate):
                self.changed = bool(self.commands)
                return exc
            self.fail_error(exc, context)
        finally:
            self._recording = False

    def replace(self, what, read, parse, modify, write, current=None):
        """Replace an object CGP can only write whole, without losing another client's concurrent change.

        ``read`` is the command tuple reading it and ``parse(reply)`` its value; ``modify(value)`` the
        value to write, or None when ``value`` already holds what the task asks; ``write(value)`` sends
        it. The object is read right before the write (``current``, when given, is used in check mode
        only); the write is verified before the task exits (``converge``). Returns (the value read, the
        value written or None).
        """
        if current is None or not self.check_mode:
            started = time.monotonic()
            current = parse(self.batch([read])[0])
            self._settle = max(self._settle, 3 * (time.monotonic() - started))
        value = modify(current)
        if value is not None:
            write(value)
            if not self.check_mode:
                self._replaced.append((what, read, parse, modify, write))
        return current, value

    def converge(self):
        """Verify every replaced object: re-apply a change another client's write undid, a bounded number
        of times, and fail naming the object when it does not hold."""
        pending = self._replaced
        for _attempt in range(CONVERGE_ATTEMPTS):
            if not pending:
                return
            time.sleep(self._settle)
            replies = self.batch([read for _what, read, _parse, _modify, _write in pending])
            lost = []
            for entry, reply in zip(pending, replies):
                value = entry[3](entry[2](reply))
                if value is not None:
                    entry[4](value)
                    lost.append(entry)
            pending = lost
        self._replaced = []
        if pending:
            self.fail(
                "%s: another client kept changing it at the same time; this task's change did not hold after "
                "%d attempts" % (pending[0][0], CONVERGE_ATTEMPTS)
            )

    # -- results

    def fail(self, msg, **extra):
        extra.setdefault("commands", self.commands)
        extra.setdefault("changed", self.changed and not self.check_mode and bool(self.commands))
        if self.progress is not None and self.progress.option:
            msg = self.progress.annotate(msg, extra)
        self.close()
        self.module.fail_json(msg=self.masker.text(msg), **self.shown(extra))

    def fail_error(self, exc, context=None, uncertain=None):
        """A client error as a module failure naming the command, CGP code and text."""
        parts = [context] if context else []
        if isinstance(exc, (CGPConnectionError, CGPAuthenticationError)):
            # The text already names the host and what failed; a login line is never shown.
            parts.append(exc.text)
            exc.command = None
        else:
            parts.append("server said %s %s" % (exc.code if exc.code is not None else "", exc.text))
            if exc.command:
                parts.append("(%s)" % exc.command)
        if self.commands and not self.check_mode:
            if self.progress is not None and self.progress.option:
                parts.append(self.progress.applied_note())
            else:
                parts.append("; already applied: %s" % "; ".join(self.commands))
        if uncertain:
            parts.append("; the server may or may not have applied: %s" % uncertain)
        self.fail(
            " ".join(p.strip() for p in parts if p),
            command=exc.command,
            code=exc.code,
            server_text=exc.text,
            error_type=type(exc).__name__,
            uncertain_command=uncertain,
        )

    def exit(self, diff=None, **result):
        self.converge()
        self.close()
        result["changed"] = self.changed
        result["commands"] = self.commands
        self.module.exit_json(**self.shown(result, diff))

    def shown(self, result, diff=None):
        """A result as the task may show it: every value under a secret key masked, whether the task
        gave it or the server returned it, whatever its type; in the diff, a secret that changes
        shows as changed (cgp_secrets). The invocation record is masked the same way."""
        shown = mask(json_safe(result))
        if diff is not None and self.module._diff:
            before, after = mask_pair(json_safe(diff.get("before")), json_safe(diff.get("after")))
            shown["diff"] = {"before": before, "after": after}
        shown["invocation"] = {
            "module_args": mask(json_safe(invocation_args(self.spec, self.params)), NO_LOG_PLACEHOLDER)
        }
        return self.masker.value(shown)


def element_secrets(options, items):
    """The secrets of a list option's elements: values of its no_log suboptions, and values under
    secret keys anywhere inside the elements."""
    secrets = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        for name, option in options.items():
            if option.get("no_log"):
                secrets.update(text_values(item.get(name)))
        secrets.update(secret_values(item))
    return secrets


def invocation_args(spec, params):
    """The task's options as invocation.module_args shows them: the elements of a list option (the list
    form's accounts, ...) without the suboptions left at their default, so that 100,000 elements do not
    come back with every unset option each."""
    args = dict(params)
    for name, option in spec.items():
        options = option.get("options")
        if option.get("type") == "list" and options and isinstance(args.get(name), list):
            args[name] = [
                dict(
                    (key, value)
                    for key, value in item.items()
                    if key not in options or value != options[key].get("default")
                )
                if isinstance(item, dict)
                else item
                for item in args[name]
            ]
    return args


def given_options():
    """The module's options as the task gave them, before Ansible converted them (basic keeps a copy
    since ansible-core 2.19; before, the parameters are read again)."""
    parsed = getattr(basic, "_PARSED_MODULE_ARGS", None)
    return parsed if isinstance(parsed, dict) else basic._load_params()
