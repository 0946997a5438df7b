"""Codec throughput: CGP loads/dumps next to json on the same data, in one run."""

import json
import random
import time

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec

ACCOUNTS = 20000


def account_settings(rng, index):
    """A dictionary of settings as GetAccountSettings returns them for a typical account."""
    return {
        "RealName": "User Number %d" % index,
        "MaxAccountSize": "%dM" % rng.choice((50, 100, 500, 1024)),
        "MaxMailboxes": str(rng.randint(10, 500)),
        "ServiceClass": rng.choice(("mailonly", "standard", "premium")),
        "AccessModes": rng.choice(("All", "None", "default")),
        "PasswordEncryption": "A-crpt",
        "Password": "%032x" % rng.getrandbits(128),
        "RulesAllowed": "Filter Only",
        "ou": "Department %d" % rng.randint(1, 40),
        "l": rng.choice(("Berlin", "Paris", "New York", "Sao Paulo")),
        "WorkPhone": "+1 555 %07d" % rng.randint(0, 9999999),
        "PasswordComplexity": "MixedCaseDigit",
        "CanModifyPassword": rng.choice(("YES", "NO")),
        "Comment": 'imported from "legacy" system\\batch %d' % rng.randint(1, 9),
        "AddressBook": "Enabled",
        "HomePage": "https://www.example.com/~user%05d/" % index,
        "Signature": "-- \nUser Number %d\nDepartment %d, +1 555 0100" % (index, rng.randint(1, 40)),
    }


def make_document(accounts=ACCOUNTS, seed=1):
    rng = random.Random(seed)
    return {"user%05d@example.com" % i: account_settings(rng, i) for i in range(accounts)}


def best_of(func, arg, repeat=3):
    best = None
    for _round in range(repeat):
        start = time.perf_counter()
        func(arg)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    document = make_document()
    cgp_text = cgp_codec.dumps(document)
    json_text = json.dumps(document)
    assert cgp_codec.loads(cgp_text) == document
    mb_cgp = len(cgp_text.encode("utf-8")) / 1e6
    mb_json = len(json_text.encode("utf-8")) / 1e6
    rows = [
        ("cgp_codec.loads", mb_cgp, best_of(cgp_codec.loads, cgp_text)),
        ("json.loads", mb_json, best_of(json.loads, json_text)),
        ("cgp_codec.dumps", mb_cgp, best_of(cgp_codec.dumps, document)),
        ("json.dumps", mb_json, best_of(json.dumps, document)),
    ]
    print("codec: %d accounts, CGP text %.1f MB, JSON text %.1f MB (best of 3)" % (ACCOUNTS, mb_cgp, mb_json))
    print("  %-18s %10s %10s" % ("operation", "seconds", "MB/s"))
    for name, size, seconds in rows:
        print("  %-18s %10.3f %10.1f" % (name, seconds, size / seconds))
    print(
        "  loads: cgp_codec is %.1fx slower than json; dumps: %.1fx"
        % (rows[0][2] / rows[1][2], rows[2][2] / rows[3][2])
    )


if __name__ == "__main__":
    main()
