"""Settings for the scale benchmark's server: the test settings plus the floor pages.

The floor pages (`bench/urls.py`) exist only here, never in the product's URLs.
"""

from itsm.settings_test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
