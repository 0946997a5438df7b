# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The look-up indexes (account aliases, domain aliases, telnums, the sorted listing) follow
every change, so look-ups and name collisions give the same answers as a full scan would."""

import pytest

from cgp_emulator.testing import RawClient

ALIAS_EXISTS = "501 alias with this name already exists"
DOMAIN_EXISTS = "501 domain with this name already exists"
TELNUM_EXISTS = "501 telnum already exists"


class Admin:
    """An INLINE administrator session: ok() for 200 OK, data() for 201 answers."""

    def __init__(self, emu):
        self.pwd = RawClient(emu)
        assert self.pwd.login() == "200 login OK"
        assert self.pwd.command("INLINE") == "200 inline mode set"

    def ok(self, *lines):
        for line in lines:
            assert self.pwd.command(line) == "200 OK", line

    def data(self, line):
        code, value = self.pwd.call(line)
        assert code == 201, (line, value)
        return value

    def command(self, line):
        return self.pwd.command(line)


@pytest.fixture
def admin(cgp_emulator):
    session = Admin(cgp_emulator)
    yield session
    session.pwd.close()


def test_account_aliases_follow_set_rename_and_delete(admin):
    admin.ok("CREATEDOMAIN d2.test", "CREATEACCOUNT a", "SETACCOUNTALIASES a (x, y)")
    assert admin.command("CREATEACCOUNT x") == ALIAS_EXISTS
    assert admin.data("ROUTE x@example.test") == ["LOCAL", "a@example.test", "INBOX"]
    admin.ok("SETACCOUNTALIASES a (y, z)", "CREATEFORWARDER x TO out@remote.test")  # x is free again
    assert admin.command("CREATEACCOUNT z") == ALIAS_EXISTS
    admin.ok("RENAMEACCOUNT a INTO a2")
    assert admin.command("CREATEGROUP y") == ALIAS_EXISTS
    assert admin.data("ROUTE y@example.test") == ["LOCAL", "a2@example.test", "INBOX"]
    admin.ok("RENAMEACCOUNT a2 INTO b@d2.test", "CREATEACCOUNT y")  # the aliases moved
    assert admin.command("CREATEACCOUNT z@d2.test") == ALIAS_EXISTS
    assert admin.data("ROUTE z@d2.test") == ["LOCAL", "b@d2.test", "INBOX"]
    assert admin.data("LISTDOMAINOBJECTS d2.test 10 ALIASES") == ["1", {"y": ["b"], "z": ["b"]}, "2", "0"]
    admin.ok("DELETEACCOUNT b@d2.test", "CREATEACCOUNT z@d2.test")
    assert admin.data("LISTDOMAINOBJECTS d2.test 10") == ["1", {"z": "macnt"}, "0", "0"]


def test_domain_aliases_follow_set_rename_and_delete(admin):
    admin.ok("CREATEDOMAIN d2.test", "CREATEACCOUNT u@d2.test", "SETDOMAINALIASES d2.test (one.test, two.test)")
    assert admin.command("CREATEDOMAIN one.test") == DOMAIN_EXISTS
    assert admin.data("LISTACCOUNTS one.test") == {"u": "macnt"}
    admin.ok("SETDOMAINALIASES d2.test (two.test)", "CREATEDOMAIN one.test")
    assert admin.data("LISTACCOUNTS one.test") == {}
    admin.ok("RENAMEDOMAIN d2.test INTO d3.test")
    assert admin.data("LISTACCOUNTS two.test") == {"u": "macnt"}
    assert admin.data("GETDOMAINALIASES two.test") == ["two.test"]
    admin.ok("DELETEDOMAIN d3.test FORCE", "CREATEDOMAIN two.test")
    assert admin.data("LISTACCOUNTS two.test") == {}
    assert admin.command("LISTACCOUNTS d3.test") == "512 Unknown secondary domain name"


def test_telnums_follow_set_modify_rename_and_delete(admin):
    admin.ok("CREATEACCOUNT u", "CREATEACCOUNT v", 'SETACCOUNTTELNUMS u ("100", "101")')
    assert admin.command('SETACCOUNTTELNUMS v ("100")') == TELNUM_EXISTS
    admin.ok('SETACCOUNTTELNUMS u ("101")', 'SETACCOUNTTELNUMS v ("100")')
    assert admin.data("MODIFYACCOUNTTELNUMS v {op=pop;}") == {"telnum": "100"}
    assert admin.data('MODIFYACCOUNTTELNUMS u {op=add;telnum="100";}') == {}
    assert admin.data('MODIFYACCOUNTTELNUMS u {op=del;telnum="101";}') == {}
    admin.ok("RENAMEACCOUNT u INTO w")
    assert admin.command('SETACCOUNTTELNUMS v ("100")') == TELNUM_EXISTS  # w still owns it
    admin.ok("DELETEACCOUNT w", 'SETACCOUNTTELNUMS v ("100", "101")')
    admin.ok("CREATEDOMAIN t.test", "CREATEACCOUNT x@t.test", 'SETACCOUNTTELNUMS x@t.test ("200")')
    assert admin.command('SETACCOUNTTELNUMS v ("200")') == TELNUM_EXISTS
    admin.ok("DELETEDOMAIN t.test FORCE", 'SETACCOUNTTELNUMS v ("200")')
    assert admin.data("LISTSERVERTELNUMS 10") == {"200": "v", "": 1}


def test_the_listing_follows_changes_between_pages(admin):
    admin.ok("CREATEDOMAIN d.test", "CREATEACCOUNT b@d.test", "CREATEACCOUNT d@d.test", "CREATEACCOUNT f@d.test")
    first = admin.data('LISTDOMAINOBJECTS d.test 2 COOKIE ""')
    assert first[1] == {"b": "macnt", "d": "macnt"} and first[4] == "d"
    admin.ok("CREATEACCOUNT a@d.test", "CREATEFORWARDER e@d.test TO x@y.test", "SETACCOUNTTYPE f@d.test AGrade")
    assert admin.data('LISTDOMAINOBJECTS d.test 5 COOKIE "d"') == [
        "4",
        {"e": [["x@y.test"]], "f": "agrd"},
        "0",
        "1",
        "",
    ]
    admin.ok("RENAMEFORWARDER e@d.test INTO c@d.test", "SETACCOUNTALIASES f@d.test (g)", "DELETEACCOUNT b@d.test")
    assert admin.data("LISTDOMAINOBJECTS d.test 10") == [
        "3",
        {"a": "macnt", "c": [["x@y.test"]], "d": "macnt", "f": "agrd", "g": ["f"]},
        "1",
        "1",
    ]
    assert admin.data("LISTDOMAINOBJECTS d.test FILTER G 10 ALIASES ACCOUNTS") == ["3", {"g": ["f"]}, "1", "1"]


def test_indexes_are_rebuilt_when_a_state_file_is_loaded(cgp_emulator_factory, tmp_path):
    state_file = str(tmp_path / "state.json")
    emu = cgp_emulator_factory(state_file=state_file)
    admin = Admin(emu)
    admin.ok(
        "CREATEDOMAIN d2.test",
        "SETDOMAINALIASES d2.test (alias2.test)",
        "CREATEACCOUNT u",
        "SETACCOUNTALIASES u (nick)",
        'SETACCOUNTTELNUMS u ("300")',
        "CREATEACCOUNT v",
    )
    admin.pwd.close()
    emu.stop()
    admin = Admin(cgp_emulator_factory(state_file=state_file))
    assert admin.command("CREATEDOMAIN alias2.test") == DOMAIN_EXISTS
    assert admin.command("CREATEFORWARDER nick TO x@y.test") == ALIAS_EXISTS
    assert admin.command('SETACCOUNTTELNUMS v ("300")') == TELNUM_EXISTS
    assert admin.data("LISTDOMAINOBJECTS example.test 10 ALIASES") == ["3", {"nick": ["u"]}, "1", "0"]
    admin.pwd.close()
