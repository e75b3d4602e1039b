"""The ``ipcorpus`` command: a thin click layer over the library.

Each command lives in its own module of this package and imports its stage lazily, so that start-up
stays fast and torch is never imported unless a sentence-transformers model is asked for.
Errors meant for the user are :class:`ipcorpus.errors.IpcorpusError`; they print as one line and exit 1.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from ipcorpus import __version__
from ipcorpus.errors import IpcorpusError, os_error_message

# command name -> (module, attribute); loaded only when the command runs or --help lists it
_COMMANDS: dict[str, tuple[str, str]] = {
    "split": ("ipcorpus.cli.split_cmd", "split"),
    "align": ("ipcorpus.cli.align_cmd", "align"),
    "eval": ("ipcorpus.cli.eval_cmd", "eval_cmd"),
    "glossary": ("ipcorpus.cli.glossary_cmd", "glossary"),
    "term": ("ipcorpus.cli.term_cmd", "term"),
    "run": ("ipcorpus.cli.run_cmd", "run"),
    "report": ("ipcorpus.cli.report_cmd", "report"),
    "batch": ("ipcorpus.cli.batch_cmd", "batch"),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS:
            module, attr = _COMMANDS[cmd_name]
            try:
                return getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError as exc:  # a command whose module is not written yet
                if exc.name == module:
                    return None
                raise
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        _ingest_notes()  # forget earlier counts (several commands in one process, as in the tests)
        try:
            result = super().invoke(ctx)
        except IpcorpusError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:  # the reader went away (`ipcorpus term 质押 | head`): stop quietly
            _silence_stdout()
            raise click.exceptions.Exit(141) from None
        except OSError as exc:  # a permission error, an immutable file, a full disk: not a bug
            if os.environ.get("IPCORPUS_DEBUG"):
                raise
            raise click.ClickException(os_error_message(exc)) from exc
        except Exception as exc:  # a bug or a broken installation: one line, the details on request
            if os.environ.get("IPCORPUS_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (run with IPCORPUS_DEBUG=1 for the traceback, "
                "and please report it)"
            ) from exc
        for note in _ingest_notes():
            click.echo(f"note: {note}", err=True)
        return result


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured output)
        pass


def _ingest_notes() -> list[str]:
    """The notes of :mod:`ipcorpus.notes` (characters removed per file, sentences cut), when anything
    recorded one; the module is not imported otherwise, so that ``term`` stays light."""
    notes = sys.modules.get("ipcorpus.notes")
    return notes.take_notes() if notes is not None else []


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ipcorpus")
def cli() -> None:
    """Chinese-English parallel corpora for intellectual-property documents.

    \b
    Typical use:
      ipcorpus run whitepaper.txt -o out/        the whole pipeline: TMX, glossary, term base
      ipcorpus split whitepaper.txt -o units.jsonl
      ipcorpus align zh.txt --en en.txt -o memory.tmx
      ipcorpus glossary build memory.tmx -o glossary.tbx
      ipcorpus term 质押
      ipcorpus eval --gold gold/ --test out/
    """


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script. Returns the exit code (0 ok, 1 failure, 2 usage error)."""
    try:
        cli.main(args=argv, prog_name="ipcorpus", standalone_mode=True)
    except SystemExit as exc:  # click exits through SystemExit in standalone mode
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
