# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # The connection options shared by every module of the collection.
    DOCUMENTATION = r"""
options:
  login_host:
    description:
      - Host name or address of the CommuniGate Pro server's PWD (CLI) service.
      - If not set, the environment variable E(CGP_HOST) is used, then V(localhost).
    type: str
    default: localhost
  login_port:
    description:
      - TCP port of the PWD service.
      - If not set, the environment variable E(CGP_PORT) is used, then V(106).
    type: int
    default: 106
  login_user:
    description:
      - Name of the account the module logs in as, usually a server administrator such as V(postmaster).
      - If not set, the environment variable E(CGP_USER) is used. Required one way or the other.
    type: str
  login_password:
    description:
      - Password of O(login_user). Never logged, never returned.
      - If not set, the environment variable E(CGP_PASSWORD) is used. Required one way or the other.
    type: str
  login_method:
    description:
      - How to authenticate.
      - V(auto) uses APOP secure login when the server's banner offers a token, and USER/PASS otherwise.
      - V(apop) requires secure login; V(plain) sends USER/PASS; V(webuser) sends AUTH WEBUSER.
      - If not set, the environment variable E(CGP_LOGIN_METHOD) is used, then V(auto).
    type: str
    choices: [auto, apop, plain, webuser]
    default: auto
  tls:
    description:
      - Speak TLS from the first byte (a PWD port configured for secure connections).
      - If not set, the environment variable E(CGP_TLS) is used, then V(false).
    type: bool
    default: false
  validate_certs:
    description:
      - Verify the server's TLS certificate and host name. Set to V(false) only for lab servers with self-signed certificates.
      - If not set, the environment variable E(CGP_VALIDATE_CERTS) is used, then V(true).
    type: bool
    default: true
  ca_path:
    description:
      - File of CA certificates (PEM) to verify the server's certificate with, instead of the system's.
      - If not set, the environment variable E(CGP_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for the connection and for each reply.
      - If not set, the environment variable E(CGP_TIMEOUT) is used, then V(30).
    type: float
    default: 30
  pipelining:
    description:
      - Send a module's batches of read commands pipelined (all of them, then read the replies), so a batch costs about
        one network round trip. Modules that manage many objects in one task read their current state this way.
      - V(false) sends the commands of a batch one at a time, waiting for each reply; for a server or a proxy in
        between that mishandles pipelined commands. The results are the same, only slower over a slow link.
      - If not set, the environment variable E(CGP_PIPELINING) is used, then V(true).
    type: bool
    default: true
notes:
  - The modules talk to the server over the network from wherever Ansible runs them; nothing is installed on the mail server.
    Run them on the control node (C(delegate_to) V(localhost)) or a jump host, and set the connection options once with
    C(module_defaults) and the action group C(group/communigate.pro.cgp).
"""

    # The rule options of the mail rule modules (cgp_account_mailrule, cgp_domain_mailrule) and the signal rule
    # modules (cgp_account_signalrule, cgp_domain_signalrule): both families have the same rule arrays.
    MAIL_RULES = r"""
options:
  state:
    description:
      - V(present) creates or updates the rule(s), V(absent) deletes them (a rule that does not exist is not an
        error).
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the rule (one rule per task). Mutually exclusive with O(rules).
    type: str
  priority:
    description:
      - Priority of the rule, a whole number; rules with a higher priority are applied first.
      - A signal rule's number also holds its stage (when it applies), as C(stage * 100 + priority); see the
        notes of the signal rule modules.
      - Required to create a rule. Omitted, an existing rule keeps its priority.
      - Given alone with O(name) (no O(conditions), O(actions), O(comment) or O(raw)), only the priority of the
        existing rule is changed; the rule must exist.
    type: int
  conditions:
    description:
      - The rule's conditions, all of which must match. Each is a dictionary with C(what) (for mail rules
        V(From), V(Subject), V(Human Generated), V(Header Field), ...; for signal rules V(Method), V(RequestURI),
        V(From), V(Time Of Day), V(Current Day), V(Presence), ...), C(op) (V(is), V(is not), V(in), V(not in),
        V(greater than), V(less than)) and C(value); C(op) and C(value) are left out for conditions that have
        none, such as V(Human Generated).
      - An element can also be a CommuniGate Pro condition array, for example V(["From", "is", "*@example.com"]).
      - A C(value) can be a list of strings; they are joined into one multi-line value.
      - Omitted or empty, the rule applies to every message (every call, for a signal rule).
    type: list
    elements: raw
  actions:
    description:
      - The rule's actions, in order. Each is a dictionary with C(action) (for mail rules V(Store in),
        V(Mirror to), V(Redirect to), V(Forward to), V(Reply with), V(Reject with), V(Discard),
        V(Stop Processing), V(Remember 'From' in), ...; for signal rules V(Redirect to), V(Fork to),
        V(Reject with), V(Stop Processing), ...) and C(value), left out for actions that take no parameter.
      - An element can also be a CommuniGate Pro action array, for example V(["Mirror to", "x@example.com"]).
      - Line breaks in a value (a reply text, several addresses) are written as V(\\n) in YAML, or given as a
        list of strings; CommuniGate Pro stores them as C(\e).
    type: list
    elements: raw
  comment:
    description:
      - A comment stored with the rule.
    type: str
  raw:
    description:
      - The whole rule as a CommuniGate Pro array V([priority, name, conditions, actions]) or
        V([priority, name, conditions, actions, comment]), for anything the readable form does not cover.
      - Cannot be combined with O(conditions), O(actions) or O(comment). O(name) and O(priority) may be left out;
        if given, they must match the array.
    type: list
    elements: raw
  rules:
    description:
      - Several rules at once, each a dictionary with the keys C(name), C(priority), C(conditions), C(actions),
        C(comment) and C(raw), which mean what the options of the same names mean. Mutually exclusive with
        O(name).
      - With O(state=absent) only each rule's C(name) is used.
      - An empty list with O(purge=true) removes all the rules.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the rule.
        type: str
      priority:
        description: Priority of the rule (see O(priority)).
        type: int
      conditions:
        description: Conditions (see O(conditions)).
        type: list
        elements: raw
      actions:
        description: Actions (see O(actions)).
        type: list
        elements: raw
      comment:
        description: A comment stored with the rule.
        type: str
      raw:
        description: The whole rule as an array (see O(raw)).
        type: list
        elements: raw
  purge:
    description:
      - Delete every rule that is not named by O(name) or O(rules).
      - Only with O(state=present).
    type: bool
    default: false
"""

    # Attributes of the read-only info modules.
    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: Only reads; runs the same in check mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
"""

    # Attributes of the state modules (a module may say more about its own diff).
    STATE_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: Sends only read commands and reports the same C(changed) and C(commands) a real run would.
  diff_mode:
    support: full
    description: Shows the managed object before and after the run; secrets are masked.
"""

    # The domain and name options of the info modules that read the objects of one domain.
    DOMAIN_OBJECTS_INFO = r"""
options:
  domain:
    description:
      - The domain whose objects are read. A domain the server does not know fails the task.
      - May be left out when O(name) is given as V(name@domain).
    type: str
  name:
    description:
      - Return only this object, as a bare name in O(domain) or as V(name@domain).
      - An object that does not exist gives an empty list, not an error.
    type: str
"""

    # The secrets_file option of the info modules that read objects holding secrets (the export playbook uses it).
    SECRETS_FILE = r"""
options:
  secrets_file:
    description:
      - Also write the secrets the module masks in its result (the stored C(Password) of an account, every value
        under a key such as C(...Password), C(...Secret) or C(...PrivateKey)) to this file on the host the module
        runs on, instead of returning them. The result still has them masked or left out.
      - The file is one JSON object, by section (C(accounts), C(domains), C(server)), then object name, then part
        (C(settings), C(prefs), ...), then secret key, created with mode 0600 and replaced atomically; several
        modules and runs merge their sections into the same file, and an object read again loses the secrets it
        no longer has.
      - Meant for the playbook C(communigate.pro.export), which encrypts the file with ansible-vault and removes
        it; keep it in a private directory and never commit it.
    type: path
"""

    # The list form shared by cgp_account, cgp_forwarder and cgp_mailinglist (the list option itself,
    # for example accounts, is documented by each module).
    LIST_FORM = r"""
options:
  domain:
    description:
      - Domain of the object when O(name) is a bare name. If O(name) has a domain, the two must agree.
      - Required with the list form; every element of the list must then be in this domain.
    type: str
  purge:
    description:
      - List form only. After every element of the list has been applied, delete every object of its kind in
        O(domain) that the list does not name (as an element's C(name), or as the C(rename_from) of an element
        renamed in this task), except those in O(purge_exclude). The deletions are listed in RV(results) with
        C(state=absent) and C(purged=true).
      - Without it, objects the list does not name are never touched.
    type: bool
    default: false
  purge_exclude:
    description:
      - Objects that O(purge) never deletes, as bare names or V(name@domain) in O(domain).
    type: list
    elements: str
  result_detail:
    description:
      - What RV(results) holds for each object of the list form.
      - V(compact) returns what the task did - each object's C(name), C(state) and C(changed), and for the
        objects that change (or would change in check mode) their C(commands) and flags (C(purged),
        C(password_changed), C(recreated)) - but not the objects themselves, which it does not read back;
        a task over tens of thousands of objects then returns what matters without a copy of every object.
      - V(full) also returns every object as it is after the run (read back from the server), as the single
        form returns it.
    type: str
    choices: [compact, full]
    default: compact
notes:
  - "The list form: every element is validated before anything is sent; an error names the element, for example
    C(accounts[3].quota), and two elements may not name the same object. The elements are processed in order and
    the task stops at the first write that fails: the error names the object (RV(failed_object)), the server's
    answer and what was already applied; RV(results) holds the objects already processed, RV(commands) every
    command already sent, and RV(not_processed) the objects (and purge deletions) not reached."
  - "The list form returns RV(results): one entry per element in order, then one per object deleted by
    O(purge), each with the object's C(name), C(state), C(changed), its own C(commands), C(purged), its
    result as the single form returns it, and (in diff mode) its C(diff); with O(result_detail=compact), the
    default, an unchanged object has only C(name), C(state) and C(changed), and no object carries its state
    after the run (the C(account), C(forwarder) or C(mailinglist) key). The task's diff is keyed by
    object name and holds the objects that change, at most 200 of them; beyond that, one more key says how
    many more changed (RV(results) holds them all)."
"""
