# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Groups: the module's view of a GETGROUP dictionary, member comparison, the planning of
one group's dictionary (pure), and the planner that reads and writes groups (cgp_group,
cgp_group_info)."""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    bare,
    check_text,
    domain_of,
    split_name,
    split_optional,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import ObjectPlanner, Spec, run_single
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import apply_changes, settings_changes, to_cgp

MEMBERS = "Members"
REAL_NAME = "RealName"

GROUP_OPTIONS = dict(
    name=dict(type="str", required=True),
    domain=dict(type="str"),
    members=dict(type="list", elements="str"),
    append=dict(type="bool", default=False),
    real_name=dict(type="str"),
    settings=dict(type="dict"),
    purge_settings=dict(type="bool", default=False),
    rename_from=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


# ---------------------------------------------------------------- values


def member_key(member, domain):
    """Comparison form of a member: case-insensitive, ``bob@<group domain>`` equal to ``bob``."""
    key = member.strip().lower()
    suffix = "@" + domain.lower()
    return key[: -len(suffix)] if key.endswith(suffix) else key


def unique_members(members, domain):
    seen, result = set(), []
    for member in members:
        key = member_key(member, domain)
        if key not in seen:
            seen.add(key)
            result.append(member.strip())
    return result


def as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def shape(name, dictionary):
    """The module's view of a GETGROUP dictionary."""
    settings = dict((k, v) for k, v in dictionary.items() if k not in (MEMBERS, REAL_NAME))
    return {
        "name": name,
        "members": as_list(dictionary.get(MEMBERS)),
        "real_name": dictionary.get(REAL_NAME),
        "settings": settings,
    }


def dictionary_of(group):
    """The full SETGROUP/CREATEGROUP dictionary of the module's view."""
    result = dict(group["settings"])
    if group["real_name"] is not None:
        result[REAL_NAME] = group["real_name"]
    result[MEMBERS] = group["members"]
    return result


def group_spec(params, domain=None):
    """The desired state of one group; InputError names the option. ``RealName`` in the settings
    counts as ``real_name``."""
    name = split_name(params["name"], domain or params.get("domain"), what="group")
    rename_from = params["rename_from"]
    old = split_optional(
        rename_from, None if rename_from and "@" in rename_from else name.domain, "rename_from", what="group"
    )
    settings = dict(params["settings"] or {})
    real_name = params["real_name"]
    for key in settings:
        if key.lower() == MEMBERS.lower():
            raise InputError("settings must not contain %s: give the member list as the members option" % key)
    for key in [k for k in settings if k.lower() == REAL_NAME.lower()]:
        value = settings.pop(key)
        value = "" if value is None or value == "default" else to_cgp(value)
        if real_name is not None and real_name != value:
            raise InputError("settings.%s and real_name differ; give the real name once" % key)
        real_name = value
    for index, member in enumerate(params["members"] or []):
        check_text(member, "members[%d]" % index, "member address")
    if params["append"] and params["members"] is None:
        raise InputError("append: true needs the members to add")
    return Spec(name, params, old, settings=settings, real_name=real_name)


def plan_group(spec, current):
    """The group after applying ``spec`` to ``current`` (the module's view; a new dictionary)."""
    params, domain = spec.params, spec.name.domain
    desired = {
        "name": current["name"],
        "members": list(current["members"]),
        "real_name": current["real_name"],
        "settings": dict(current["settings"]),
    }
    changes = settings_changes(spec.settings, current["settings"], purge=params["purge_settings"])
    desired["settings"] = apply_changes(current["settings"], changes)
    if spec.real_name is not None:
        desired["real_name"] = spec.real_name or None
    if params["members"] is not None:
        wanted = unique_members(params["members"], domain)
        have = set(member_key(m, domain) for m in current["members"])
        if params["append"]:
            desired["members"] += [m for m in wanted if member_key(m, domain) not in have]
        elif set(member_key(m, domain) for m in wanted) != have or len(current["members"]) != len(have):
            desired["members"] = wanted
    return desired


# ---------------------------------------------------------------- server


def read_groups(cgp, names):
    """{qualified name: the module's view} of groups, one pipelined round trip."""
    replies = cgp.batch([("GETGROUP", name) for name in names]) if names else []
    return dict((name, shape(name, reply)) for name, reply in zip(names, replies))


class GroupPlanner(ObjectPlanner):
    """Groups of one domain. SETGROUP replaces the whole dictionary, so the planner merges the
    changes into the group as read and sends all of it."""

    kind = "group"

    def list_names(self, domain):
        return [bare(name) for name in self.cgp.read(self.client.list_groups, domain)]

    def read(self, targets, doomed):
        return read_groups(self.cgp, [target.source for target in targets if target.source] + doomed)

    def shown(self, name, current):
        return current

    def delete(self, name, current):
        self.cgp.write(self.client.delete_group, name, context=self.context(name, "cannot delete it"))

    def apply(self, target, current):
        client, name = self.client, target.name
        before = {}
        if current is None:
            desired = plan_group(target.spec, {"name": name, "members": [], "real_name": None, "settings": {}})
            current = self.create(name, client.create_group, name, dictionary_of(desired))
        if current is not None:
            before = current
            if target.renaming:
                self.rename(target.source, name, client.rename_group, target.source, name)
            current = dict(current, name=name)
            desired = plan_group(target.spec, current)
            if desired != current:
                desired = self.update(target, current)
        return {"state": "present", "group": desired, "diff": {"before": before, "after": desired}}

    def update(self, target, current):
        """SETGROUP of the group merged with the task's changes (read again right before), verified."""
        cgp, client, name = self.cgp, self.client, target.name

        def modify(group):
            desired = plan_group(target.spec, group)
            return None if desired == group else desired

        def write(group):
            cgp.write(client.set_group, name, dictionary_of(group), context=self.context(name, "cannot update it"))

        fresh, desired = cgp.replace(
            self.describe(name), ("GETGROUP", name), lambda reply: shape(name, reply), modify, write, current
        )
        return desired or fresh


def manage_group(cgp):
    """cgp_group: one group, as its options say."""
    run_single(cgp, GroupPlanner, group_spec(cgp.params), returns=("group",))


def group_info(cgp):
    """cgp_group_info: the groups of a domain (or one), in the shape cgp_group accepts."""
    params = cgp.params
    domain = domain_of(params)
    wanted = split_name(params["name"], domain, what="group").local if params["name"] else None
    cgp.connect()
    names = [bare(name) for name in cgp.read(cgp.client.list_groups, domain)]
    if wanted is not None:
        names = [name for name in names if name.lower() == wanted.lower()]
    groups = read_groups(cgp, ["%s@%s" % (name, domain) for name in sorted(names, key=str.lower)])
    cgp.exit(groups=list(groups.values()))
