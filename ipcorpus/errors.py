"""Errors that reach the user as one clear line (the CLI turns them into exit code 1)."""


class IpcorpusError(Exception):
    """A problem with the user's input or environment, worded for the user.

    The message must make sense on its own, on one line, and name the file or option at fault.
    """


class InputError(IpcorpusError):
    """An input file cannot be read, decoded or parsed."""


class ModelError(IpcorpusError):
    """An encoder model cannot be found or loaded (never fetched from the network)."""
