#!/usr/bin/env python3
"""`make demo`: start the bundled emulator on a free port, run examples/site.yml
with --diff twice, show that the second run changes nothing, stop the emulator."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "integration"))

from playbook_runner import collections_path  # noqa: E402


def main():
    password = "demo-" + secrets.token_hex(6)
    log = REPO / "build" / "demo-emulator.log"
    log.parent.mkdir(exist_ok=True)
    emulator = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "emulator" / "cgp-emulator"), "--host", "127.0.0.1",
         "--port", "0", "--user", "postmaster", "--password", password, "--main-domain", "demo.test",
         "--log", str(log)],
        stdout=subprocess.PIPE, text=True)
    try:
        ready = emulator.stdout.readline().split()
        if len(ready) != 3 or ready[0] != "READY":
            sys.exit("emulator did not start: %r" % ready)
        host, port = ready[1], ready[2]
        print("demo: emulator listening on %s:%s, logging the commands it receives to %s"
              % (host, port, log.relative_to(REPO)), flush=True)
        env = dict(os.environ, CGP_HOST=host, CGP_PORT=port, CGP_USER="postmaster", CGP_PASSWORD=password,
                   ANSIBLE_COLLECTIONS_PATH=str(collections_path()), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_NOCOLOR="1")
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,",
                   str(REPO / "examples" / "site.yml"), "--diff"]
        for run in (1, 2):
            print("\ndemo: run %d of examples/site.yml" % run, flush=True)
            proc = subprocess.run(command, env=env, cwd=str(REPO), capture_output=True, text=True, check=False)
            print(proc.stdout + proc.stderr, flush=True)
            if proc.returncode != 0:
                sys.exit("demo: run %d failed (exit %d)" % (run, proc.returncode))
            changed = re.search(r"localhost\s*:.*changed=(\d+)", proc.stdout)
            if run == 2:
                if not changed or changed.group(1) != "0":
                    sys.exit("demo: the second run reported changes; it must report changed=0")
                print("demo: second run reported changed=0, as it should")
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)


if __name__ == "__main__":
    main()
