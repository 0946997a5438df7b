# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CLI reference's sample PWD session (reference lines 251-311), replayed byte for byte.

Only the banner differs from the reference: it names the emulator's version
(6.3, the reference shows 5.3) and carries an APOP token.  client2.com is not
created in the sample but appears in its LISTDOMAINS output, so it is
created beforehand.
"""

import re

from cgp_emulator.state import Domain
from cgp_emulator.testing import RawClient

SESSION = [
    ("USER postmaster", ["300 please send the PASS"]),
    ("PASS postmasterpassword", ["200 login OK"]),
    ('CreateAccount "user1"', ["200 OK"]),
    ('CreateAccount "user1"', ["501 Account with this name already exists"]),
    ('RenameAccount "user1" into "user2"', ["200 OK"]),
    ('CreateDomain "client1.com"', ["200 OK"]),
    ('CreateAccount "user1@client1.com" TextMailbox', ["200 OK"]),
    ("ListDomains", ["200 data follow", "(mail.servername.com, client1.com, client2.com)"]),
    ("QUIT", ["200 CommuniGate Pro PWD connection closed"]),
]


def test_reference_sample_session(cgp_emulator_factory):
    emu = cgp_emulator_factory(main_domain="mail.servername.com", password="postmasterpassword")
    with emu.state.lock:
        emu.state.domains["client2.com"] = Domain(name="client2.com")
    with RawClient(emu) as pwd:
        assert re.match(
            r"200 CommuniGate Pro at mail\.servername\.com PWD Server [0-9.]+ ready"
            r" <[0-9]+\.[0-9]+@mail\.servername\.com>\Z",
            pwd.banner,
        )
        for command, replies in SESSION:
            pwd.send_raw(command + "\n")
            for reply in replies:
                assert pwd.read_raw_line() == (reply + "\r\n").encode()
        assert pwd.read_raw_line() == b""
    accounts = emu.state.domains["mail.servername.com"].accounts
    assert sorted(accounts) == ["postmaster", "user2"]
    assert emu.state.domains["client1.com"].accounts["user1"].type == "TextMailbox"
