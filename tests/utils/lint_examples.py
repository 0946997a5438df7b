# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write every module's EXAMPLES as a playbook under build/examples-lint/ so that
ansible-lint checks them like any other playbook (`make lint` runs it)."""

import ast
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


class _IndentedDumper(yaml.SafeDumper):
    """Indent block sequences inside mappings, as yamllint expects."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def examples_of(path):
    """The EXAMPLES string of a module file, read without importing it."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return node.value.value
    return None


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "examples-lint"
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.yml"):
        stale.unlink()
    count = 0
    for module in sorted((REPO / "plugins" / "modules").glob("*.py")):
        text = examples_of(module)
        if not text:
            sys.exit("%s has no EXAMPLES" % module.relative_to(REPO))
        tasks = yaml.safe_load(text)
        play = [{"name": "Examples of %s" % module.stem, "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
        (out / ("%s.yml" % module.stem)).write_text(
            "---\n" + yaml.dump(play, Dumper=_IndentedDumper, sort_keys=False, width=1000)
        )
        count += 1
    print("lint_examples: %d modules' EXAMPLES written to %s" % (count, out))


if __name__ == "__main__":
    main()
