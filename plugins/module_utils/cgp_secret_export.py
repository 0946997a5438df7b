# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The info modules' ``secrets_file`` option: the secrets a module masks in its result (the stored
``Password`` of an account, a domain's private key, ...), written to a file instead, for the export
playbook (communigate.pro.export) to encrypt with ansible-vault. The secrets never enter the task's
result, so Ansible never sees, prints or logs them.

The file is one JSON object: ``{section: {object name: {part: {secret key: value}}}}``, for example
``{"accounts": {"alice@example.com": {"settings": {"Password": "..."}}}}``. Several modules (and
several runs of one module, for several domains) merge their sections into the same file. It is
created with mode 0600 and replaced atomically.

"""

import json
import os
import tempfile

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import is_masked, is_secret_key


def secret_part(value):
    """The values under secret keys of the dictionary ``value``, at any depth of dictionaries, or None.

    ``{"RealName": "A", "Password": "x", "RPOP": {"home": {"password": "y", "period": "10m"}}}`` gives
    ``{"Password": "x", "RPOP": {"home": {"password": "y"}}}``. Masked and null values are not secrets.
    """
    if not isinstance(value, dict):
        return None
    part = {}
    for key, item in value.items():
        if is_secret_key(key):
            if item is not None and not is_masked(item):
                part[key] = item
        else:
            inner = secret_part(item)
            if inner:
                part[key] = inner
    return part or None


def object_secrets(objects, parts):
    """{name: {part: secrets}} of the objects (dictionaries with ``name``) that hold secrets in ``parts``."""
    found = {}
    for item in objects:
        held = dict((part, secret_part(item.get(part))) for part in parts)
        held = dict((part, value) for part, value in held.items() if value)
        if held:
            found[item["name"]] = held
    return found


def write_secrets(path, section, secrets, names):
    """Merge ``secrets`` ({name: {part: secrets}}) into the JSON file ``path`` under ``section``.

    The objects ``names`` (every object the module read) lose the secrets an earlier run wrote for
    them, so the file says what the server holds now. The file is created with mode 0600 and replaced
    atomically (a temporary file in the same directory, then a rename).
    """
    data = {}
    if os.path.exists(path):
        with open(path) as handle:
            data = json.load(handle)
        if not isinstance(data, dict):
            raise ValueError("%s does not hold a JSON object" % path)
    held = data.setdefault(section, {})
    for name in names:
        held.pop(name, None)
    held.update(secrets)
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".cgp-secrets-")  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as handle:
            json.dump(data, handle, sort_keys=True, indent=1)
        os.rename(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save_secrets(cgp, section, secrets, names):
    """``write_secrets`` to the module's ``secrets_file``; a file that cannot be written fails the task."""
    path = cgp.params["secrets_file"]
    try:
        write_secrets(path, section, secrets, names)
    except (OSError, ValueError) as exc:
        raise InputError("secrets_file: cannot write %s: %s" % (path, exc))
