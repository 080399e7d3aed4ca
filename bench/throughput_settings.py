"""The application's settings with one more URL, a trivial view (bench/throughput.py)."""

from config.settings import *  # noqa: F403 (the same settings, one change)

ROOT_URLCONF = "throughput_urls"
