# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conformance kit's settings, from CGP_TEST_* environment variables (docs/conformance.md).

Nothing here connects anywhere: ``from_environment`` refuses (ConfigError) before the kit opens a
connection unless the user confirmed writes with CGP_TEST_ALLOW_WRITES=yes.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "plugins" / "module_utils"))  # the collection's client, as a plain library

import cgp_client  # noqa: E402  pylint: disable=wrong-import-position,import-error

# cgp_codec and cgp_secrets are imported here for the other files of the kit (from config import ...).
import cgp_codec  # noqa: E402,F401  pylint: disable=wrong-import-position,import-error,unused-import
import cgp_secrets  # noqa: E402,F401  pylint: disable=wrong-import-position,import-error,unused-import

REFUSAL = """conformance: refusing to start: CGP_TEST_ALLOW_WRITES is not "yes" (nothing was sent to %s).
The kit runs every integration target and both roles' scenarios against that server: it creates,
changes and deletes domains, accounts, forwarders, groups, lists and rules inside throwaway domains
named %s<random>-..., and deletes them again. Run it only against a staging server, never against
one in production. To confirm, set CGP_TEST_ALLOW_WRITES=yes."""


class ConfigError(Exception):
    """The kit must not start; the message says why."""


def _flag(env, name, default):
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("yes", "true", "1", "on"):
        return True
    if value in ("no", "false", "0", "off"):
        return False
    raise ConfigError("%s must be yes or no, not %r" % (name, env[name]))


class Config:
    """Where the server is and what the kit may do there."""

    RUN_PREFIX = "cgpconf-"

    def __init__(self, env):
        self.host = env["CGP_TEST_HOST"]
        self.port = int(env.get("CGP_TEST_PORT") or 106)
        self.user = env["CGP_TEST_USER"]
        self.password = env["CGP_TEST_PASSWORD"]
        self.login_method = env.get("CGP_TEST_LOGIN_METHOD") or "auto"
        self.tls = _flag(env, "CGP_TEST_TLS", False)
        self.validate_certs = _flag(env, "CGP_TEST_VALIDATE_CERTS", True)
        self.ca_path = env.get("CGP_TEST_CA_PATH") or None
        self.timeout = float(env.get("CGP_TEST_TIMEOUT") or 30)
        self.server_wide = _flag(env, "CGP_TEST_ALLOW_SERVER_SETTINGS", False)
        self.jobs = max(1, int(env.get("CGP_TEST_JOBS") or 2))
        self.only = [name.strip() for name in (env.get("CGP_TEST_ONLY") or "").split(",") if name.strip()]
        self.output = Path(env.get("CGP_TEST_OUTPUT") or REPO / "build" / "conformance")
        self.verbosity = int(env.get("CGP_TEST_VERBOSITY") or 0)
        self.server_log = env.get("CGP_TEST_SERVER_LOG") or None
        self.main_domain = None  # read from the server when the run starts
        # One prefix for everything this run creates; each target and scenario adds its own part.
        self.run_prefix = self.RUN_PREFIX + secrets.token_hex(3) + "-"
        # Throwaway passwords for the accounts the targets create, and a secret given as a number.
        self.test_password = "Us3r-" + secrets.token_hex(8)
        self.other_password = "0ther-" + secrets.token_hex(8)
        self.number_secret = 7000000000 + secrets.randbelow(10**9)

    @property
    def secrets(self):
        """Every secret of the run: none may appear in any output."""
        return [self.password, self.test_password, self.other_password, str(self.number_secret)]

    def client(self, user=None, password=None):
        """A connected CGPClient (the administrator, unless another login is given)."""
        return cgp_client.CGPClient(
            self.host,
            self.port,
            user or self.user,
            password if user else self.password,
            login_method=self.login_method,
            tls=self.tls,
            validate_certs=self.validate_certs,
            ca_path=self.ca_path,
            timeout=self.timeout,
        ).connect()

    def module_environment(self):
        """The CGP_* variables the modules (and setup_cgp_emulator) read their connection from."""
        env = {
            "CGP_HOST": self.host,
            "CGP_PORT": str(self.port),
            "CGP_USER": self.user,
            "CGP_PASSWORD": self.password,
            "CGP_LOGIN_METHOD": self.login_method,
            "CGP_TLS": "yes" if self.tls else "no",
            "CGP_VALIDATE_CERTS": "yes" if self.validate_certs else "no",
            "CGP_TIMEOUT": str(self.timeout),
        }
        if self.ca_path:
            env["CGP_CA_PATH"] = self.ca_path
        return env

    def wants(self, name):
        """True unless CGP_TEST_ONLY names other targets / scenarios / "guesses"."""
        return not self.only or name in self.only


def from_environment(env=None):
    """The Config, or ConfigError before anything is sent when the run is not allowed or incomplete."""
    env = os.environ if env is None else env
    host = env.get("CGP_TEST_HOST") or "CGP_TEST_HOST"
    if env.get("CGP_TEST_ALLOW_WRITES", "").strip().lower() != "yes":
        raise ConfigError(REFUSAL % (host, Config.RUN_PREFIX))
    missing = [name for name in ("CGP_TEST_HOST", "CGP_TEST_USER", "CGP_TEST_PASSWORD") if not env.get(name)]
    if missing:
        raise ConfigError("conformance: set %s (the server and an administrator's login)" % ", ".join(missing))
    try:
        return Config(env)
    except ValueError as exc:
        raise ConfigError("conformance: %s" % exc)
