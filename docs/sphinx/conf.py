# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sphinx configuration of the docs site (`make docs`; the pages come from antsibull-docs).

Based on what `antsibull-docs sphinx-init` writes, but the build never uses the network:
the few labels of the Ansible documentation that antsibull-docs' pages refer to resolve
through an inventory written here from ANSIBLE_DOCS_LABELS (a local file, so intersphinx
fetches nothing), and links point to docs.ansible.com.
"""

import os
import zlib

project = "communigate.pro"
copyright = "CommuniGate Pro collection contributors"  # pylint: disable=redefined-builtin
title = "CommuniGate Pro Collection for Ansible"
html_short_title = "communigate.pro"

extensions = ["sphinx.ext.intersphinx", "sphinx_antsibull_ext"]

pygments_style = "ansible"
highlight_language = "YAML+Jinja"
html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
default_role = "any"
nitpicky = True

ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/devel/"
# label -> (page, title) in the Ansible documentation.
ANSIBLE_DOCS_LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
}


def _write_inventory(path):
    """A Sphinx objects.inv (version 2) holding ANSIBLE_DOCS_LABELS as std:label entries."""
    lines = "".join("%s std:label -1 %s#$ %s\n" % (label, page, name)
                    for label, (page, name) in sorted(ANSIBLE_DOCS_LABELS.items()))
    header = ("# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
              "# The remainder of this file is compressed using zlib.\n")
    with open(path, "wb") as out:
        out.write(header.encode("utf-8") + zlib.compress(lines.encode("utf-8")))
    return path


_INVENTORY = _write_inventory(os.path.join(os.environ.get("CGP_DOCS_WORK_DIR", "."), "ansible-devel.inv"))
intersphinx_mapping = {"ansible_devel": (ANSIBLE_DOCS, _INVENTORY)}
intersphinx_timeout = 1
