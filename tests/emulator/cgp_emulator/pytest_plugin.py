# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pytest fixtures: ``cgp_emulator`` and ``cgp_emulator_factory``.

def test_x(cgp_emulator):            # fresh in-process emulator,
    cgp_emulator.port                # admin postmaster / "adminsecret"

def test_y(cgp_emulator_factory):
    emu = cgp_emulator_factory(drop_after=2, subprocess=True)
"""

import pytest

from . import testing


@pytest.fixture
def cgp_emulator():
    """A fresh in-process emulator (main domain example.test)."""
    handle = testing.start_in_process(user="postmaster", password="adminsecret", main_domain="example.test")
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def cgp_emulator_factory():
    """factory(subprocess=False, **options) -> handle; every emulator is stopped at teardown."""
    started = []

    def factory(subprocess=False, **options):
        start = testing.start_subprocess if subprocess else testing.start_in_process
        handle = start(**options)
        started.append(handle)
        return handle

    try:
        yield factory
    finally:
        for handle in started:
            handle.stop()
