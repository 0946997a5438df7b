# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one shape every managed object kind is planned in.

``ObjectPlanner`` lists the objects of a kind (once per domain), finds where each wanted
object stands (its server spelling, the source of a rename), selects what a purge deletes,
and runs the per-object loop that records each object's result, so that a failure names the
object, what was applied and what was not processed (``Progress``). A subclass says only how
to read the current state, apply the wanted one and delete.

``ListForm`` builds, once for every module that has one, the argument spec of a single form
(one object: ``name``, ``domain``, ...) beside a list form (many objects of one domain in one
task: ``accounts``, ``forwarders``, ...), validates either, and runs the planner.
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPAlreadyExistsError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    check_text,
    item_error,
    refuse_duplicates,
    split_name,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import same_names


# A list form's diff shows this many changed objects in full, so that --diff stays readable at any size.
DIFF_OBJECTS = 200


class Spec:
    """The desired state of one object, validated before anything is sent.

    ``name`` and ``old`` (the rename source, or None) are Names; ``params`` the object's options;
    a planner's own fields (``settings``, ``subscribers``, ...) are given as keywords.
    """

    def __init__(self, name, params, old=None, **fields):
        self.name = name
        self.old = old
        self.params = params
        self.state = params.get("state") or "present"
        self.__dict__.update(fields)

    def __repr__(self):
        return "Spec(%r, state=%r, old=%r)" % (self.name, self.state, self.old)


class Target:
    """Where one wanted object stands on the server, found before anything is sent.

    ``name``: the qualified name it has after the task (the server's spelling when it exists);
    ``existing``: it exists under that name; ``source``: where its current state is read from
    (the name itself, the object a rename starts from, or None when it is to be created).
    """

    __slots__ = ("index", "spec", "name", "existing", "source")

    def __init__(self, index, spec, name, existing, source):
        self.index, self.spec, self.name, self.existing, self.source = index, spec, name, existing, source

    @property
    def renaming(self):
        return self.source is not None and not self.existing

    @property
    def present(self):
        return self.spec.state == "present"

    def __repr__(self):
        return "Target(%r, existing=%r, source=%r)" % (self.name, self.existing, self.source)


class Progress:
    """Per-object results of a task, and what a failure then reports.

    ``option`` is the list option (``accounts``); None for the single form, whose failures read as
    they always did. The planner calls ``begin`` before an object's first write and ``end`` after its
    last; a failure in between names that object, the commands already applied for it and before it,
    and the objects not processed (``order`` lists every object the task would touch, in order).
    """

    def __init__(self, cgp, option=None, detail="full"):
        self.cgp = cgp
        self.option = option
        self.detail = detail  # the list form's result_detail; the single form returns its object in full
        self.results = []
        self.order = []
        self.where = None
        self.name = None
        self.mark = 0
        self.position = 0
        cgp.progress = self

    def begin(self, where, name):
        self.where, self.name, self.mark = where, name, len(self.cgp.commands)

    def end(self, result):
        """Record the object's result dict, with its name, changed and its commands put first; return it."""
        own = self.cgp.commands[self.mark :]
        given = dict(result)
        result.clear()
        result.update(name=self.name, changed=bool(own), commands=list(own))
        result.update(given)
        self.results.append(result)
        self.where = self.name = None
        self.position += 1
        return result

    def applied_note(self):
        """What a failure has already applied, for the error message (not in check mode)."""
        own = self.cgp.commands[self.mark :] if self.where else []
        earlier = len(self.cgp.commands) - len(own)
        notes = []
        if own:
            notes.append("; already applied for this object: %s" % "; ".join(own))
        if earlier:
            objects = sum(1 for result in self.results if result["changed"])
            notes.append(
                "; already applied %s: %d command(s) for %d object(s) (see results and commands)"
                % ("before it" if self.where else "in this task", earlier, objects)
            )
        return "".join(notes)

    def annotate(self, msg, extra):
        """The failure message and result keys of a list-form task."""
        extra.setdefault("results", self.results)
        pending = self.order[self.position + (1 if self.where else 0) :]
        if self.where:
            msg = "%s: %s" % (self.where, msg)
            extra.setdefault("failed_object", self.name)
        if self.order:
            extra.setdefault("not_processed", pending)
            if pending:
                what = "the %d object(s) after it" % len(pending) if self.where else "%d object(s)" % len(pending)
                msg = "%s; not processed: %s (see not_processed)" % (msg, what)
        return msg

    def exit(self, object_key=None, **result):
        """Exit with ``results``; the diff is keyed by object name and holds the objects that change
        (at most DIFF_OBJECTS of them, then one line saying how many more: the results hold them all).

        With ``detail`` compact, an unchanged object is only its name, state and changed, and a changed
        one has no ``object_key`` (its state read back): a run over 100,000 objects returns what it did,
        not 100,000 copies of them. With full, every object is returned in full.
        """
        diff = {"before": {}, "after": {}}
        results, shown = [], 0
        for item in self.results:
            item_diff = item.get("diff") or {}
            if item["changed"]:
                shown += 1
                for side in ("before", "after"):
                    if item_diff.get(side) and shown <= DIFF_OBJECTS:
                        diff[side][item["name"]] = item_diff[side]
            if not self.cgp.module._diff:
                item.pop("diff", None)
            if self.detail == "compact":
                if not item["changed"]:
                    item = {"name": item["name"], "state": item["state"], "changed": False}
                item.pop(object_key, None)
            results.append(item)
        if shown > DIFF_OBJECTS:
            more = "(and %d more changed objects: see results)" % (shown - DIFF_OBJECTS)
            diff["before"][more], diff["after"][more] = {}, {}
        self.cgp.exit(results=results, diff=diff, **result)


class ObjectPlanner:
    """Reconciles objects of one kind with their specs, in order, over one connection.

    Reads: one listing per domain involved, then what ``read`` asks for (pipelined), then the
    writes each object needs through ``cgp.write``. Subclasses set ``kind`` and implement
    ``list_names``, ``read``, ``apply`` and ``delete``; ``check`` (refusals that need the server's
    state, made before any write) and ``finish`` (after the last write) are optional.
    """

    kind = "object"
    absent_result = {}

    def __init__(self, cgp, progress, domain=None):
        self.cgp, self.progress, self.domain = cgp, progress, domain
        self.client = cgp.client
        self._listings = {}

    # ------------------------------------------------------------ what a subclass says

    def list_names(self, domain):
        """The names of the objects of ``domain`` as the server spells them (bare)."""
        raise NotImplementedError

    def read(self, targets, doomed):
        """{source name: current state} of the targets' sources and the names a purge deletes."""
        return {}

    def check(self, targets, current):
        """Refuse the task (InputError) from the server's state, before the first write."""

    def apply(self, target, current):
        """The writes for one present object; returns its result (a dict with at least ``diff``)."""
        raise NotImplementedError

    def delete(self, name, current):
        """The write that deletes the existing object ``name``."""
        raise NotImplementedError

    def shown(self, name, current):
        """The object as the diff shows it before it is deleted."""
        return {"name": name}

    def finish(self, targets):
        """After the last write (for example: read back what changed)."""

    def to_read_back(self, changed):
        """Which of the ``changed`` objects to read back after the run for their results: all of them with
        full results (the single form's is full), none in check mode, and in compact mode only those the
        diff shows."""
        if self.cgp.check_mode:
            return []
        if self.progress.detail == "full":
            return list(changed)
        return list(changed)[:DIFF_OBJECTS] if self.cgp.module._diff else []

    # ------------------------------------------------------------ names

    def qualify(self, local, domain):
        return "%s@%s" % (local, domain)

    def describe(self, name):
        """How messages name an object: ``account 'a@b'``."""
        return "%s '%s'" % (self.kind, name)

    def context(self, name, doing):
        """The start of an error message: ``account 'a@b': cannot delete it:``."""
        return "%s: %s:" % (self.describe(name), doing)

    def rename(self, source, name, method, *args, **kwargs):
        """Send the rename command ``method(*args)`` that renames ``source`` to ``name``."""
        self.cgp.write(method, *args, context=self.context(source, "cannot rename it to '%s'" % name), **kwargs)

    def create(self, name, method, *args, **kwargs):
        """Send the create command ``method(*args)``. When another client created the object meanwhile
        ("already exists"), return its state read now (``read([name])``), so that the task goes on as an
        update; None when this task created it. A name that another kind of object holds still fails."""
        context = self.context(name, "cannot create it")
        refused = self.cgp.write(method, *args, tolerate=(CGPAlreadyExistsError,), context=context, **kwargs)
        if not isinstance(refused, CGPAlreadyExistsError):
            return None
        self._listings.pop((self.domain or "").lower(), None)
        local = name.rpartition("@")[0] or name
        if local.lower() not in self.listing(self.domain):
            self.cgp.fail_error(refused, context)
        return self.read_one(name)

    def read_one(self, name):
        """The current state of one existing object, as ``read`` gives it."""
        target = Target(0, Spec(None, {}), name, True, name)
        return self.read([target], [])[name]

    def replace_names(self, name, what, read, write, wanted, current, same=same_names):
        """Make the name list ``what`` (aliases, ...) of ``name`` exactly ``wanted``, compared by ``same``
        (case-insensitively by default); read right before the write and verified (CGPModule.replace).
        The list after."""
        cgp = self.cgp

        def send(names):
            cgp.write(
                write, name, names, context=self.context(name, "cannot set its %s to (%s)" % (what, ", ".join(names)))
            )

        fresh, written = cgp.replace(
            "%s %s" % (self.describe(name), what),
            read,
            lambda reply: list(reply or []),
            lambda names: None if same(wanted, names) else list(wanted),
            send,
            current,
        )
        return fresh if written is None else written

    def listing(self, domain, prefix=""):
        """{lowered name: server spelling} of the objects of ``domain`` (read once per task)."""
        key = (domain or "").lower()
        if key not in self._listings:
            try:
                names = self.list_names(domain)
            except InputError as exc:
                raise InputError(prefix + str(exc))
            self._listings[key] = dict((name.lower(), name) for name in names)
        return self._listings[key]

    def locate(self, index, spec):
        """The Target of one spec: does it exist, and what would a rename start from."""
        names = self.listing(spec.name.domain)
        existing = names.get(spec.name.local.lower())
        name = self.qualify(existing or spec.name.local, spec.name.domain)
        target = Target(index, spec, name, existing is not None, name if existing else None)
        old = spec.old
        if spec.state != "present" or old is None or old.qualified.lower() == name.lower():
            return target
        found = self.listing(old.domain, "rename_from: ").get(old.local.lower())
        if found and existing:
            self.cgp.warn(
                "%ss '%s' and '%s' both exist, so rename_from was ignored"
                % (self.kind, name, spec.params["rename_from"])
            )
        elif found:
            target.source = self.qualify(found, old.domain)
        return target

    def purge_selection(self, targets, exclude=()):
        """The qualified names of the objects of the domain that no target names, nor ``exclude`` (as the
        user spelled them), nor ``protected`` spares; decided before anything is deleted."""
        domain = self.domain
        keep = set(target.spec.name.local.lower() for target in targets)
        keep.update(
            target.source.rpartition("@")[0].lower()
            for target in targets
            if target.source and target.source.rpartition("@")[2].lower() == domain.lower()
        )
        doomed = [name for name in sorted(self.listing(domain).values(), key=str.lower) if name.lower() not in keep]
        if doomed and exclude:
            spared = set(name.lower() for name in self.excluded(exclude, doomed))
            doomed = [name for name in doomed if name.lower() not in spared]
        for name, why in self.protected(doomed):
            doomed.remove(name)
            self.cgp.warn("purge: %s '%s' is not deleted: %s" % (self.kind, self.qualify(name, domain), why))
        return [self.qualify(name, domain) for name in doomed]

    def excluded(self, names, doomed):
        """The bare names ``purge_exclude`` spares (bare names, or name@domain in the domain)."""
        return [split_name(name, self.domain, "purge_exclude", self.kind).local for name in names]

    def protected(self, doomed):
        """(name, why) of the objects among ``doomed`` that a purge must never delete."""
        return []

    # ------------------------------------------------------------ the loop

    def run(self, specs, purge=False, exclude=()):
        """Apply every spec in order, then (with ``purge``) delete the objects no spec names."""
        targets = [self.locate(index, spec) for index, spec in enumerate(specs)]
        doomed = self.purge_selection(targets, exclude) if purge else []
        self.progress.order = [target.name for target in targets] + doomed
        current = self.read(targets, doomed)
        self.check(targets, current)
        for target in targets:
            self.progress.begin(self.where(target), target.name)
            if target.present:
                self.progress.end(self.apply(target, current.get(target.source)))
            else:
                self.remove(target.source, current.get(target.source))
        for name in doomed:
            self.progress.begin("purge", name)
            self.remove(name, current.get(name), purged=True)
        self.finish(targets)
        return self.progress.results

    def where(self, target):
        return "%s[%d]" % (self.progress.option, target.index) if self.progress.option else None

    def remove(self, name, current, purged=False):
        """Delete ``name`` when it exists (None: it does not) and record the result."""
        if name:
            self.delete(name, current)
        result = {
            "state": "absent",
            "purged": purged,
            "diff": {"before": self.shown(name, current) if name else {}, "after": {}},
        }
        result.update(self.absent_result)
        self.progress.end(result)


class ListForm:
    """The single form and the list form of a module, for one planner class.

    ``options`` are the options of one object (the list elements' suboptions); ``parse(params,
    domain)`` turns them into a Spec; ``returns`` are the keys of the object's result that the
    single form returns; ``shared`` are options of both forms (``update_password``, ...).
    """

    def __init__(self, planner, option, options, parse, returns=(), **shared):
        self.planner, self.option, self.options, self.parse = planner, option, options, parse
        self.returns, self.shared = returns, shared

    def argument_spec(self):
        spec = dict((name, dict(value)) for name, value in self.options.items())
        spec["name"] = dict(type="str")
        spec.update(
            domain=dict(type="str"),
            purge=dict(type="bool", default=False),
            purge_exclude=dict(type="list", elements="str"),
            result_detail=dict(type="str", default="compact", choices=["compact", "full"]),
        )
        spec[self.option] = dict(type="list", elements="dict", options=self.options)
        spec.update(self.shared)
        return spec

    def module_kwargs(self):
        return dict(
            mutually_exclusive=[[self.option, name] for name in self.options],
            required_one_of=[["name", self.option]],
            required_by={self.option: "domain"},
        )

    def specs(self, params):
        """The validated specs of the task, and the bare names ``purge_exclude`` spares."""
        items = params[self.option]
        if items is None:
            if params["purge"] or params["purge_exclude"]:
                raise InputError("purge and purge_exclude apply to the list form only (%s)" % self.option)
            return [self.parse(params, params["domain"])], []
        domain = params["domain"]
        specs, entries = [], []
        for index, item in enumerate(items):
            try:
                spec = self.parse(item, domain)
            except InputError as exc:
                raise InputError(item_error(self.option, index, str(exc), self.options))
            specs.append(spec)
            entries.append((index, "name", spec.name.local, item["name"]))
            if spec.old and spec.old.domain.lower() == domain.lower():
                entries.append((index, "rename_from", spec.old.local, item["rename_from"]))
        refuse_duplicates(self.option, entries)
        exclude = params["purge_exclude"] or []
        for index, name in enumerate(exclude):
            check_text(name, "purge_exclude[%d]" % index, "%s name" % self.planner.kind)
        return specs, exclude

    def run(self, cgp):
        """Validate, connect, reconcile, exit: the whole of such a module's main()."""
        params = cgp.params
        specs, exclude = self.specs(params)
        many = params[self.option] is not None
        cgp.connect()
        progress = Progress(cgp, self.option, params["result_detail"]) if many else Progress(cgp)
        planner = self.planner(
            cgp, progress, params["domain"] if many else specs[0].name.domain, **self.planner_args(params)
        )
        results = planner.run(specs, purge=params["purge"], exclude=exclude)
        if many:
            progress.exit(object_key=self.returns[0] if self.returns else None)
        exit_single(cgp, results[0], self.returns)

    def planner_args(self, params):
        """The planner's keyword arguments taken from the shared options."""
        return dict((name, params[name]) for name in self.shared)


def run_single(cgp, planner, spec, returns=(), **planner_args):
    """Connect, reconcile the one object of ``spec``, exit: a single-form module's main()."""
    cgp.connect()
    result = planner(cgp, Progress(cgp), spec.name.domain, **planner_args).run([spec])[0]
    exit_single(cgp, result, returns)


def exit_single(cgp, result, returns):
    """Exit with one object's result: the keys ``returns`` names, its diff when it changed or is present."""
    returned = dict((key, result[key]) for key in returns if key in result)
    if result["state"] == "absent":
        cgp.exit(diff=result["diff"] if result["changed"] else None, **returned)
    cgp.exit(diff=result["diff"], **returned)
