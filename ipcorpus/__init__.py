"""ipcorpus: a Chinese-English parallel-corpus toolkit for intellectual-property documents.

Pipeline: ingest -> segment -> embed -> align -> export / terms / evaluate.
Each stage is a subpackage; the CLI (``ipcorpus.cli``) is a thin layer over them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ipcorpus")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
