"""``python -m eventmap.render [--check]``: fetch (or check) the assets of offline maps into the cache."""
import sys

from .assets import main

sys.exit(main())
