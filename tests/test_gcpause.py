"""The build and the analytics pause the cyclic garbage collector and give it back as they found it."""

from __future__ import annotations

import gc

import pytest

from kgraph.gcpause import cyclic_gc_paused


@pytest.fixture()
def collector_state():
    before = gc.isenabled()
    yield
    gc.enable() if before else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_it_was_after_even_on_error(enabled: bool, collector_state):
    gc.enable() if enabled else gc.disable()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("the block failed")
    assert gc.isenabled() is enabled
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
