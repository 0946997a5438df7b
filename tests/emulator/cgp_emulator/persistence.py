# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The --state file: loaded at start, saved in the background after writes, and at stop.

Saving the whole state after every write costs O(objects) per write, so a run
creating N accounts would cost O(N^2).  Instead a saver thread writes the
file when a burst of writes ends (QUIET seconds without a write), and during
a long burst at least every MAX_WAIT seconds, but never sooner than BACKOFF
times the last save's duration after it ended: saving then takes at most
1 / (1 + BACKOFF) of the time, whatever the size, and creating N objects stays
linear.  ``flush()`` (clean stop) saves whatever is left.

Durability: an acknowledged write is in the file within about
max(MAX_WAIT, BACKOFF x the last save's duration) seconds (QUIET seconds when
the writes stop), and surely after a clean stop (stop(), SIGTERM, SIGINT); a
crash (SIGKILL, power loss) can lose the writes of that last window.  The file
is replaced atomically and fsync'ed: it always holds one complete state.
"""

import json
import os
import tempfile
import threading
import time

from .state import State

QUIET = 0.2
MAX_WAIT = 2.0
BACKOFF = 4


def load_state(path, main_domain, user, password):
    """The state saved in ``path`` (when it exists) with this administrator, else a fresh one."""
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            state = State.from_json(json.load(handle))
        state.ensure_admin(user, password)
        return state
    return State.new(main_domain, user, password)


def write_atomically(path, text):
    """Replace ``path`` by a file holding ``text``, never leaving a partial file behind."""
    fd, tmp = tempfile.mkstemp(prefix=".cgp-state-", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class StateSaver:
    """Saves ``state`` to ``path`` after bursts of writes (see the module doc); ``log`` reports failures."""

    def __init__(self, state, path, log):
        self.state = state
        self.path = path
        self.log = log
        self.saves = 0  # completed saves (tests look at it)
        self._wake = threading.Condition()
        self._first_change = self._last_change = None  # monotonic times of unsaved writes
        self._not_before = 0.0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="cgp-state-saver", daemon=True)
        self._thread.start()

    def changed(self):
        """A write command succeeded."""
        with self._wake:
            now = time.monotonic()
            if self._first_change is None:
                self._first_change = now
            self._last_change = now
            self._wake.notify()

    def flush(self):
        """Stop the saver thread and save what is not saved yet (a clean stop)."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
        self._thread.join()
        if self._first_change is not None:
            self._save()

    def _run(self):
        while self._wait_until_due():
            self._save()

    def _wait_until_due(self):
        """Block until a save is due (True) or flush() began (False)."""
        with self._wake:
            while not self._stopped:
                if self._first_change is None:
                    self._wake.wait()
                    continue
                due = max(min(self._last_change + QUIET, self._first_change + MAX_WAIT), self._not_before)
                if time.monotonic() >= due:
                    return True
                self._wake.wait(due - time.monotonic())
            return False

    def _save(self):
        started = time.monotonic()
        with self.state.lock:
            with self._wake:
                self._first_change = self._last_change = None
            snapshot = self.state.to_json()  # fresh dicts and strings: safe to encode unlocked
        try:
            write_atomically(self.path, json.dumps(snapshot, indent=1, sort_keys=True))
        except (OSError, ValueError) as exc:
            self.log("* state not saved to %s: %s" % (self.path, exc))
            self.changed()  # try again, not at once: the cause may last
            self._not_before = time.monotonic() + MAX_WAIT
            return
        self.saves += 1
        self._not_before = time.monotonic() + BACKOFF * (time.monotonic() - started)
