# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Statistics: account and domain counters (GETACCOUNTSTAT, GETDOMAINSTAT) and server statistics
elements (GETSTATELEMENT), read in one pipelined batch with numbers as numbers (cgp_stats_info)."""

import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    check_domain_name,
    check_text,
    split_name,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import json_safe

STATS_OPTIONS = dict(
    accounts=dict(type="list", elements="str", default=[]),
    domains=dict(type="list", elements="str", default=[]),
    elements=dict(type="list", elements="str", default=[]),
    keys=dict(type="list", elements="str", no_log=False),
)

# The authenticated account, or its domain (L11667-11670, L11825-11831).
OWN = "*"
_INTEGER = re.compile(r"-?[0-9]+\Z")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+\Z")


def as_number(value):
    """A statistics value with numbers as numbers: GETDOMAINSTAT answers numeric strings (L11847), the
    others ``#n`` numbers; the empty string (no data, L11698-11701) is None; anything else as it is."""
    if not isinstance(value, str):
        return json_safe(value)
    text = value.strip()
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return float(text)
    return value if text else None


def select(stats, keys):
    """The statistics dictionary with numbers as numbers: every key, or exactly ``keys`` (None where the server
    has no data for one)."""
    stats = stats if isinstance(stats, dict) else {}
    if keys is None:
        return dict((key, as_number(value)) for key, value in stats.items())
    return dict((key, as_number(stats.get(key, ""))) for key in keys)


def stats_requests(params):
    """[(result section, name, read command)] of the options, in order; InputError names the option."""
    requests = []
    for index, name in enumerate(params["accounts"]):
        if name != OWN:
            split_name(name, None, "accounts[%d]" % index, domain_option=False)
        requests.append(("accounts", name, ("GETACCOUNTSTAT", name)))
    for index, name in enumerate(params["domains"]):
        if name != OWN:
            check_domain_name(name, "domains[%d]" % index)
        requests.append(("domains", name, ("GETDOMAINSTAT", name)))
    for index, element in enumerate(params["elements"]):
        check_text(element, "elements[%d]" % index, "statistics element ID")
        requests.append(("elements", element, ("GETSTATELEMENT", element)))
    for index, key in enumerate(params["keys"] or []):
        check_text(key, "keys[%d]" % index, "statistics key")
    if not requests:
        raise InputError("give at least one of accounts, domains and elements")
    return requests


def stats_info(cgp):
    """cgp_stats_info: the statistics of the accounts, domains and elements asked for."""
    params = cgp.params
    requests = stats_requests(params)
    cgp.connect()
    replies = cgp.batch([command for _section, _name, command in requests])
    result = {"accounts": {}, "domains": {}, "elements": {}}
    for (section, name, _command), reply in zip(requests, replies):
        result[section][name] = as_number(reply) if section == "elements" else select(reply, params["keys"])
    cgp.exit(**result)
