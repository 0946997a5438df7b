# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cgp-emulator command: options, the READY line, clean stop on SIGTERM / SIGINT."""

import argparse
import signal
import sys
import threading

from .server import EmulatorServer


def build_parser():
    parser = argparse.ArgumentParser(
        prog="cgp-emulator", description="CommuniGate Pro PWD/CLI server emulator (for tests and demos only)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default 0: a free port)")
    parser.add_argument("--user", default="postmaster", help="administrator login (default postmaster)")
    parser.add_argument("--password", required=True, help="administrator password")
    parser.add_argument("--main-domain", default="example.test", help="main domain (default example.test)")
    parser.add_argument("--tls-cert", help="PEM certificate: speak TLS from the first byte")
    parser.add_argument("--tls-key", help="PEM private key (if not inside --tls-cert)")
    parser.add_argument(
        "--state",
        help="JSON state file: loaded at start, saved when a burst of writes ends "
        "(within about 2 s during long bursts) and at a clean stop",
    )
    parser.add_argument("--log", help="command log file (default stderr)")
    parser.add_argument(
        "--delay-ms",
        type=int,
        default=0,
        help="link latency: send each reply this long after its command arrived (banner too); "
        "pipelined commands are read and run meanwhile",
    )
    parser.add_argument(
        "--drop-after", type=int, default=None, help="close a connection abruptly after N commands on it"
    )
    parser.add_argument(
        "--fail-command",
        action="append",
        default=[],
        metavar="VERB",
        help="answer VERB with '500 injected failure' (repeatable)",
    )
    return parser


def server_from_args(args):
    return EmulatorServer(
        host=args.host,
        port=args.port,
        user=args.user,
        password=args.password,
        main_domain=args.main_domain,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        state_file=args.state,
        log=args.log,
        delay_ms=args.delay_ms,
        drop_after=args.drop_after,
        fail_command=args.fail_command,
    )


def main(argv=None):
    args = build_parser().parse_args(argv)
    server = server_from_args(args).bind()
    done = threading.Event()

    def on_signal(signum, frame):  # pylint: disable=unused-argument
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    sys.stdout.write("READY %s %d\n" % (server.host, server.port))
    sys.stdout.flush()
    while not done.wait(0.5):
        pass
    server.stop()
    return 0
