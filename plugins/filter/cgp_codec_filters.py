# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CGP data-format codec as the filters cgp_encode and cgp_decode (docs in cgp_encode.yml, cgp_decode.yml)."""

from ansible.errors import AnsibleFilterError

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import json_safe


def cgp_encode(value):
    """A value as one line of CGP text (the form it takes on a CLI command line)."""
    try:
        return cgp_codec.dumps(value)
    except (cgp_codec.CGPEncodeError, TypeError, ValueError, RecursionError) as exc:
        raise AnsibleFilterError("cgp_encode: %s" % exc)


def cgp_decode(text, words=False):
    """CGP text as JSON-friendly data; with words, a white-space separated sequence as a list."""
    if not isinstance(words, bool):
        raise AnsibleFilterError("cgp_decode: words must be true or false, not %r" % (words,))
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "surrogateescape")
    if not isinstance(text, str):
        kind = (
            "a dictionary"
            if isinstance(text, dict)
            else "a list"
            if isinstance(text, (list, tuple))
            else ("null" if text is None else type(text).__name__)
        )
        raise AnsibleFilterError("cgp_decode: the input must be CGP text (a string), not %s" % kind)
    try:
        value = cgp_codec.loads_words(text) if words else cgp_codec.loads(text)
    except cgp_codec.CGPDecodeError as exc:
        raise AnsibleFilterError("cgp_decode: %s" % exc)
    return json_safe(value)


class FilterModule:
    """communigate.pro.cgp_encode and communigate.pro.cgp_decode."""

    def filters(self):
        return {"cgp_encode": cgp_encode, "cgp_decode": cgp_decode}
