# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The older and abbreviated command names the vendor's own client libraries send.

A real server answers them (these libraries are used against live servers; research notes Q8),
so the emulator does too. Sources (read, not copied): the vendor's Perl CLI module CLI.pm 2.8.3
(communigate/communigate-cpanel-adaptor library/CLI.pm) and its PHP port CLI.php 1.0b5
(communigate/communigate-plesk-aps htdocs/CLI.php). The keyword forms (``SetAccountPassword ... TO``,
``CreateAccount ... external``) are in the handlers of those commands.
"""

from .registry import alias, command
from .cmd_domains import create_domain

# CLI.php sends these abbreviations.
alias("STACNT", "SETACCOUNTSETTINGS")
alias("GTACNTRGHT", "GETACCOUNTRIGHTS")
alias("STACNTRGHT", "SETACCOUNTRIGHTS")
alias("GTWUSR", "GETACCOUNTPREFS")
alias("STWUSR", "SETACCOUNTPREFS")
# CLI.pm (and CLI.php) keep the older names of the account preferences, the server account
# defaults and the rule commands.
alias("GETWEBUSER", "GETACCOUNTPREFS")
alias("SETWEBUSER", "SETACCOUNTPREFS")
alias("GETEFFECTIVEWEBUSER", "GETACCOUNTEFFECTIVEPREFS")
alias("GETALLACCOUNTSDEFAULTS", "GETSERVERACCOUNTDEFAULTS")
alias("UPDATEALLACCOUNTSDEFAULTS", "UPDATESERVERACCOUNTDEFAULTS")
alias("SETALLACCOUNTSDEFAULTS", "SETSERVERACCOUNTDEFAULTS")
alias("GETACCOUNTRULES", "GETACCOUNTMAILRULES")
alias("SETACCOUNTRULES", "SETACCOUNTMAILRULES")
alias("GETSERVERRULES", "GETSERVERMAILRULES")
alias("SETSERVERRULES", "SETSERVERMAILRULES")


@command("CREATESHAREDDOMAIN", sysadmin=True, write=True)
def create_shared_domain(ctx, args):
    """CLI.pm's CreateSharedDomain name [settings]: CREATEDOMAIN name SHARED [settings]."""
    args.words.insert(args.pos + 1, "SHARED")
    create_domain(ctx, args)
