# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the kit reads before and after a run, puts back, and compares.

The snapshot holds the domain list, the main domain's objects, every server-wide and cluster-wide
object of ``cgp_client.SERVER_SCOPES``, every module's settings and the server alerts: a superset
of everything a target, a scenario or a guess check may change outside its throwaway domains.
A value the server refuses to read is kept as ("unreadable", text), so that it compares too.
"""

from __future__ import annotations

from config import cgp_client

SCOPES = cgp_client.SERVER_SCOPES
UNREADABLE = "unreadable"


def _read(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except cgp_client.CGPConnectionError:
        raise
    except cgp_client.CGPError as exc:
        return (UNREADABLE, exc.text)


def take(client):
    """The snapshot: a dictionary of plain values."""
    main = client.main_domain_name()
    snapshot = {
        "main_domain": main,
        "domains": sorted(client.list_domains(), key=str.lower),
        "main_domain_objects": {
            kind: _read(getattr(client, "list_" + kind), main) for kind in ("accounts", "forwarders", "groups", "lists")
        },
        "server": {},
        "cluster": {},
        "modules": {},
        "alerts": _read(client.execute, "GETSERVERALERTS"),
    }
    for name, scope in sorted(SCOPES.items()):
        if scope.needs_module:
            continue
        snapshot["server"][name] = _read(client.get_server_object, name)
        if scope.cluster_stem:
            snapshot["cluster"][name] = _read(client.get_server_object, name, cluster=True)
    modules = _read(client.list_modules)
    for module in modules if isinstance(modules, list) else []:
        snapshot["modules"][module] = _read(client.get_server_object, "module", module=module)
    return snapshot


def differences(before, after):
    """["what: before -> after"] for every part of two snapshots that differs."""
    found = []
    for key in ("main_domain", "domains", "alerts"):
        if before[key] != after[key]:
            found.append("%s: %r -> %r" % (key, before[key], after[key]))
    for group in ("main_domain_objects", "server", "cluster", "modules"):
        for name in sorted(set(before[group]) | set(after[group])):
            if before[group].get(name) != after[group].get(name):
                found.append("%s %s: %r -> %r" % (group, name, before[group].get(name), after[group].get(name)))
    return found


def _update_back(before, now):
    """The UPDATE that turns ``now`` back into ``before`` for a scope without SET (removal: "default")."""
    changes = {key: value for key, value in before.items() if now.get(key) != value}
    changes.update((key, "default") for key in now if key not in before)
    return changes


def restore(client, before, log):
    """Put every server-wide value that differs from ``before`` back; ``log(text)`` tells what was done."""
    now = take(client)
    for cluster, group in ((False, "server"), (True, "cluster")):
        for name, value in sorted(before[group].items()):
            current = now[group].get(name)
            if current == value or (isinstance(value, tuple) and value[0] == UNREADABLE):
                continue
            if SCOPES[name].can("SET"):
                client.set_server_object(name, value, cluster=cluster)
            else:
                client.update_server_object(name, _update_back(value, current), cluster=cluster)
            log("restored %s %s" % (group, name))
    for module, value in sorted(before["modules"].items()):
        if now["modules"].get(module) != value and isinstance(value, dict):
            client.set_server_object("module", value, module=module)
            log("restored module %s" % module)
    if now["alerts"] != before["alerts"] and isinstance(before["alerts"], dict):
        client.execute("SETSERVERALERTS", before["alerts"])
        log("restored the server alerts")


def sweep(client, prefix, log):
    """Delete every domain whose name starts with ``prefix`` (the run's throwaway domains)."""
    for name in client.list_domains():
        if name.lower().startswith(prefix.lower()):
            client.delete_domain(name, force=True)
            log("deleted the leftover domain %s" % name)
