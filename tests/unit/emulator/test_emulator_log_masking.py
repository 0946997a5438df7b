# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command log never shows a secret: the collection's definition of one, at any depth."""

import os
import subprocess
import sys

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec, cgp_secrets
from cgp_emulator import masking
from cgp_emulator.testing import RawClient

EMULATOR_DIR = os.path.dirname(os.path.dirname(masking.__file__))


def secret(tag):
    return "S3cr3t-%s-value" % tag


def run_all(emu, lines):
    with RawClient(emu) as pwd:
        assert pwd.login() == "200 login OK"
        assert pwd.command("INLINE") == "200 inline mode set"
        return [pwd.command(line) for line in lines]


def test_the_log_masks_what_the_collection_calls_a_secret(cgp_emulator):
    settings = {
        "RealName": "Kept",
        "CanModifyPassword": "NO",
        "UseAppPassword": "YES",
        "AppPassword": secret("app"),
        "RadiusSecret": secret("radius"),
        "Deep": [{"TLSPrivateKey": secret("key")}, {"x": {"password": secret("deep")}}],
    }
    replies = run_all(
        cgp_emulator, ["CREATEACCOUNT masked", "UPDATEACCOUNTSETTINGS masked " + cgp_codec.dumps(settings)]
    )
    assert replies == ["200 OK", "200 OK"]
    log = cgp_emulator.read_log()
    for tag in ("app", "radius", "key", "deep"):
        assert secret(tag) not in log
    assert "RealName=Kept" in log and "CanModifyPassword=NO" in log and "UseAppPassword=YES" in log
    assert cgp_emulator.state.domains["example.test"].accounts["masked"].settings["AppPassword"] == secret("app")


def test_secrets_of_every_kind_of_command_stay_out_of_the_log(cgp_emulator):
    records = {"pop1": {"authName": "me", "domain": "pop.test", "password": secret("rpop"), "period": "10m"}}
    lines = [
        "CREATEDOMAIN d.test",
        "CREATEACCOUNT u@d.test {Password=%s;}" % secret("create"),
        "SETACCOUNTPASSWORD u@d.test PASSWORD %s" % secret("set"),
        "SETACCOUNTPASSWORD u@d.test password %s NAME phone" % secret("tag"),
        "VERIFYACCOUNTPASSWORD u@d.test PASSWORD %s" % secret("set"),
        "SETACCOUNTRPOPS u@d.test " + cgp_codec.dumps(records),
        "SETACCOUNTRIMAPS u@d.test " + cgp_codec.dumps({"imap1": dict(records["pop1"], password=secret("rimap"))}),
        "UPDATEACCOUNTTEMPLATE d.test {Password=%s;}" % secret("template"),
        "SETACCOUNTDEFAULTS d.test {Password=%s;}" % secret("defaults"),
        "UPDATESERVERACCOUNTDEFAULTS {Password=%s;}" % secret("server"),
        "BLESSSESSION 0123abcd PASSWORD %s" % secret("bless"),
        "GETACCOUNTSETTINGS u@d.test",
        "GETACCOUNTEFFECTIVESETTINGS u@d.test",
        "GETACCOUNTRPOPS u@d.test",
    ]
    replies = run_all(cgp_emulator, lines)
    assert replies[:7] == ["200 OK"] * 7
    log = cgp_emulator.read_log()
    for tag in ("create", "set", "tag", "rpop", "rimap", "template", "defaults", "server", "bless"):
        assert secret(tag) not in log, tag
    assert "0123abcd" not in log  # a session ID is a credential too
    assert "authName=me" in log  # the rest of a record is still shown


def test_mask_words_adds_the_command_line_rules_to_the_collections():
    words = ["u", "PASSWORD", "pw", {"Password": "x", "Members": ["a"]}, ["(", {"privatekey": b"k"}]]
    assert masking.mask_words("SETACCOUNTPASSWORD", words) == [
        "u",
        "PASSWORD",
        masking.MASK,
        {"Password": masking.MASK, "Members": ["a"]},
        ["(", {"privatekey": masking.MASK}],
    ]
    assert masking.mask_words("KILLSESSION", ["id", "DOMAIN", "d"]) == [masking.MASK, "DOMAIN", "d"]
    assert masking.MASK == cgp_secrets.MASK


def test_the_emulator_loads_only_the_codec_and_cgp_secrets_of_the_collection():
    code = (
        "import sys; import cgp_emulator.server, cgp_emulator.registry as r; r.load_handlers(); "
        "print('\\n'.join(sorted(n for n, m in sys.modules.items() "
        "if 'module_utils' in (getattr(m, '__file__', '') or '') or n.startswith('ansible'))))"
    )
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    loaded = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == ["cgp_emulator._cgp_codec", "cgp_emulator._cgp_secrets"]
