# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refresh a copy of the collection inside an ``ansible_collections`` tree.

Usage (``make collection-tree`` runs it from the repository root)::

    python tests/utils/sync_collection_tree.py DEST

DEST (e.g. ``build/ansible_collections/communigate/pro``) becomes a copy of
the files git sees in the repository: ``git ls-files --cached --others
--exclude-standard``, i.e. committed and new uncommitted files, but not
ignored ones.  Files that are no longer in that list are removed from DEST,
unchanged files (same size and modification time) are not copied again, and
symbolic links are copied as links.  Only git and the Python standard library
are needed (no rsync).

DEST is also made a git work tree of its own (``git init``, no commits), with
the copied ``.gitignore``: ansible-test finds its files with ``git ls-files``
in the nearest enclosing git work tree, which would otherwise be this
repository, in which ``build/`` is ignored, and it would then find no files
at all.  DEST's ``.git`` and ``tests/output`` (ansible-test's results) are
kept across refreshes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Top-level paths in DEST that are not part of the copy and are left alone.
PRESERVED = ('.git', 'tests/output')


def git_visible_files(root: Path) -> set[str]:
    """Return the relative paths of the files git sees under ``root``."""
    output = subprocess.run(
        ['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        cwd=root,
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    names = {name for name in output.decode('utf-8', 'surrogateescape').split('\0') if name and not name.endswith('/')}
    # Files deleted from the work tree but still in the index are listed too: skip them.
    return {name for name in names if os.path.lexists(root / name)}


def same_file(source: Path, target: Path) -> bool:
    """Return True if ``target`` is an up-to-date copy of ``source``."""
    if source.is_symlink() or target.is_symlink():
        return source.is_symlink() and target.is_symlink() and os.readlink(source) == os.readlink(target)
    if not target.is_file():
        return False
    source_stat, target_stat = source.stat(), target.stat()
    return source_stat.st_size == target_stat.st_size and source_stat.st_mtime_ns == target_stat.st_mtime_ns


def remove(path: Path) -> None:
    """Remove a file, link or directory tree."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def sync(source_root: Path, dest_root: Path) -> tuple[int, int]:
    """Make ``dest_root`` mirror the git-visible files of ``source_root``; return (copied, removed)."""
    wanted = git_visible_files(source_root)
    wanted_dirs = {str(parent) for name in wanted for parent in Path(name).parents if str(parent) != '.'}
    copied = removed = 0

    dest_root.mkdir(parents=True, exist_ok=True)

    # Remove stale entries (deepest first, so directories are empty when reached).
    for current, dirs, files in os.walk(dest_root, topdown=False):
        for name in files + dirs:
            path = Path(current, name)
            relative = str(path.relative_to(dest_root))
            if any(
                relative == keep or relative.startswith(keep + '/') or keep.startswith(relative + '/')
                for keep in PRESERVED
            ):
                continue
            keep = relative in wanted if (path.is_symlink() or not path.is_dir()) else relative in wanted_dirs
            if not keep:
                remove(path)
                removed += 1

    for name in sorted(wanted):
        source, target = source_root / name, dest_root / name
        if same_file(source, target):
            continue
        if target.is_dir() and not target.is_symlink():
            remove(target)
        elif target.is_symlink() or target.exists():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
        copied += 1

    if not (dest_root / '.git').exists():
        subprocess.run(['git', '-c', 'init.defaultBranch=main', 'init', '--quiet', str(dest_root)], check=True)

    return copied, removed


def main(argv: list[str]) -> int:
    """Command line entry point."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dest = Path(argv[0])
    if not dest.is_absolute():
        dest = Path.cwd() / dest
    if REPO_ROOT == dest or (REPO_ROOT in dest.parents and dest.relative_to(REPO_ROOT).parts[0] != 'build'):
        print(f'refusing to sync into {dest}: it must be outside the repository or under build/', file=sys.stderr)
        return 2
    toplevel = subprocess.run(
        ['git', 'rev-parse', '--show-toplevel'], cwd=REPO_ROOT, check=False, stdout=subprocess.PIPE, text=True
    ).stdout.strip()
    if not toplevel or Path(toplevel).resolve() != REPO_ROOT:
        print(f'refusing to sync: {REPO_ROOT} is not the top of a git work tree', file=sys.stderr)
        return 2
    copied, removed = sync(REPO_ROOT, dest)
    print(f'collection tree {dest}: {copied} file(s) copied, {removed} stale path(s) removed')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
