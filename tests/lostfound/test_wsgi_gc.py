"""The web process tunes its cycle collector as it loads (lostfound/wsgi.py)."""

import gc
import importlib
import sys


def test_the_web_process_counts_fewer_passes_and_freezes_what_it_loaded():
    thresholds = gc.get_threshold()
    sys.modules.pop("lostfound.wsgi", None)
    try:
        wsgi = importlib.import_module("lostfound.wsgi")
        assert gc.get_threshold() == wsgi.WEB_GC_THRESHOLDS
        assert wsgi.WEB_GC_THRESHOLDS[0] > thresholds[0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
