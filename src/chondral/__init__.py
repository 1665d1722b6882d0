"""chondral: decision support for arthroscopic hip microfracture.

The top-level package imports nothing heavy; use the subpackages (``chondral.domain``,
``chondral.rules``, ``chondral.io`` ...) or the command line (``chondral --help``).
"""

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
