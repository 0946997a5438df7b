# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a secret is, in one place, and how secrets are hidden.

A secret is any value under a dictionary key that ``is_secret_key`` accepts:
``Password`` and every key ending in ``Password`` (``AppPassword``, the
``password`` of an RPOP/RIMAP record, ...) except the few that hold a choice,
keys ending in ``Secret``, and private keys. It is a secret at any depth and
whatever its type, whether a task gave it or the server returned it.

Standard library only and no other collection import: the client, the module
layer, the filters and the emulator (which loads this file by path) share it.
"""

MASK = "********"
# What ansible-core shows for a value that is exactly a no_log value; kept so output reads the same.
NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

_SECRET_SUFFIXES = ("password", "secret", "privatekey", "privatesecurekey")
# Keys that end like a secret but hold a setting about secrets (a yes/no or a choice), never a secret:
# CGP's Use*Password flags (UseAppPassword, UseExtPassword, UseKerberosPassword, UseSysPassword),
# CanModifyPassword, and the modules' update_password choice.
_NOT_SECRET = frozenset(
    (
        "canmodifypassword",
        "useapppassword",
        "useextpassword",
        "usekerberospassword",
        "usesyspassword",
        "requirepassword",
        "update_password",
    )
)
# What a diff shows for a secret that this run changes.
MASK_CHANGED = MASK + " (changed)"
# Masking is idempotent: an already masked value is not masked (or reported as a secret) again.
_MASKED = frozenset((MASK, NO_LOG_PLACEHOLDER, MASK_CHANGED))


def is_secret_key(key):
    """True when values under ``key`` (a dictionary key of any CGP object or option) are secrets."""
    if not isinstance(key, str):
        return False
    known = _KNOWN_KEYS.get(key)
    if known is None:
        low = key.lower()
        known = low not in _NOT_SECRET and low.endswith(_SECRET_SUFFIXES)
        if len(_KNOWN_KEYS) < 4096:  # the same few keys recur in every object of a large result
            _KNOWN_KEYS[key] = known
    return known


_KNOWN_KEYS = {}


def mask(value, placeholder=MASK):
    """A copy of ``value`` with every value under a secret key replaced by ``placeholder``, at any depth.

    Containers under a secret key are masked whole; None stays None (it means "not set"), and a
    value already masked stays as it is (``MASK (changed)`` keeps saying that a secret changed).
    """
    if isinstance(value, dict):
        return dict(
            (key, _masked(item, placeholder) if is_secret_key(key) else mask(item, placeholder))
            for key, item in value.items()
        )
    if isinstance(value, (list, tuple)):
        return [mask(item, placeholder) for item in value]
    return value


def _masked(value, placeholder=MASK):
    return value if value is None or is_masked(value) else placeholder


def is_masked(value):
    """True for a value that only says "a secret is set here" (what the modules return for one)."""
    return isinstance(value, str) and value in _MASKED


def mask_pair(before, after):
    """``before`` and ``after`` masked, with a changed secret shown as ``MASK (changed)`` in ``after``.

    So a diff still says that a password changed, never what it was or became.
    """
    return mask(before), _mark_changes(before, after)


def _mark_changes(before, after):
    if not isinstance(after, dict):
        return mask(after)
    before = before if isinstance(before, dict) else {}
    result = {}
    for key, item in after.items():
        if is_secret_key(key):
            changed = item is not None and key in before and before[key] != item
            result[key] = MASK_CHANGED if changed else _masked(item)
        else:
            result[key] = _mark_changes(before.get(key), item)
    return result


def secret_values(value):
    """Every secret inside ``value`` as a non-empty string, for registering with no_log."""
    if isinstance(value, dict):
        for key, item in value.items():
            if is_secret_key(key):
                yield from text_values(item)
            else:
                yield from secret_values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from secret_values(item)


def text_values(value):
    """The strings a secret value can show up as in output, at any depth (numbers too: 4242 prints as "4242")."""
    if isinstance(value, dict):
        for item in value.values():
            yield from text_values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from text_values(item)
    elif value is not None and not isinstance(value, bool):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if text and text not in _MASKED:
            yield text


class Masker:
    """Hides many secrets in free text in one pass over the text.

    ansible-core's no_log masking replaces every secret in every output string in turn: with one
    password per account of a 20,000-account task, 20,000 passes over each string. Here each string
    is scanned once: every secret is indexed under one piece of it (the one fewest other secrets
    share, so that passwords alike in their beginning, ``Welcome-...``, do not pile up under one
    piece), the string's windows are looked up in that index, and only where one matches is the
    string rebuilt. Pieces are ``GRAMS[0]`` characters long for secrets that long, ``GRAMS[1]`` for
    shorter ones: with 4-character pieces alone, 100,000 generated passwords occupy most of the
    65,536 pieces of four hexadecimal digits, so almost every name or number in a result matched
    some piece and was compared with the secrets under it, a cost growing with the number of
    secrets. Time is linear in the text (and, for the rare secrets shorter than ``GRAMS[-1]``
    characters, in their number). As in ansible-core, a string that is a secret becomes
    NO_LOG_PLACEHOLDER and a secret inside a string becomes MASK.
    """

    GRAMS = (8, 4)

    def __init__(self, secrets=()):
        self.secrets = set()
        self._indexes = dict((gram, {}) for gram in self.GRAMS)  # piece length -> {piece: [(secret, offset)]}
        self._short = []  # secrets shorter than the shortest piece, longest first
        for secret in secrets:
            self.add(secret)

    def __len__(self):
        return len(self.secrets)

    def add(self, secret):
        if not isinstance(secret, str) or not secret or secret in self.secrets or secret in _MASKED:
            return
        self.secrets.add(secret)
        gram = next((gram for gram in self.GRAMS if len(secret) >= gram), None)
        if gram is None:
            self._short.append(secret)
            self._short.sort(key=len, reverse=True)
            return
        index = self._indexes[gram]
        offset = min(range(len(secret) - gram + 1), key=lambda k: len(index.get(secret[k : k + gram], ())))
        index.setdefault(secret[offset : offset + gram], []).append((secret, offset))

    def _pieces(self, value):
        """(index, the string's windows as long as its pieces, lazily) for every index in use."""
        for gram, index in self._indexes.items():
            if index and len(value) >= gram:
                yield index, (value[start : start + gram] for start in range(len(value) - gram + 1))

    def text(self, value):
        """``value`` (a string) with every secret hidden."""
        if not self.secrets or not isinstance(value, str):
            return value
        if value in self.secrets:
            return NO_LOG_PLACEHOLDER
        if any(not index.keys().isdisjoint(windows) for index, windows in self._pieces(value)):
            value = self._rebuild(value)
        for secret in self._short:
            if secret in value:
                value = value.replace(secret, MASK)
        return value

    def _rebuild(self, value):
        """``value`` with its secrets replaced: every occurrence found, then the leftmost-longest kept."""
        found = []
        for index, windows in self._pieces(value):
            for start, piece in enumerate(windows):
                for secret, offset in index.get(piece, ()):
                    begin = start - offset
                    if begin >= 0 and value.startswith(secret, begin):
                        found.append((begin, -len(secret)))
        pieces, position = [], 0
        for start, negative_length in sorted(found):
            if start >= position:
                pieces.extend((value[position:start], MASK))
                position = start - negative_length
        pieces.append(value[position:])
        return "".join(pieces)

    def value(self, value):
        """A copy of ``value`` (JSON-like data) with every secret hidden in its strings and numbers (keys are kept)."""
        if not self.secrets:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return dict((key, self.value(item)) for key, item in value.items())
        if isinstance(value, (list, tuple)):
            return [self.value(item) for item in value]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.text(str(value)) != str(value):
            return NO_LOG_PLACEHOLDER  # as ansible-core does with a number that holds a secret
        return value
