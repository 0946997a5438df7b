# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type (examples/awx/), without an AWX.

- its inputs and injectors follow the rules AWX applies to a custom credential type
  (field ids, types, `required`, injectors that only use declared fields);
- it injects every connection variable the modules read, under the names they read;
- rendered the way AWX renders injectors (Jinja2, sandboxed), its environment is enough
  for a module to log in to an emulator with no login_* option at all;
- the playbook that creates it passes `ansible-playbook --syntax-check` with the awx.awx
  collection of the `ansible` package (ansible-lint in `make lint` checks its arguments);
- the AWX guide shows the same inputs and injectors as the file.
"""

from __future__ import annotations

import os
import re
import secrets

import jinja2.meta
import jinja2.sandbox
import yaml

from playbook_runner import REPO, VENV_BIN, ansible_env, run, run_playbook

AWX = REPO / "examples" / "awx"
CREDENTIAL_TYPE = yaml.safe_load((AWX / "cgp_credential_type.yml").read_text())
FIELDS = {field["id"]: field for field in CREDENTIAL_TYPE["inputs"]["fields"]}
ENV = CREDENTIAL_TYPE["injectors"]["env"]
# What the connection options fall back to (plugins/module_utils/cgp_module.py) and what the
# credential deliberately leaves out: a CA file path means nothing inside a job's container,
# and the timeout / pipelining defaults suit a controller.
NOT_INJECTED = {"CGP_CA_PATH", "CGP_TIMEOUT", "CGP_PIPELINING"}


def module_env_variables():
    source = (REPO / "plugins" / "module_utils" / "cgp_module.py").read_text()
    return set(re.findall(r'env_fallback, \["(CGP_[A-Z_]+)"\]', source))


def render(inputs):
    """The injected environment for a credential with ``inputs``, as AWX computes it."""
    values = {field_id: field.get("default", "") for field_id, field in FIELDS.items()}
    values.update(inputs)
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    return {name: env.from_string(template).render(**values) for name, template in ENV.items()}


def test_inputs_follow_awx_rules():
    assert CREDENTIAL_TYPE["kind"] == "cloud"  # custom credential types are kind "cloud" (or "net")
    for field_id, field in FIELDS.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", field_id), field_id
        assert field["type"] in ("string", "boolean"), field_id
        assert field.get("label"), field_id
        if field.get("secret"):
            assert field["type"] == "string", "only string fields can be secret"
        if "choices" in field:
            assert field.get("default", field["choices"][0]) in field["choices"]
    assert set(CREDENTIAL_TYPE["inputs"]["required"]) <= set(FIELDS)
    assert FIELDS["password"].get("secret") is True


def test_injectors_use_declared_fields_only():
    env = jinja2.sandbox.ImmutableSandboxedEnvironment()
    assert set(CREDENTIAL_TYPE["injectors"]) == {"env"}
    for name, template in ENV.items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), name
        used = jinja2.meta.find_undeclared_variables(env.parse(template))
        assert used and used <= set(FIELDS), (name, used)


def test_every_connection_variable_the_modules_read_is_injected():
    variables = module_env_variables()
    assert {"CGP_HOST", "CGP_PORT", "CGP_USER", "CGP_PASSWORD"} <= variables
    assert set(ENV) == variables - NOT_INJECTED


def test_the_injected_environment_logs_modules_in(cgp_emulator_factory, tmp_path):
    password = "Awx-" + secrets.token_hex(8)
    emulator = cgp_emulator_factory(subprocess=True, password=password)
    injected = render(
        {
            "host": emulator.host,
            "port": str(emulator.port),
            "username": emulator.user,
            "password": password,
            "tls": False,
            "validate_certs": True,
        }
    )
    assert injected["CGP_TLS"] == "False" and injected["CGP_PORT"] == str(emulator.port)
    env = {key: value for key, value in ansible_env(emulator, tmp_path).items() if not key.startswith("CGP_")}
    env.update(injected)
    playbook = tmp_path / "awx-job.yml"
    playbook.write_text(
        "- hosts: localhost\n"
        "  gather_facts: false\n"
        "  tasks:\n"
        "    - communigate.pro.cgp_server_info: {}\n"
        "      register: info\n"
        "    - ansible.builtin.assert:\n"
        "        that: info.version is defined and info.main_domain is defined\n"
    )
    result = run_playbook(playbook, env)
    assert result.rc == 0, result
    assert password not in result.output


def test_the_wrong_password_fails_the_job(cgp_emulator_factory, tmp_path):
    emulator = cgp_emulator_factory(subprocess=True, password="Right-" + secrets.token_hex(8))
    injected = render(
        {"host": emulator.host, "port": str(emulator.port), "username": emulator.user, "password": "wrong"}
    )
    env = {key: value for key, value in ansible_env(emulator, tmp_path).items() if not key.startswith("CGP_")}
    env.update(injected)
    playbook = tmp_path / "awx-job.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - communigate.pro.cgp_server_info: {}\n"
    )
    result = run_playbook(playbook, env)
    assert result.rc != 0 and "failed=1" in result.stdout


def test_create_playbook_syntax_checks_against_awx_awx(tmp_path):
    env = dict(os.environ, ANSIBLE_HOME=str(tmp_path), ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    listed = run([str(VENV_BIN / "ansible-doc"), "-t", "module", "awx.awx.credential_type"], env)
    assert listed.rc == 0, "awx.awx is not installed (the ansible package in requirements-dev.txt): %s" % listed
    for option in ("inputs", "injectors", "kind", "name"):
        assert option in listed.stdout
    result = run(
        [
            str(VENV_BIN / "ansible-playbook"),
            "--syntax-check",
            "-i",
            "localhost,",
            str(AWX / "create_credential_type.yml"),
        ],
        env,
    )
    assert result.rc == 0, result


def test_awx_guide_shows_the_shipped_credential_type():
    guide = (REPO / "docs" / "docsite" / "rst" / "guide_awx.rst").read_text()
    blocks = [
        yaml.safe_load(re.sub(r"^   ", "", block, flags=re.M))
        for block in re.findall(r"\.\. code:: yaml\n\n((?:   .*\n|\n)+)", guide)
    ]
    assert CREDENTIAL_TYPE["inputs"] in blocks, "the guide's input configuration differs from the file"
    assert CREDENTIAL_TYPE["injectors"] in blocks, "the guide's injector configuration differs from the file"
